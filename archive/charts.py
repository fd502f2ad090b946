"""Server-rendered SVG bar chart of mentions per month: readable without JavaScript, styled
by classes from the site's stylesheet (CSP allows no inline styles), with a data table next
to it as the accessible fallback."""

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archive.selectors.activity import MonthCount

WIDTH, HEIGHT = 960, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 14, 30
#: A bar is never wider than this (a few months over the whole width read as a blot) and
#: leaves a gap of a fifth of its slot.
MAX_BAR = 28.0


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


def _n(value: float) -> str:
    return f"{value:.1f}"


def _slot(count: int) -> float:
    return (WIDTH - LEFT - RIGHT) / count


def bars(months: list[MonthCount]) -> tuple[list[Bar], int]:
    peak = max((m.count for m in months), default=0)
    if not months or peak == 0:
        return [], 0
    plot_h = HEIGHT - TOP - BOTTOM
    step = _slot(len(months))
    width = max(min(step * 0.8, MAX_BAR), 0.8)
    result = []
    for i, m in enumerate(months):
        h = plot_h * m.count / peak
        label = f"{date_format(m.month, 'F Y')}: {m.count}"
        result.append(Bar(LEFT + i * step + (step - width) / 2, TOP + plot_h - h, width, h,
                          label))
    return result, peak


def _ticks(months: list[MonthCount]) -> SafeString:
    """A tick and its year at each January (and at the first month), thinned out so that
    labels never collide."""
    step = _slot(len(months))
    years = [(i, m.month.year) for i, m in enumerate(months) if m.month.month == 1 or i == 0]
    every = max(1, round(36 / (step * 12))) if len(years) > 1 else 1
    baseline = HEIGHT - BOTTOM
    shown = [(i, year) for n, (i, year) in enumerate(years)
             if n % every == 0 and (i == 0 or months[i].month.month == 1)]
    if len(shown) > 1 and shown[0][0] == 0 and months[0].month.month != 1 and (
            shown[1][0] * step < 34):
        shown = shown[1:]  # the first, partial year would overlap the next label
    return format_html_join(
        "",
        '<line class="chart-grid" x1="{x}" y1="{top}" x2="{x}" y2="{tick}"></line>'
        '<text class="chart-tick" x="{tx}" y="{ty}">{year}</text>',
        ({"x": _n(LEFT + i * step), "top": TOP, "tick": baseline + 5,
          "tx": _n(LEFT + i * step + 3), "ty": HEIGHT - 10, "year": year}
         for i, year in shown),
    )


def mentions_chart(months: list[MonthCount], title: str, chart_id: str) -> SafeString:
    """An <svg role="img"> with a title, one bar per month of the archive's span (each with a
    tooltip title), the peak value on the y axis and a tick at each January."""
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
    first, last = months[0].month, months[-1].month
    total = sum(m.count for m in months)
    summary = " ".join([
        ngettext("%(title)s: %(n)d month from %(first)s to %(last)s,",
                 "%(title)s: %(n)d months from %(first)s to %(last)s,", len(months))
        % {"title": title, "n": len(months), "first": date_format(first, "F Y"),
           "last": date_format(last, "F Y")},
        ngettext("%(total)d article in all;", "%(total)d articles in all;", total)
        % {"total": total},
        ngettext("at most %(peak)d article in a month.", "at most %(peak)d articles in a month.",
                 peak) % {"peak": peak},
    ])
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" '
        'focusable="false">'
        '<title id="{id}-title">{summary}</title>'
        '<line class="chart-grid" x1="{left}" y1="{top}" x2="{right}" y2="{top}"></line>'
        '<line class="chart-axis" x1="{left}" y1="{base}" x2="{right}" y2="{base}"></line>'
        '<text class="chart-peak" x="{lx}" y="{top_label}">{peak}</text>'
        '<text class="chart-peak" x="{lx}" y="{base}">0</text>'
        "{ticks}{rects}</svg>",
        w=WIDTH, h=HEIGHT, id=chart_id, summary=summary, left=LEFT, right=WIDTH - RIGHT,
        top=TOP, base=baseline, lx=LEFT - 6, top_label=TOP + 4, peak=peak, rects=rects,
        ticks=_ticks(months),
    )


SHARE_ROW, SHARE_LABEL, SHARE_RIGHT = 30, 250, 70


def share_chart(rows: list, title: str, chart_id: str) -> SafeString:
    """Horizontal bars of first-round shares (rows of archive.selectors.elections.CandidateRow
    with a share), coloured by party through classes (`party-<slug>`), each labelled with the
    candidate and the share in the reader's number format."""
    drawn = [r for r in rows if r.share is not None]
    if not drawn:
        return SafeString("")
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
