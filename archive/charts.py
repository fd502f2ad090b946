"""Server-rendered SVG bar chart of mentions per month: readable without JavaScript, styled
by classes from the site's stylesheet (CSP allows no inline styles), with a data table next
to it as the accessible fallback."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from archive.selectors.activity import MonthCount

WIDTH, HEIGHT = 960, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


def _n(value: float) -> str:
    return f"{value:.1f}"


def bars(months: list[MonthCount]) -> tuple[list[Bar], int]:
    peak = max((m.count for m in months), default=0)
    if not months or peak == 0:
        return [], 0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(months)
    gap = min(2.0, step * 0.2)
    result = []
    for i, m in enumerate(months):
        h = plot_h * m.count / peak
        label = f"{date_format(m.month, 'F Y')}: {m.count}"
        result.append(Bar(LEFT + i * step + gap / 2, TOP + plot_h - h, max(step - gap, 0.5), h,
                          label))
    return result, peak


def mentions_chart(months: list[MonthCount], title: str, chart_id: str) -> SafeString:
    """An <svg role="img"> with a title, bars (each with a tooltip title), the peak value on
    the y axis and a tick for each January."""
    drawn, peak = bars(months)
    if not drawn:
        return format_html("<p>{}</p>", _("No dated mentions yet."))
    baseline = HEIGHT - BOTTOM
    rects = format_html_join(
        "\n",
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}">'
        "<title>{}</title></rect>",
        ((_n(b.x), _n(b.y), _n(b.width), _n(b.height), b.label) for b in drawn),
    )
    ticks = format_html_join(
        "\n",
        '<text class="chart-tick" x="{}" y="{}">{}</text>',
        (
            (_n(b.x), HEIGHT - 8, m.month.year)
            for b, m in zip(drawn, months, strict=True)
            if m.month.month == 1 or b is drawn[0]
        ),
    )
    first, last = months[0].month, months[-1].month
    summary = (f"{title}: {len(months)} months from {date_format(first, 'F Y')} to "
               f"{date_format(last, 'F Y')}, at most {peak} articles in a month.")
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" '
        'focusable="false">'
        '<title id="{id}-title">{summary}</title>'
        '<line class="chart-axis" x1="{left}" y1="{base}" x2="{right}" y2="{base}"></line>'
        '<text class="chart-peak" x="{lx}" y="{top_label}">{peak}</text>'
        '<text class="chart-peak" x="{lx}" y="{base}">0</text>'
        "{rects}{ticks}</svg>",
        w=WIDTH, h=HEIGHT, id=chart_id, summary=summary, left=LEFT, right=WIDTH - RIGHT,
        base=baseline, lx=LEFT - 6, top_label=TOP + 10, peak=peak, rects=rects, ticks=ticks,
    )
