from django.db import models
from django.utils.translation import gettext_lazy as _


class Tally(models.Model):
    """How many published articles fall in one bucket: a figure's or a party's month, a pair
    of figures named together, a party's members named while they belonged to it, a
    publication's or a language's month. Kept current by archive/tallies in the transaction
    of every change to an article or its mentions, so pages read them instead of grouping
    every mention (docs/serving.md, "Tallies")."""

    kind = models.CharField(_("kind"), max_length=40)
    subject = models.BigIntegerField(_("subject"), default=0)
    other = models.BigIntegerField(_("other"), default=0)
    #: yyyymm of the articles' date; 0 for undated articles and for buckets not by month.
    month = models.PositiveIntegerField(_("month"), default=0)
    articles = models.IntegerField(_("articles"), default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject", "other", "month"],
                                    name="tally_bucket"),
        ]
        indexes = [models.Index(fields=["kind", "month"], name="tally_kind_month")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}/{self.other} {self.month}: {self.articles}"


class TalliedArticle(models.Model):
    """What an article counted for when the tallies last counted it (no row: nothing, as
    for an unpublished article). A change is counted as the difference between these facts
    and the article's current ones. Not a foreign key: the row must outlive the article's
    deletion until the tallies have taken it out."""

    article_id = models.BigIntegerField(primary_key=True)
    published_on = models.DateField(null=True, blank=True)
    publication_id = models.BigIntegerField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    #: Ids of the figures and parties its active mentions name, space-separated.
    figures = models.TextField(blank=True)
    parties = models.TextField(blank=True)

    class Meta:
        verbose_name = _("tallied article")
        verbose_name_plural = _("tallied articles")

    def __str__(self) -> str:
        return f"article {self.article_id}"
