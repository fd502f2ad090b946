"""The article search document (haystack autodiscovers this module).

The index holds what search needs to find, filter, count and order articles; the page itself
is drawn from the database (the selector loads the Article rows of a page in one query), so the
body is indexed but not stored.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from haystack import indexes

from archive.models import (
    Article,
    ArticleChange,
    Author,
    Mention,
    Party,
    lineage_map,
    lineage_members,
)
from archive.search.analysis import STEMMED_FIELDS, stemmed_field_for


def party_lineages() -> dict[int, tuple[str, tuple[str, ...]]]:
    """party id -> (slug, slugs of every party whose lineage holds it), in two queries for
    all parties: the inverse of the models' ``lineage_map`` (the map the party pages use), so
    ``party_lineage=X`` finds exactly the articles naming a party of ``X.lineage()``."""
    slug = dict(Party.objects.values_list("pk", "slug"))
    members = lineage_members(lineage_map())
    return {pk: (slug[pk], tuple(sorted(slug[o] for o in members.get(pk, [pk]) if o in slug)))
            for pk in slug}


def utc_midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) if day else None


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Whole-value fields are comma-joined slugs (KEYWORD in the schema): one facet value each.
    text = indexes.CharField(document=True)
    text_fr = indexes.CharField(null=True)
    text_en = indexes.CharField(null=True)
    title = indexes.CharField(model_attr="title")
    article_id = indexes.IntegerField(model_attr="pk")
    language = indexes.CharField(model_attr="language")
    published = indexes.DateTimeField(null=True)
    year = indexes.CharField(null=True)
    month = indexes.CharField(null=True)
    figure = indexes.MultiValueField()
    party = indexes.MultiValueField()
    party_named = indexes.MultiValueField()
    party_lineage = indexes.MultiValueField()
    author = indexes.MultiValueField()
    publication = indexes.CharField(null=True)
    changed = indexes.CharField(null=True)  # "1": changed after publication (a re-capture)

    #: Seconds a lineage map is reused by prepare() outside a batch (see begin_batch).
    LINEAGE_TTL = 5.0

    def __init__(self) -> None:
        super().__init__()
        self._lineages: dict | None = None
        self._lineages_at = 0.0

    def get_model(self):
        return Article

    def index_queryset(self, using=None) -> QuerySet:
        """Published articles, with everything prepare() reads fetched in four queries (of
        mentions and authors only the columns prepare() reads: a deep queue's 5,000 articles
        are ~55,000 model instances)."""
        return (
            Article.objects.published()
            .select_related("publication")
            .prefetch_related(
                Prefetch("authors", queryset=Author.objects.only("pk", "slug")),
                Prefetch(
                    "mentions",
                    queryset=Mention.objects.active().select_related("figure").only(
                        "article_id", "figure_id", "party_id", "via_figure_id",
                        "figure__slug"),
                    to_attr="index_mentions",
                ),
            )
            .annotate(has_changes=Exists(ArticleChange.objects.filter(article=OuterRef("pk"))))
            .order_by("pk")
        )

    def begin_batch(self) -> None:
        """Read the party lineages once for the batch about to be prepared."""
        self._lineages = party_lineages()
        self._lineages_at = time.monotonic()

    def lineages(self) -> dict:
        if self._lineages is None or time.monotonic() - self._lineages_at > self.LINEAGE_TTL:
            self.begin_batch()
        return self._lineages

    def prepare(self, obj: Article) -> dict:
        """The whole document in one pass, from prefetched rows (no query per article when the
        object comes from index_queryset())."""
        mentions = getattr(obj, "index_mentions", None)
        if mentions is None:
            mentions = list(obj.mentions.filter(rejected=False).select_related("figure"))
        lineages = self.lineages()
        figures, parties, named, lineage = set(), set(), set(), set()
        for m in mentions:
            if m.figure_id:
                figures.add(m.figure.slug)
            elif m.party_id in lineages:
                party_slug, family = lineages[m.party_id]
                parties.add(party_slug)
                lineage.update(family)
                if not m.via_figure_id:
                    named.add(party_slug)
        text = "\n".join(part for part in (obj.title, obj.summary, obj.body) if part)
        stemmed = stemmed_field_for(obj.language)
        day = obj.published_on
        data = {
            "id": f"archive.article.{obj.pk}",
            "django_ct": "archive.article",
            "django_id": str(obj.pk),
            "text": text,
            **{name: (text if name == stemmed else None) for name in STEMMED_FIELDS.values()},
            "title": obj.title,
            "article_id": obj.pk,
            "language": obj.language or None,
            "published": utc_midnight(day),
            "year": f"{day.year:04d}" if day else None,
            "month": f"{day.year:04d}-{day.month:02d}" if day else None,
            "figure": sorted(figures),
            "party": sorted(parties),
            "party_named": sorted(named),
            "party_lineage": sorted(lineage),
            "author": [a.slug for a in obj.authors.all()],
            "publication": obj.publication.slug if obj.publication_id else None,
        }
        changed = getattr(obj, "has_changes", None)
        if changed is None:
            changed = obj.changes.exists()
        data["changed"] = "1" if changed else None
        self.prepared_data = data
        return data

    def full_prepare(self, obj: Article, with_string_facet: bool = True) -> dict:
        return self.prepare(obj)
