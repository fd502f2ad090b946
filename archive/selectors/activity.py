"""Mentions aggregated per month and per subject, in SQL, on the mention indexes."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse

from archive.models import Article, Figure, Membership, Mention


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


def figure_mentions(figure: Figure) -> QuerySet:
    return published_mentions().filter(figure=figure)


def party_mentions(party_ids: list[int]) -> QuerySet:
    return published_mentions().filter(party_id__in=party_ids)


def archive_months() -> tuple[dt.date, dt.date] | None:
    """The first and last months of the archive's dated, published articles: every monthly
    chart spans them, so charts of different figures read on the same axis."""
    from django.db.models import Max, Min

    span = Article.objects.published().aggregate(first=Min("published_on"),
                                                 last=Max("published_on"))
    if span["first"] is None:
        return None
    return span["first"].replace(day=1), span["last"].replace(day=1)


def per_month(mentions: QuerySet, span: tuple[dt.date, dt.date] | None = None
              ) -> list[MonthCount]:
    """Articles per month among `mentions`, with the empty months between filled with 0;
    from the first to the last month of `span` (the archive's) when given."""
    rows = (
        mentions.filter(article__published_on__isnull=False)
        .annotate(month=TruncMonth("article__published_on"))
        .values("month")
        .annotate(n=Count("article", distinct=True))
        .order_by("month")
    )
    found = {_as_date(r["month"]): r["n"] for r in rows}
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


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    return value.replace(day=1)


def _url(name: str, slug: str) -> str:
    return reverse(name, kwargs={"slug": slug})


def top_figures(mentions: QuerySet, limit: int = 10) -> list[Ranked]:
    rows = (
        mentions.filter(figure__isnull=False)
        .values("figure__name", "figure__slug")
        .annotate(n=Count("id"))  # one mention row per (article, figure): no DISTINCT needed
        .order_by("-n", "figure__name")[:limit]
    )
    return [
        Ranked(r["figure__name"], r["figure__slug"], _url("figure-detail", r["figure__slug"]),
               r["n"])
        for r in rows
    ]


def top_parties(mentions: QuerySet, limit: int = 10) -> list[Ranked]:
    rows = (
        mentions.filter(party__isnull=False)
        .values("party__name", "party__slug")
        .annotate(n=Count("id"))  # one mention row per (article, party)
        .order_by("-n", "party__name")[:limit]
    )
    return [
        Ranked(r["party__name"], r["party__slug"], _url("party-detail", r["party__slug"]), r["n"])
        for r in rows
    ]


def co_mentioned(figure: Figure, limit: int = 10) -> list[Ranked]:
    """Figures named in the same articles as `figure`, most shared articles first."""
    articles = figure_mentions(figure).values("article_id")
    return top_figures(
        published_mentions().filter(article_id__in=articles).exclude(figure=figure), limit
    )


def members_mentioned_most(party_ids: list[int], limit: int = 10) -> list[Ranked]:
    """Figures mentioned while they were members of one of `party_ids` (on the article's date)."""
    members = Membership.objects.filter(party_id__in=party_ids)
    member_then = members.filter(
        Membership.covering(OuterRef("article__published_on")), figure=OuterRef("figure")
    )
    mentions = published_mentions().filter(
        figure_id__in=members.values("figure_id"),  # narrows to the mention index first
    ).filter(Exists(member_then))
    return top_figures(mentions, limit)
