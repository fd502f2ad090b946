"""The figures index and a figure's page."""

import unicodedata
from dataclasses import dataclass

from django.db.models import Count

from archive.models import Article, Candidacy, Figure, Membership, Office
from archive.selectors.activity import (
    MonthCount,
    Ranked,
    archive_months,
    co_mentioned,
    figure_mentions,
    per_month,
    published_mentions,
)
from archive.selectors.caching import cached

LATEST = 10


@dataclass(frozen=True)
class IndexEntry:
    name: str
    slug: str
    detail: str
    count: int


@dataclass(frozen=True)
class Letter:
    letter: str
    entries: list[IndexEntry]


@dataclass(frozen=True)
class FigurePage:
    figure: Figure
    memberships: list[Membership]
    candidacies: list[Candidacy]
    offices: list[Office]
    months: list[MonthCount]
    co_mentioned: list[Ranked]
    latest: list[Article]
    article_count: int


def initial(name: str) -> str:
    """'Élisabeth' files under E; digits and signs under '#'."""
    folded = unicodedata.normalize("NFKD", name.strip()[:1]).encode("ascii", "ignore").decode()
    return folded.upper() if folded.isalpha() else "#"


def group_by_initial(entries: list[IndexEntry], key) -> list[Letter]:
    letters: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        letters.setdefault(initial(key(entry)), []).append(entry)
    return [Letter(letter, letters[letter]) for letter in sorted(letters)]


def mention_counts(field: str) -> dict[int, int]:
    """Published articles per figure (or party) id, in one grouped query on the mention
    table: one row per (article, subject), so no DISTINCT is needed."""
    rows = (
        published_mentions().filter(**{f"{field}__isnull": False})
        .values(field).annotate(n=Count("id")).order_by()
    )
    return {r[field]: r["n"] for r in rows}


def figure_index() -> list[Letter]:
    return cached("figure-index", _figure_index)


def _figure_index() -> list[Letter]:
    counts = mention_counts("figure")
    rows = Figure.objects.values("id", "name", "slug", "family_name")
    entries = [
        IndexEntry(r["name"], r["slug"], r["family_name"] or r["name"], counts.get(r["id"], 0))
        for r in rows
    ]
    entries.sort(key=lambda e: (initial(e.detail), e.detail.casefold(), e.name.casefold()))
    return group_by_initial(entries, key=lambda e: e.detail)


def figure_page(figure: Figure) -> FigurePage:
    # The two aggregates scan every mention of the figure: cached like the index pages.
    months = cached(f"figure-months:{figure.pk}", lambda: per_month(figure_mentions(figure),
                                                          archive_months()))
    return FigurePage(
        figure=figure,
        memberships=list(figure.memberships.select_related("party").order_by("start", "id")),
        candidacies=list(
            figure.candidacies.select_related("election", "party")
            .order_by("election__first_round", "id")
        ),
        offices=list(figure.offices.order_by("start", "id")),
        months=months,
        co_mentioned=cached(f"figure-co:{figure.pk}", lambda: co_mentioned(figure)),
        latest=latest_mentioning(figure),
        article_count=sum(m.count for m in months),
    )


def latest_mentioning(figure: Figure, limit: int = LATEST) -> list[Article]:
    return list(Article.objects.published().mentioning(figure).for_listing()
                .newest_first()[:limit])
