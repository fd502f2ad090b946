from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

LANGUAGES = [("fr", _("French")), ("en", _("English"))]


class Publication(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    homepage = models.URLField(_("homepage"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, blank=True)
    leaning = models.CharField(_("political leaning"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("publication-detail", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    publications = models.ManyToManyField(Publication, verbose_name=_("publications"),
                                          related_name="authors", blank=True)
    history = HistoricalRecords(m2m_fields=[publications])

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("author-detail", kwargs={"slug": self.slug})
