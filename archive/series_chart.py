"""Server-rendered SVG line chart of compare series: one line per series, one linked point
per month (each opens the search behind it), styled by classes of the site's stylesheet (the
CSP allows no inline style or script). The page puts a table of the same numbers next to it.
"""

from __future__ import annotations

from html import escape as _e

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from archive.selectors.compare import CompareResult, Series, month_bounds
from archive.selectors.links import search_url

WIDTH, HEIGHT = 960, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 14, 30
#: Colours and dash patterns cycle over these many classes (archive.css: .series-N, .dash-N).
COLOURS, DASHES = 6, 4


def _n(value: float) -> str:
    return f"{value:.1f}"


def value_of(point, scale: str) -> float:
    return point.count if scale == "count" else point.share


def format_value(value: float, scale: str) -> str:
    return f"{int(value)}" if scale == "count" else f"{value * 100:.1f} %"


def point_url(series: Series, month: str) -> str:
    first, last = month_bounds(month)
    return search_url(series.search, date_from=first, date_to=last)


def point_urls(result: CompareResult) -> list[list[str]]:
    """Every point's search link, per series then month (the chart and the table share)."""
    return [[point_url(s, m) for m in result.months] for s in result.series]


def series_classes(result: CompareResult) -> list[str]:
    """CSS classes of each series: colour by its spec, dash by its publication."""
    specs = list(dict.fromkeys(s.spec for s in result.series))
    publications = list(dict.fromkeys(s.publication for s in result.series))
    return [f"series-{specs.index(s.spec) % COLOURS} "
            f"dash-{publications.index(s.publication) % DASHES}" for s in result.series]


def compare_chart(result: CompareResult, urls: list[list[str]],
                  chart_id: str = "compare-chart") -> SafeString:
    scale = result.params.scale
    months = result.months
    peak = result.peak
    if not months or not result.series or not peak:
        return format_html("<p>{}</p>", _("No article in these series yet."))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(months) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(months) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / peak

    groups = []
    for series, classes, links in zip(result.series, series_classes(result), urls, strict=True):
        coords = [(x(i), y(value_of(p, scale))) for i, p in enumerate(series.points)]
        line = " ".join(f"{_n(a)},{_n(b)}" for a, b in coords)
        points = SafeString("".join(  # plain escaping: hundreds of points per chart
            f'<a href="{_e(link)}"><circle class="chart-point" cx="{_n(cx)}" cy="{_n(cy)}" '
            f'r="3.5"><title>{_e(series.label)}, {p.month}: '
            f"{format_value(value_of(p, scale), scale)} ({p.count}/{p.total})</title></circle></a>"
            for p, (cx, cy), link in zip(series.points, coords, links, strict=True)))
        groups.append(format_html(
            '<g class="chart-series {}" aria-label="{}"><polyline class="chart-line" '
            'points="{}"></polyline>{}</g>', classes, series.label, line, points))
    ticks = format_html_join(
        "", '<text class="chart-tick" x="{}" y="{}">{}</text>',
        ((_n(x(i)), HEIGHT - 8, m[:4]) for i, m in enumerate(months)
         if m.endswith("-01") or i == 0),
    )
    what = _("share of all articles") if scale == "share" else _("articles")
    summary = _("%(what)s per month, %(n)d series, %(first)s to %(last)s, peak %(peak)s.") % {
        "what": what.capitalize(), "n": len(result.series), "first": months[0],
        "last": months[-1], "peak": format_value(peak, scale)}
    base = HEIGHT - BOTTOM
    return format_html(
        '<svg class="chart chart-lines" viewBox="0 0 {w} {h}" role="group" '
        'aria-labelledby="{id}-title">'
        '<title id="{id}-title">{summary}</title>'
        '<line class="chart-axis" x1="{left}" y1="{base}" x2="{right}" y2="{base}"></line>'
        '<text class="chart-peak" x="{lx}" y="{top}">{peak}</text>'
        '<text class="chart-peak" x="{lx}" y="{base}">0</text>'
        "{groups}{ticks}</svg>",
        w=WIDTH, h=HEIGHT, id=chart_id, summary=summary, left=LEFT, right=WIDTH - RIGHT,
        base=base, lx=LEFT - 6, top=TOP + 10, peak=format_value(peak, scale),
        groups=SafeString("".join(groups)), ticks=ticks,
    )


def table_rows(result: CompareResult, urls: list[list[str]]) -> list[dict]:
    """The chart's numbers, month by month: the accessible fallback and the no-SVG view."""
    scale = result.params.scale
    rows = []
    for i, month in enumerate(result.months):
        cells = []
        for series, links in zip(result.series, urls, strict=True):
            p = series.points[i]
            cells.append({"value": format_value(value_of(p, scale), scale), "count": p.count,
                          "total": p.total, "url": links[i]})
        rows.append({"month": month, "cells": cells})
    return rows


def table_body(rows: list[dict]) -> SafeString:
    """The table's rows as HTML (rendered here: a template loop over every cell of six
    series over five years costs more than the counts themselves)."""
    return SafeString("\n".join(
        f'<tr><th scope="row">{row["month"]}</th>' + "".join(
            f'<td><a href="{_e(c["url"])}">{c["value"]}</a> '
            f'<span class="hint">{c["count"]}/{c["total"]}</span></td>' for c in row["cells"])
        + "</tr>" for row in rows))
