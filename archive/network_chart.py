"""Server-rendered SVG of a co-mention network: edges as lines (width by weight), nodes as
linked circles (area by articles) coloured by political family through stylesheet classes
(.lean-left, .lean-far-right, ...: the CSP allows no inline style), labels beside them."""

from __future__ import annotations

import math
from html import escape as _e

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from archive.selectors.network import Network

WIDTH, HEIGHT = 960, 640
MARGIN = 60
MIN_R, MAX_R = 4.0, 22.0
MAX_STROKE = 8.0
#: Links drawn (the strongest); GEXF, CSV and JSON keep them all.
MAX_DRAWN_EDGES = 300


def _n(value: float) -> str:
    return f"{value:.1f}"


def lean_class(leaning: str) -> str:
    return f"lean-{_e(leaning)}" if leaning else "lean-none"


def network_svg(network: Network, chart_id: str = "network-chart") -> SafeString:
    nodes = network.nodes
    if not nodes:
        return format_html("<p>{}</p>", _("No figure or party is mentioned in these articles."))
    peak_count = max(n.count for n in nodes)
    peak_weight = max((e.weight for e in network.edges), default=1)

    positions = [(MARGIN + n.x * (WIDTH - 2 * MARGIN), MARGIN + n.y * (HEIGHT - 2 * MARGIN))
                 for n in nodes]
    pos = positions.__getitem__

    def radius(count: int) -> float:
        return MIN_R + (MAX_R - MIN_R) * math.sqrt(count / peak_count)

    link_title = _("%(a)s and %(b)s: %(n)d articles")
    party_title = _("%(name)s (%(party)s): %(n)d articles")
    node_title = _("%(name)s: %(n)d articles")
    # plain escaping: a network of 80 nodes has a thousand edges
    lines = SafeString("".join(
        f'<line class="net-edge" x1="{_n(pos(e.source)[0])}" y1="{_n(pos(e.source)[1])}" '
        f'x2="{_n(pos(e.target)[0])}" y2="{_n(pos(e.target)[1])}" '
        f'stroke-width="{_n(max(0.5, MAX_STROKE * e.weight / peak_weight))}"><title>'
        + _e(link_title % {"a": nodes[e.source].label, "b": nodes[e.target].label,
                           "n": e.weight})
        + "</title></line>"
        for e in reversed(network.strongest(MAX_DRAWN_EDGES))))
    parts = []
    for i, n in enumerate(nodes):
        x, y = pos(i)
        r = radius(n.count)
        left = n.x > 0.6
        title = (party_title % {"name": n.label, "party": n.party, "n": n.count} if n.party
                 else node_title % {"name": n.label, "n": n.count})
        parts.append(
            f'<a href="{_e(n.url)}" class="net-link"><circle class="net-node net-{n.kind} '
            f'{lean_class(n.leaning)}" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"><title>'
            f'{_e(title)}</title></circle><text class="net-label'
            f'{" net-label-left" if left else ""}" x="{_n(x + (r + 3) * (-1 if left else 1))}" '
            f'y="{_n(y + 4)}">{_e(n.label)}</text></a>')
    circles = SafeString("".join(parts))
    summary = _("Co-mention network: %(nodes)d figures and parties, %(edges)d links, over "
                "%(articles)d articles.") % {"nodes": len(nodes), "edges": len(network.edges),
                                             "articles": network.articles}
    return format_html(
        '<svg class="network" viewBox="0 0 {w} {h}" role="group" aria-labelledby="{id}-title">'
        '<title id="{id}-title">{summary}</title><g class="net-edges">{lines}</g>'
        '<g class="net-nodes">{circles}</g></svg>',
        w=WIDTH, h=HEIGHT, id=chart_id, summary=summary, lines=lines, circles=circles,
    )
