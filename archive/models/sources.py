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
    aliases = models.JSONField(
        _("aliases"), default=list, blank=True,
        help_text=_("Other names and hosts under which records and pages name this publication "
                    "(“X Opinion”, “hosted.example.org”), one per line: imports file them here."),
    )
    feed_urls = models.JSONField(_("feed URLs"), default=list, blank=True,
                                 help_text=_("RSS or Atom feeds polled by the capture schedule."))
    sitemap_urls = models.JSONField(_("sitemap URLs"), default=list, blank=True,
                                    help_text=_("Sitemaps (or sitemap indexes) polled too."))
    poll_minutes = models.PositiveIntegerField(
        _("poll interval (minutes)"), default=60,
        help_text=_("How often the schedule polls the feeds and sitemaps; 0 never."))
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True,
                                          editable=False)
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
