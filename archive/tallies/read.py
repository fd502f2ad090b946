"""What pages read from the tallies: a few indexed queries over small tables at any size."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Min, Q, Sum

from archive.models import Tally
from archive.tallies.buckets import ALL, LANGUAGE, as_date


def _counted(*conditions, **filters):
    return Tally.objects.filter(*conditions, articles__gt=0, **filters)


def totals(kind: str) -> dict[int, int]:
    """subject -> its articles, dated or not (every subject of `kind` with any)."""
    rows = _counted(kind=kind).values("subject").annotate(n=Sum("articles")).order_by()
    return {r["subject"]: r["n"] for r in rows}


def total(kind: str, subject: int) -> int:
    return _counted(kind=kind, subject=subject).aggregate(n=Sum("articles"))["n"] or 0


def share(kind: str, subject: int) -> float:
    """The subject's articles as a share of the archive's (0 for an empty archive), in one
    query."""
    found = _counted(Q(kind=kind, subject=subject) | Q(kind=ALL, subject=0)).aggregate(
        subject=Sum("articles", filter=Q(kind=kind)), all=Sum("articles", filter=Q(kind=ALL)))
    return (found["subject"] or 0) / found["all"] if found["all"] else 0.0


def in_month(kind: str, month: int) -> dict[int, int]:
    """subject -> its articles of one month (yyyymm)."""
    return dict(_counted(kind=kind, month=month).values_list("subject", "articles"))


def months(kind: str, subject: int = 0) -> dict[int, int]:
    """yyyymm (0: undated) -> articles, for one subject."""
    return dict(_counted(kind=kind, subject=subject).values_list("month", "articles"))


def dated(counts: dict[int, int]) -> dict[dt.date, int]:
    return {as_date(month): n for month, n in counts.items() if month}


def span_of(counts: dict[int, int]) -> tuple[dt.date, dt.date] | None:
    months = [m for m in counts if m]
    return (as_date(min(months)), as_date(max(months))) if months else None


def others(kind: str, subject: int, limit: int) -> list[tuple[int, int]]:
    """(other, articles) of a pair kind, most articles first (ties: lowest id first; the
    caller orders ties by name)."""
    return list(_counted(kind=kind, subject=subject)
                .order_by("-articles", "other").values_list("other", "articles")[:limit])


def month_span() -> tuple[dt.date, dt.date] | None:
    """The first and last months of the archive's dated, published articles."""
    span = _counted(kind=ALL, subject=0, month__gt=0).aggregate(first=Min("month"),
                                                                last=Max("month"))
    if span["first"] is None:
        return None
    return as_date(span["first"]), as_date(span["last"])


def languages() -> dict[str, int]:
    rows = (_counted(kind__startswith=LANGUAGE).values("kind").annotate(n=Sum("articles"))
            .order_by())
    return {r["kind"][len(LANGUAGE):]: r["n"] for r in rows}
