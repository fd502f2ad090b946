from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.models.articles import Article
from archive.models.politics import Figure, Party


class MentionQuerySet(models.QuerySet):
    def active(self) -> "MentionQuerySet":
        """Mentions that count: editors' rejections are kept only to survive re-detection."""
        return self.filter(rejected=False)

    def of_figures(self) -> "MentionQuerySet":
        return self.filter(figure__isnull=False)

    def of_parties(self) -> "MentionQuerySet":
        return self.filter(party__isnull=False)


class Mention(models.Model):
    class Source(models.TextChoices):
        DETECTED = "detected", _("detected")
        EDITOR = "editor", _("editor")

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="mentions")
    figure = models.ForeignKey(Figure, verbose_name=_("figure"), on_delete=models.CASCADE,
                               null=True, blank=True,
                               related_name="mentions")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.CASCADE,
                              null=True, blank=True,
                              related_name="mentions")
    count = models.PositiveIntegerField(_("count"), default=1)
    first_offset = models.PositiveIntegerField(_("first offset"), null=True, blank=True)
    matched_text = models.CharField(_("matched text"), max_length=200, blank=True)
    via_figure = models.ForeignKey(
        Figure, verbose_name=_("through figure"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Set when the party is derived from a figure's membership on the article's "
                    "date rather than named in the text."),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.DETECTED)
    rejected = models.BooleanField(
        _("rejected by an editor"), default=False,
        help_text=_("Kept so that re-detection does not bring the mention back."),
    )
    history = HistoricalRecords()

    objects = MentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.CheckConstraint(
                condition=Q(figure__isnull=False, party__isnull=True)
                | Q(figure__isnull=True, party__isnull=False),
                name="mention_figure_xor_party",
            ),
            models.UniqueConstraint(fields=["article", "figure"],
                                    condition=Q(figure__isnull=False),
                                    name="unique_figure_mention"),
            models.UniqueConstraint(fields=["article", "party"],
                                    condition=Q(party__isnull=False),
                                    name="unique_party_mention"),
        ]
        indexes = [
            models.Index(fields=["figure", "article"]),
            models.Index(fields=["party", "article"]),
        ]

    def __str__(self) -> str:
        return f"{self.figure or self.party} in {self.article_id}"

    @property
    def subject(self) -> Figure | Party:
        return self.figure or self.party
