"""Mentions counted per month and per subject, as pages show them, from the tallies
(archive/tallies): no page groups the mention table."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from archive.models import Article, Figure, Mention, Party
from archive.tallies import read
from archive.tallies.buckets import CO, FIGURE, MEMBER, PARTY


@dataclass(frozen=True)
class MonthCount:
    month: dt.date
    count: int


@dataclass(frozen=True)
class Ranked:
    """A figure or party with the number of published articles that mention it."""

    name: str
    slug: str
    url: str
    count: int


class TopList(list):
    """The top of a ranking without a wall of ties: when the cut-off falls inside a run of
    equal counts, the run is left out (but for enough names to make a list of
    `keep_at_least`) and summed up as `more` others mentioned as often (`tie` articles)."""

    more: int = 0
    tie: int = 0


#: Rows read to see how far a tie at the cut-off runs.
TIE_SCAN = 200


def without_ties(rows: list[Ranked], limit: int, keep_at_least: int = 5) -> TopList:
    if len(rows) <= limit or rows[limit].count != rows[limit - 1].count:
        return TopList(rows[:limit])
    tie = rows[limit - 1].count
    above = [r for r in rows if r.count > tie]
    tied = [r for r in rows if r.count == tie]
    shown = TopList(above + tied[:max(0, keep_at_least - len(above))])
    shown.tie = tie
    shown.more = len(tied) - (len(shown) - len(above))
    return shown


def published_mentions() -> QuerySet:
    return Mention.objects.active().filter(article__status=Article.Status.PUBLISHED)


def archive_months() -> tuple[dt.date, dt.date] | None:
    """The first and last months of the archive's dated, published articles: every monthly
    chart spans them, so charts of different figures read on the same axis."""
    return read.month_span()


def filled(found: dict[dt.date, int], span: tuple[dt.date, dt.date] | None = None
           ) -> list[MonthCount]:
    """Articles per month with the empty months between filled with 0; from the first to
    the last month of `span` (the archive's) when given."""
    if not found:
        return []
    months = []
    current, last = min(found), max(found)
    if span is not None:
        current, last = min(current, span[0]), max(last, span[1])
    while current <= last:
        months.append(MonthCount(current, found.get(current, 0)))
        current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def subject_months(kind: str, subject: int) -> tuple[list[MonthCount], int]:
    """A figure's or party's (its lineage's) articles per month on the archive's span, and
    all of them, dated or not: the same total as on the index pages."""
    counts = read.months(kind, subject)
    return filled(read.dated(counts), archive_months()), sum(counts.values())


def figure_months(figure: Figure) -> tuple[list[MonthCount], int]:
    return subject_months(FIGURE, figure.pk)


def party_months(party: Party) -> tuple[list[MonthCount], int]:
    return subject_months(PARTY, party.pk)


def names(model, ids) -> dict[int, tuple[str, str]]:
    """id -> (name, slug) of figures or parties, in one query."""
    return {pk: (name, slug) for pk, name, slug in
            model.objects.filter(pk__in=list(ids)).values_list("pk", "name", "slug")}


def _ranked(model, detail: str, counts: dict[int, int], limit: int,
            found: dict[int, tuple[str, str]] | None = None) -> list[Ranked]:
    """The `limit` subjects with the most articles, ties in name order (`found`: their
    names and slugs, read already)."""
    found = names(model, counts) if found is None else {
        pk: found[pk] for pk in counts if pk in found}
    rows = sorted(found, key=lambda pk: (-counts[pk], found[pk][0]))[:limit]
    return [Ranked(found[pk][0], found[pk][1], reverse(detail, kwargs={"slug": found[pk][1]}),
                   counts[pk]) for pk in rows]


def ranked_figures(counts: dict[int, int], limit: int = 10, found=None) -> list[Ranked]:
    return _ranked(Figure, "figure-detail", counts, limit, found)


def ranked_parties(counts: dict[int, int], limit: int = 10, found=None) -> list[Ranked]:
    return _ranked(Party, "party-detail", counts, limit, found)


def co_mentioned(figure: Figure, limit: int = 10) -> list[Ranked]:
    """Figures named in the same articles as `figure`, most shared articles first."""
    return ranked_figures(_top_others(CO, figure.pk, limit), limit)


def members_mentioned_most(party: Party, limit: int = 10) -> list[Ranked]:
    """Figures mentioned while they were members of a party of `party`'s lineage (on the
    article's date)."""
    return ranked_figures(_top_others(MEMBER, party.pk, limit), limit)


def _top_others(kind: str, subject: int, limit: int) -> dict[int, int]:
    """The first `limit` others and every one tied with the last (names break ties)."""
    rows = read.others(kind, subject, limit + TIE_SCAN)
    if len(rows) > limit:
        cut = rows[limit - 1][1]
        rows = [r for r in rows if r[1] >= cut]
    return dict(rows)
