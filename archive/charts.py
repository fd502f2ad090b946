"""Server-rendered SVG bar chart of mentions per month: readable without JavaScript, styled
by classes from the site's stylesheet (CSP allows no inline styles), with a data table next
to it as the accessible fallback."""

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
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


SHARE_ROW, SHARE_LABEL, SHARE_RIGHT = 30, 250, 70


def share_chart(rows: list, title: str, chart_id: str) -> SafeString:
    """Horizontal bars of first-round shares (rows of archive.selectors.elections.CandidateRow
    with a share), coloured by party through classes (`party-<slug>`), each labelled with the
    candidate and the share in the reader's number format."""
    drawn = [r for r in rows if r.share is not None]
    if not drawn:
        return format_html("")
    peak = max(float(r.share) for r in drawn) or 1.0
    plot = WIDTH - SHARE_LABEL - SHARE_RIGHT
    height = TOP + len(drawn) * SHARE_ROW + 4
    parts = []
    for i, row in enumerate(drawn):
        y = TOP + i * SHARE_ROW
        w = max(plot * float(row.share) / peak, 1.0)
        party = row.party.slug if row.party else "none"
        share = number_format(row.share, 2)
        name = row.candidacy.figure.name
        parts.append(format_html(
            '<g class="share-row{elected}">'
            '<text class="share-name" x="{lx}" y="{ty}">{name}</text>'
            '<rect class="share-bar party-{party}" x="{x}" y="{y}" width="{w}" height="{h}">'
            "<title>{name}: {share} %</title></rect>"
            '<text class="share-value" x="{vx}" y="{ty}">{share} %</text></g>',
            elected=" elected" if row.elected else "", lx=SHARE_LABEL - 8,
            ty=_n(y + SHARE_ROW / 2 + 4), name=name, party=party, x=SHARE_LABEL, y=_n(y + 4),
            w=_n(w), h=SHARE_ROW - 8, share=share, vx=_n(SHARE_LABEL + w + 6),
        ))
    summary = _("%(title)s: %(n)d candidates; highest share %(share)s %%.") % {
        "title": title, "n": len(drawn), "share": number_format(drawn[0].share, 2)}
    return format_html(
        '<svg class="chart share-chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title" focusable="false"><title id="{id}-title">{summary}</title>'
        "{bars}</svg>",
        w=WIDTH, h=height, id=chart_id, summary=summary, bars=format_html_join("", "{}", (
            (p,) for p in parts)),
    )
