"""What an article counts for: its date, publication, language and the figures and parties
its active mentions name, while it is published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from archive.models import Article, Mention, TalliedArticle

CHUNK = 500


@dataclass(frozen=True)
class Facts:
    article_id: int
    published_on: dt.date | None
    publication_id: int | None
    language: str
    figures: frozenset[int]
    parties: frozenset[int]


def chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def current(article_ids: Iterable[int]) -> dict[int, Facts]:
    """The facts of the published articles among `article_ids`, from the database."""
    found: dict[int, Facts] = {}
    for ids in chunks(sorted(set(article_ids))):
        rows = (Article.objects.filter(pk__in=ids, status=Article.Status.PUBLISHED)
                .values_list("id", "published_on", "publication_id", "language"))
        articles = {r[0]: r for r in rows}
        if not articles:
            continue
        figures: dict[int, set[int]] = {pk: set() for pk in articles}
        parties: dict[int, set[int]] = {pk: set() for pk in articles}
        for article_id, figure_id, party_id in (
                Mention.objects.active().filter(article_id__in=list(articles))
                .values_list("article_id", "figure_id", "party_id")):
            if figure_id is not None:
                figures[article_id].add(figure_id)
            else:
                parties[article_id].add(party_id)
        for pk, (_, published_on, publication_id, language) in articles.items():
            found[pk] = Facts(pk, published_on, publication_id, language,
                              frozenset(figures[pk]), frozenset(parties[pk]))
    return found


def _ids(text: str) -> frozenset[int]:
    return frozenset(int(x) for x in text.split())


def _text(ids: frozenset[int]) -> str:
    return " ".join(str(x) for x in sorted(ids))


def from_row(row: TalliedArticle) -> Facts:
    return Facts(row.article_id, row.published_on, row.publication_id, row.language,
                 _ids(row.figures), _ids(row.parties))


def stored(article_ids: Iterable[int]) -> dict[int, Facts]:
    """What the articles counted for when they were last counted."""
    found: dict[int, Facts] = {}
    for ids in chunks(sorted(set(article_ids))):
        for row in TalliedArticle.objects.filter(article_id__in=ids):
            found[row.article_id] = from_row(row)
    return found


def all_stored(batch: int = 5000) -> Iterator[Facts]:
    last = -1
    while True:
        rows = list(TalliedArticle.objects.filter(article_id__gt=last)
                    .order_by("article_id")[:batch])
        if not rows:
            return
        yield from (from_row(r) for r in rows)
        last = rows[-1].article_id


def store(removed: Iterable[int], facts: Iterable[Facts]) -> None:
    """Forget `removed` and remember `facts` (each article's row replaced whole)."""
    facts = list(facts)
    gone = sorted(set(removed) | {f.article_id for f in facts})
    for ids in chunks(gone):
        TalliedArticle.objects.filter(article_id__in=ids).delete()
    TalliedArticle.objects.bulk_create(
        [TalliedArticle(article_id=f.article_id, published_on=f.published_on,
                        publication_id=f.publication_id, language=f.language,
                        figures=_text(f.figures), parties=_text(f.parties)) for f in facts],
        batch_size=CHUNK,
    )
