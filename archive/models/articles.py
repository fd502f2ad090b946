import hashlib

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.linebreaks import normalise_linebreaks
from archive.models.politics import Figure, Membership, Party
from archive.models.sources import LANGUAGES, Author, Publication
from archive.words import count_words

#: How many mentioned figures a result card names.
CARD_FIGURES = 4


def content_hash(title: str, body: str) -> str:
    """Identity of an article's text: whitespace-insensitive SHA-256 of title and body."""
    normalised = " ".join(title.split()) + "\n" + " ".join(body.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        return self.filter(status=Article.Status.PUBLISHED)

    def real(self) -> "ArticleQuerySet":
        return self.filter(is_synthetic=False)

    def mentioning(self, figure: Figure) -> "ArticleQuerySet":
        from archive.models.mentions import Mention

        return self.filter(
            Exists(Mention.objects.active().filter(article=OuterRef("pk"), figure=figure))
        )

    def of_party(self, party: Party, *, lineage: bool = True, sparse: bool = False
                 ) -> "ArticleQuerySet":
        """Articles that name the party (or, with `lineage`, any party of its lineage), or name
        a figure who belonged to one of those parties on the article's date.

        The two forms give the same articles and differ in what a "newest first, first N"
        query costs (with the newest-first index, PostgreSQL walks articles from the newest):
        by default each article is tested on its own, which stops after the first N when the
        party is in many articles; with `sparse` both sets are computed once (then a hash
        lookup per article), which is cheaper when the party is in few articles and the walk
        would go far. archive/selectors/parties.py picks one from the party's tally."""
        from archive.models.mentions import Mention

        party_ids = party.lineage_ids() if lineage else [party.pk]
        if sparse:
            named_ids = Mention.objects.active().filter(party_id__in=party_ids)
            member_then = Membership.covering(F("article__published_on"),
                                              prefix="figure__memberships__")
            via_ids = Mention.objects.active().filter(
                member_then, figure__memberships__party_id__in=party_ids)
            return self.filter(Q(pk__in=named_ids.values("article_id"))
                               | Q(pk__in=via_ids.values("article_id")))
        named = Mention.objects.active().filter(article=OuterRef("pk"), party_id__in=party_ids)
        member_then = Membership.objects.filter(
            Membership.covering(OuterRef(OuterRef("published_on"))),
            figure=OuterRef("figure"),
            party_id__in=party_ids,
        )
        via_figure = Mention.objects.active().filter(
            Exists(member_then), article=OuterRef("pk"), figure__isnull=False
        )
        return self.filter(Exists(named) | Exists(via_figure))

    def for_listing(self) -> "ArticleQuerySet":
        """What a result card shows: publication, authors and the figures it mentions most
        (one query each for the whole page)."""
        from archive.models.mentions import Mention

        figure_mentions = (Mention.objects.active().of_figures().select_related("figure")
                           .order_by("-count", "figure__name"))
        licensed = Capture.objects.exclude(licence="").order_by("-imported_at", "-id").only(
            "article_id", "licence", "origin", "source_url", "imported_at")
        return self.select_related("publication").prefetch_related(
            "authors",
            models.Prefetch("mentions", queryset=figure_mentions, to_attr="figure_mentions"),
            models.Prefetch("captures", queryset=licensed, to_attr="licensed_captures"),
        )

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-id")


class Article(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        DRAFT = "draft", _("draft (hidden)")
        WITHDRAWN = "withdrawn", _("withdrawn (hidden)")

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=200)
    canonical_url = models.URLField(_("canonical URL"), max_length=1000, null=True, blank=True)
    publication = models.ForeignKey(
        Publication, verbose_name=_("publication"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="articles",
    )
    authors = models.ManyToManyField(Author, verbose_name=_("authors"), through="ArticleAuthor",
                                     related_name="articles", blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    date_estimated = models.BooleanField(
        _("date estimated"), default=False,
        help_text=_("The date was inferred (from a hint or the context), not read from the page."),
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="fr")
    body = models.TextField(_("body"))
    summary = models.TextField(_("summary"), blank=True)
    word_count = models.PositiveIntegerField(_("word count"), default=0, editable=False)
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PUBLISHED)
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated for benchmarks, not a real article.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    mentions_detected_at = models.DateTimeField(
        _("mentions detected at"), null=True, blank=True, editable=False,
        help_text=_("When mention detection last read this text; empty until it has."),
    )
    history = HistoricalRecords(excluded_fields=["updated_at", "mentions_detected_at"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["canonical_url"], condition=Q(canonical_url__isnull=False),
                name="unique_canonical_url",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_on"]),
            models.Index(fields=["publication", "published_on"]),
            models.Index(fields=["language"]),
            models.Index(fields=["content_hash"]),
            models.Index(fields=["mentions_detected_at"], name="article_detected_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        from django.utils.text import slugify

        self.title = normalise_linebreaks(self.title)
        self.body = normalise_linebreaks(self.body)
        self.summary = normalise_linebreaks(self.summary)
        if not self.slug:
            self.slug = (slugify(self.title)[:200].strip("-")) or "article"
        self.word_count = count_words(self.body)
        self.content_hash = content_hash(self.title, self.body)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "word_count", "content_hash",
                                       "slug"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("article-detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def card_figures(self) -> list[Figure]:
        """The figures a result card names: the most mentioned first, from the prefetch of
        `for_listing` (nothing, and no query, without it)."""
        return [m.figure for m in getattr(self, "figure_mentions", [])[:CARD_FIGURES]]

    @property
    def rights(self) -> "Capture | None":
        """The latest capture that states a licence (with its origin): what the article page
        and the exports cite as the text's source and terms."""
        if hasattr(self, "licensed_captures"):
            return self.licensed_captures[0] if self.licensed_captures else None
        return self.captures.exclude(licence="").order_by("-imported_at", "-id").first()

    def ordered_authors(self) -> list[Author]:
        return list(self.authors.order_by("articleauthor__position"))


class ArticleAuthor(models.Model):
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE)
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("article author")
        verbose_name_plural = _("article authors")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article_id}"


class Capture(models.Model):
    """One retrieval of an article: where it came from, when, how it was read, and the text
    read then. Captures with different text are the article's versions."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="captures")
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    retrieved_at = models.DateTimeField(_("retrieved at"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    source_file = models.CharField(_("source file"), max_length=1000, blank=True)
    record_offset = models.BigIntegerField(_("WARC record offset"), null=True, blank=True)
    payload_hash = models.CharField(_("payload hash"), max_length=64)
    extractor = models.CharField(_("extractor"), max_length=100)
    extractor_version = models.CharField(_("extractor version"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("body"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    licence = models.CharField(
        _("licence"), max_length=300, blank=True,
        help_text=_("The terms under which this text may be reused, as its source states them."),
    )
    origin = models.CharField(
        _("origin"), max_length=500, blank=True,
        help_text=_("The collection or data set the text was taken from, when not the page "
                    "itself."),
    )

    class Meta:
        verbose_name = _("capture")
        verbose_name_plural = _("captures")
        ordering = ["imported_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "payload_hash"],
                                    name="unique_capture_payload"),
        ]

    def __str__(self) -> str:
        return f"{self.source_url or self.source_file} @ {self.retrieved_at or self.imported_at}"
