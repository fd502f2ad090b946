"""Articles of an export with what every format needs beside the row itself (authors,
mentions, captures, licence), fetched a batch at a time: a few queries per BATCH articles,
constant memory. Authors, mentions and the licence come as plain values (``Named``,
``Mentioned``, ``Rights``), not model instances: building 17 instances a row was most of a
CSV export's cost (docs/performance.md); the body is read only when the export includes it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from archive.models import Article, ArticleAuthor, Capture, Mention

BATCH = 500
#: The first batch is small, so that the first record leaves soon.
FIRST_BATCH = 50


@dataclass(frozen=True, slots=True)
class Named:
    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class Mentioned:
    figure: Named | None
    party: Named | None
    count: int
    source: str
    via_figure: Named | None = None


@dataclass(frozen=True, slots=True)
class Rights:
    licence: str
    origin: str


@dataclass
class Record:
    article: Article
    authors: list[Named] = field(default_factory=list)
    figures: list[Mentioned] = field(default_factory=list)
    parties: list[Mentioned] = field(default_factory=list)  # named in the text
    parties_via: list[Mentioned] = field(default_factory=list)  # through a member then
    captures: list[Capture] = field(default_factory=list)
    rights: Rights | None = None  # the latest capture stating a licence (Article.rights)


def _named(name: str | None, slug: str | None) -> Named | None:
    return None if slug is None else Named(name, slug)


def records(article_ids: Iterable[int], *, captures: bool = False, body: bool = False
            ) -> Iterator[Record]:
    """The published articles of `article_ids`, in that order (others are skipped)."""
    iterator = iter(article_ids)
    size = FIRST_BATCH
    while batch := list(islice(iterator, size)):
        size = BATCH
        articles = Article.objects.published().select_related("publication")
        if not body:
            articles = articles.defer("body")
        found = articles.in_bulk(batch)
        by_pk = {pk: Record(found[pk]) for pk in batch if pk in found}
        if not by_pk:
            continue
        for article_id, name, slug in (
                ArticleAuthor.objects.filter(article_id__in=by_pk)
                .order_by("article_id", "position", "id")
                .values_list("article_id", "author__name", "author__slug")):
            by_pk[article_id].authors.append(Named(name, slug))
        for row in (Mention.objects.active().filter(article_id__in=by_pk).order_by("-count", "id")
                    .values_list("article_id", "figure__name", "figure__slug", "party__name",
                                 "party__slug", "count", "source", "via_figure__name",
                                 "via_figure__slug")):
            record = by_pk[row[0]]
            mention = Mentioned(_named(row[1], row[2]), _named(row[3], row[4]), row[5], row[6],
                                _named(row[7], row[8]))
            if mention.figure:
                record.figures.append(mention)
            elif mention.via_figure:
                record.parties_via.append(mention)
            else:
                record.parties.append(mention)
        for article_id, licence, origin in (
                Capture.objects.filter(article_id__in=by_pk).exclude(licence="")
                .order_by("imported_at", "id").values_list("article_id", "licence", "origin")):
            by_pk[article_id].rights = Rights(licence, origin)  # the latest wins
        if captures:
            rows = Capture.objects.filter(article_id__in=by_pk).order_by("imported_at", "id")
            for c in rows if body else rows.defer("body"):
                by_pk[c.article_id].captures.append(c)
        yield from by_pk.values()
