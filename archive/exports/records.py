"""Articles of an export with what every format needs beside the row itself (mentions,
captures, licence), fetched a batch at a time: a few queries per BATCH articles, constant
memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from archive.models import Article, Capture, Mention

BATCH = 500
#: The first batch is small, so that the first record leaves soon.
FIRST_BATCH = 50


@dataclass
class Record:
    article: Article
    figures: list[Mention] = field(default_factory=list)
    parties: list[Mention] = field(default_factory=list)  # named in the text
    parties_via: list[Mention] = field(default_factory=list)  # through a member then
    captures: list[Capture] = field(default_factory=list)
    rights: Capture | None = None  # the latest capture stating a licence (Article.rights)


def records(articles: Iterable[Article], *, captures: bool = False) -> Iterator[Record]:
    iterator = iter(articles)
    size = FIRST_BATCH
    while batch := list(islice(iterator, size)):
        size = BATCH
        by_pk = {a.pk: Record(a) for a in batch}
        mentions = (Mention.objects.active().filter(article_id__in=by_pk)
                    .select_related("figure", "party").order_by("-count", "id"))
        for m in mentions:
            record = by_pk[m.article_id]
            if m.figure_id:
                record.figures.append(m)
            elif m.via_figure_id:
                record.parties_via.append(m)
            else:
                record.parties.append(m)
        licensed = (Capture.objects.filter(article_id__in=by_pk).exclude(licence="")
                    .only("id", "article_id", "licence", "origin").order_by("imported_at", "id"))
        for c in licensed:
            by_pk[c.article_id].rights = c  # the latest wins
        if captures:
            for c in Capture.objects.filter(article_id__in=by_pk).order_by("imported_at", "id"):
                by_pk[c.article_id].captures.append(c)
        yield from by_pk.values()
