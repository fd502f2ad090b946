"""Attention over time: articles per month for up to six series (a figure, a party with its
lineage, or a search), normalised by all articles of that month, optionally split by
publication. Every number comes from the one search selector (``facet_counts`` over the
index's "month" field), so a point means exactly what its search link finds.

    compare, messages = parse_compare_params(request.GET)
    result = compare_series(compare)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from django.http import QueryDict
from django.utils.translation import gettext as _

from archive.models import Figure, Party
from archive.search.params import SLUG, SearchParams, parse_search_params
from archive.search.selector import facet_counts
from archive.selectors.caching import cached

MAX_SERIES = 6
#: Publications drawn when a comparison is split by publication (the most frequent ones).
MAX_PUBLICATIONS = 8
KINDS = ("figure", "party", "q")
SCALES = ("share", "count")


@dataclass(frozen=True)
class SeriesSpec:
    kind: str  # figure | party | q
    value: str  # a slug, or the words of a search
    label: str

    def search_params(self, base: SearchParams) -> SearchParams:
        if self.kind == "figure":
            return replace(base, figures=(*base.figures, self.value))
        if self.kind == "party":
            return replace(base, parties=(*base.parties, self.value), lineage=True)
        return replace(base, q=self.value, sort="newest")


@dataclass(frozen=True)
class CompareParams:
    series: tuple[SeriesSpec, ...] = ()
    base: SearchParams = field(default_factory=SearchParams)  # shared filters: dates, ...
    scale: str = "share"
    split: bool = False


@dataclass(frozen=True)
class Point:
    month: str  # YYYY-MM
    count: int
    total: int

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


@dataclass(frozen=True)
class Series:
    spec: SeriesSpec
    publication: str | None  # slug when split by publication
    publication_label: str | None
    points: list[Point]
    search: SearchParams  # what every point's search link narrows to its month

    @property
    def label(self) -> str:
        if self.publication_label:
            return f"{self.spec.label} · {self.publication_label}"
        return self.spec.label

    @property
    def total(self) -> int:
        return sum(p.count for p in self.points)


@dataclass(frozen=True)
class CompareResult:
    params: CompareParams
    months: list[str]
    series: list[Series]

    @property
    def peak(self) -> float:
        if self.params.scale == "count":
            return max((p.count for s in self.series for p in s.points), default=0)
        return max((p.share for s in self.series for p in s.points), default=0.0)


def parse_compare_params(querydict) -> tuple[CompareParams, list[str]]:
    """Series in the order given (?figure=a&party=b&q=words, each repeatable), the shared
    filters of a search (from, to, publication, lang), ``scale`` (share or count) and
    ``split=publication``. Never raises: what is wrong is dropped and explained."""
    messages: list[str] = []
    shared = QueryDict(mutable=True)
    for key in ("from", "to", "publication", "lang"):
        values = _values(querydict, key)
        if values:
            shared.setlist(key, values)
    base, base_messages = parse_search_params(shared)
    messages += base_messages
    base = replace(base, sort="newest", page=1)

    wanted: list[tuple[str, str]] = []
    for key in _keys(querydict):
        if key in KINDS:
            wanted += [(key, v.strip()) for v in _values(querydict, key) if v.strip()]
    if len(wanted) > MAX_SERIES:
        messages.append(_("Only the first %(n)d series were compared.") % {"n": MAX_SERIES})
        wanted = wanted[:MAX_SERIES]
    slugs = {kind: [v.lower() for k, v in wanted if k == kind] for kind in ("figure", "party")}
    names = {
        "figure": dict(Figure.objects.filter(slug__in=slugs["figure"]).values_list("slug", "name")),
        "party": dict(Party.objects.filter(slug__in=slugs["party"]).values_list("slug", "name")),
    }
    series: list[SeriesSpec] = []
    for kind, value in wanted:
        if kind == "q":
            words, q_messages = parse_search_params({"q": value})
            messages += q_messages
            spec = SeriesSpec("q", words.q, f"“{words.q}”")
        else:
            slug = value.lower()
            if not SLUG.match(slug) or slug not in names[kind]:
                messages.append(_("Unknown %(kind)s '%(slug)s'; left out.")
                                % {"kind": _("figure") if kind == "figure" else _("party"),
                                   "slug": value[:60]})
                continue
            spec = SeriesSpec(kind, slug, names[kind][slug])
        if spec not in series:
            series.append(spec)

    scale = (_first(querydict, "scale") or "share").lower()
    if scale not in SCALES:
        messages.append(_("Unknown scale '%(scale)s' (use share or count); showing shares.")
                        % {"scale": scale[:20]})
        scale = "share"
    split = _first(querydict, "split").lower()
    if split and split != "publication":
        messages.append(_("Only split=publication is known; the series were not split."))
    return CompareParams(tuple(series), base, scale, split == "publication"), messages


def compare_series(params: CompareParams) -> CompareResult:
    """The comparison of a selection, computed once and cached (ARCHIVE_PAGE_CACHE_SECONDS),
    like the other archive-wide aggregates."""
    key = hashlib.sha256(repr(params).encode()).hexdigest()[:32]
    return cached(f"compare:{key}", lambda: build_comparison(params))


def build_comparison(params: CompareParams) -> CompareResult:
    """Counts per month of every series and of all articles under the shared filters (the
    denominator), on the months between the first and the last month holding an article."""
    base = params.base
    publications: list[tuple[str | None, str | None]] = [(None, None)]
    if params.split:
        found = facet_counts(base, "publication", limit=MAX_PUBLICATIONS)
        labels = _publication_labels(list(found))
        publications = [(slug, labels.get(slug, slug)) for slug in found]
    totals = {slug: facet_counts(_narrow(base, slug), "month") for slug, _ in publications}
    months = _month_range([m for counts in totals.values() for m in counts])
    series = []
    for spec in params.series:
        for slug, label in publications:
            search = spec.search_params(_narrow(base, slug))
            counts = facet_counts(search, "month")
            points = [Point(m, counts.get(m, 0), totals[slug].get(m, 0)) for m in months]
            series.append(Series(spec, slug, label, points, search))
    return CompareResult(params, months, series)


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    year, number = (int(p) for p in month.split("-"))
    first = dt.date(year, number, 1)
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _narrow(base: SearchParams, publication: str | None) -> SearchParams:
    if publication is None or publication in base.publications:
        return base
    return replace(base, publications=(*base.publications, publication))


def _publication_labels(slugs: list[str]) -> dict[str, str]:
    from archive.models import Publication

    return dict(Publication.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _month_range(months: list[str]) -> list[str]:
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = (int(p) for p in first.split("-"))
    result = []
    while (current := f"{year:04d}-{month:02d}") <= last:
        result.append(current)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _keys(data) -> list[str]:
    return list(data.keys())


def _values(data, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(key)]
    raw = data.get(key, [])
    return [str(raw)] if isinstance(raw, str | int) else [str(v) for v in raw or []]


def _first(data, key: str) -> str:
    values = _values(data, key)
    return values[0].strip() if values else ""
