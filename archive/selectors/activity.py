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


def published_mentions() -> QuerySet:
    return Mention.objects.active().filter(article__status=Article.Status.PUBLISHED)


def figure_mentions(figure: Figure) -> QuerySet:
    return published_mentions().filter(figure=figure)


def party_mentions(party_ids: list[int]) -> QuerySet:
    return published_mentions().filter(party_id__in=party_ids)


def per_month(mentions: QuerySet) -> list[MonthCount]:
    """Articles per month among `mentions`, with the empty months between filled with 0."""
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
