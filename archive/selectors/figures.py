"""The figures index and a figure's page."""

import unicodedata
from dataclasses import dataclass

from archive.models import Article, Candidacy, Figure, Membership, Office
from archive.selectors.activity import MonthCount, Ranked, co_mentioned, figure_months
from archive.tallies import read
from archive.tallies.buckets import FIGURE

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


def figure_index() -> list[Letter]:
    counts = read.totals(FIGURE)
    rows = Figure.objects.values("id", "name", "slug", "family_name")
    entries = [
        IndexEntry(r["name"], r["slug"], r["family_name"] or r["name"], counts.get(r["id"], 0))
        for r in rows
    ]
    entries.sort(key=lambda e: (initial(e.detail), e.detail.casefold(), e.name.casefold()))
    return group_by_initial(entries, key=lambda e: e.detail)


def figure_page(figure: Figure) -> FigurePage:
    months, article_count = figure_months(figure)
    return FigurePage(
        figure=figure,
        memberships=list(figure.memberships.select_related("party").order_by("start", "id")),
        candidacies=list(
            figure.candidacies.select_related("election", "party")
            .order_by("election__first_round", "id")
        ),
        offices=list(figure.offices.order_by("start", "id")),
        months=months,
        co_mentioned=co_mentioned(figure),
        latest=latest_mentioning(figure),
        article_count=article_count,  # dated or not, as on the index
    )


def latest_mentioning(figure: Figure, limit: int = LATEST) -> list[Article]:
    return list(Article.objects.published().mentioning(figure).for_listing()
                .newest_first()[:limit])
