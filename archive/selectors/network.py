"""The co-mention network of figures and parties over a selection of articles (any search:
dates, party, publication, words). A node is a figure, or a party with its whole lineage
(the Front national and the Rassemblement national are one node, named after its latest
name, as on party pages); an edge's weight is the number of selected articles that mention
both. A party counts as mentioned when it is named or one of its members then is, as in
search and on party pages.

Every count comes from the one search selector: node sizes are ``facet_counts`` of the
selection, and each node's edges are ``facet_counts`` of the selection narrowed to that node
(two bitmap passes a node). The layout is networkx's spring layout with a fixed seed, so a
selection always draws the same; the whole network is computed once per selection and cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace

import networkx as nx
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from archive.models import Figure, Membership, Party, Publication
from archive.models.politics import lineage_map
from archive.search.params import SearchParams, parse_search_params
from archive.search.selector import facet_counts
from archive.selectors.caching import cached

DEFAULT_NODES = 30
MAX_NODES = 80
LAYOUT_SEED = 17
LAYOUT_ITERATIONS = 80
#: Network-only parameters, removed before the rest is read as a search.
OWN_KEYS = ("nodes", "min_weight")


@dataclass(frozen=True)
class NetworkParams:
    selection: SearchParams
    nodes: int = DEFAULT_NODES
    min_weight: int = 1


@dataclass(frozen=True)
class Node:
    kind: str  # figure | party
    slug: str
    label: str
    count: int
    url: str
    leaning: str  # the political family, for the colour ("" when unknown)
    party: str  # figures: their party's short name; parties: the names of the lineage
    x: float = 0.0  # layout, in [0, 1]
    y: float = 0.0

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.slug}"


@dataclass(frozen=True)
class Edge:
    source: int  # index in Network.nodes
    target: int
    weight: int


@dataclass(frozen=True)
class Network:
    params: NetworkParams
    articles: int
    nodes: list[Node]
    edges: list[Edge]

    def edge_search(self, edge: Edge) -> SearchParams:
        """The selected articles that mention both ends of an edge."""
        return narrow(narrow(self.params.selection, self.nodes[edge.source]),
                      self.nodes[edge.target])

    def strongest(self, limit: int = 50) -> list[Edge]:
        return sorted(self.edges, key=lambda e: -e.weight)[:limit]


def parse_network_params(querydict) -> tuple[NetworkParams, list[str]]:
    messages: list[str] = []
    query = QueryDict(mutable=True)
    for key in querydict:
        if key not in OWN_KEYS:
            raw = querydict.getlist(key) if hasattr(querydict, "getlist") else querydict[key]
            query.setlist(key, [str(v) for v in raw] if isinstance(raw, list | tuple)
                          else [str(raw)])
    selection, search_messages = parse_search_params(query)
    messages += search_messages
    for kind, model, slugs in (("figure", Figure, selection.figures),
                               ("party", Party, selection.parties),
                               ("publication", Publication, selection.publications)):
        known = set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        messages += [_("Unknown %(kind)s '%(slug)s'.") % {"kind": kind, "slug": slug}
                     for slug in slugs if slug not in known]
    if not selection.lineage:
        messages.append(_("The network always follows party lineage; lineage=0 was ignored."))
    selection = replace(selection, lineage=True, sort="newest", page=1, per_page=20)
    nodes = _int(querydict, "nodes", DEFAULT_NODES, 2, MAX_NODES, messages)
    min_weight = _int(querydict, "min_weight", 1, 1, 1_000_000, messages)
    return NetworkParams(selection, nodes, min_weight), messages


def cache_key(params: NetworkParams) -> str:
    return "network:" + hashlib.sha256(repr(params).encode()).hexdigest()[:32]


def co_mention_network(params: NetworkParams) -> Network:
    """The network of a selection, computed once and cached (ARCHIVE_PAGE_CACHE_SECONDS)."""
    return cached(cache_key(params), lambda: build_network(params))


def build_network(params: NetworkParams) -> Network:
    selection = params.selection
    lineages = _lineages()
    figure_counts = facet_counts(selection, "figure")
    party_counts = {lineages[s].slug: n for s, n in facet_counts(selection, "party_lineage").items()
                    if s in lineages}
    ranked = sorted([("figure", s, n) for s, n in figure_counts.items()]
                    + [("party", s, n) for s, n in party_counts.items()],
                    key=lambda item: (-item[2], item[0], item[1]))[:params.nodes]
    nodes = _nodes(ranked, lineages)
    index = {node.key: i for i, node in enumerate(nodes)}
    edges: list[Edge] = []
    for i, node in enumerate(nodes[:-1]):
        sub = narrow(selection, node)
        counts = {f"figure:{s}": n for s, n in facet_counts(sub, "figure").items()}
        counts.update({f"party:{lineages[s].slug}": n
                       for s, n in facet_counts(sub, "party_lineage").items() if s in lineages})
        for other, weight in counts.items():
            j = index.get(other)
            if j is not None and j > i and weight >= params.min_weight:
                edges.append(Edge(i, j, weight))
    articles = sum(facet_counts(selection, "language").values())
    return Network(params, articles, _laid_out(nodes, edges), edges)


def narrow(selection: SearchParams, node: Node) -> SearchParams:
    if node.kind == "figure":
        return selection if node.slug in selection.figures else replace(
            selection, figures=(*selection.figures, node.slug))
    return selection if node.slug in selection.parties else replace(
        selection, parties=(*selection.parties, node.slug), lineage=True)


# -- parts ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Lineage:
    slug: str  # the latest name's
    label: str
    leaning: str
    names: str


def _lineages() -> dict[str, _Lineage]:
    """party slug -> its lineage (``lineage_map``, the index's and the party pages' one
    definition: renamings; a merged party keeps its own), named after its latest party."""
    rows = {r[0]: r for r in Party.objects.values_list("pk", "slug", "name", "short_name",
                                                       "leaning")}
    lineages = lineage_map()
    result = {}
    for pk, ids in lineages.items():
        latest = rows[ids[-1]]
        names = ", ".join(rows[m][3] or rows[m][2] for m in ids)
        result[rows[pk][1]] = _Lineage(latest[1], latest[2], latest[4] or "", names)
    return result



def _nodes(ranked: list[tuple[str, str, int]], lineages: dict[str, _Lineage]) -> list[Node]:
    figure_slugs = [s for kind, s, _ in ranked if kind == "figure"]
    figures = {f.slug: f for f in Figure.objects.filter(slug__in=figure_slugs)}
    party_of: dict[int, Party] = {}
    best: dict[int, tuple] = {}
    for m in Membership.objects.filter(figure__slug__in=figure_slugs).select_related("party"):
        rank = (m.end is None, m.start or dt.date.min)
        if m.figure_id not in best or rank > best[m.figure_id]:
            best[m.figure_id] = rank
            party_of[m.figure_id] = m.party  # the current party, else the latest one
    nodes = []
    for kind, slug, count in ranked:
        if kind == "figure":
            figure = figures.get(slug)
            if figure is None:
                continue
            party = party_of.get(figure.pk)
            leaning = lineages[party.slug].leaning if party and party.slug in lineages else ""
            nodes.append(Node("figure", slug, figure.name, count, figure.get_absolute_url(),
                              leaning, party.short_name or party.name if party else ""))
        else:
            lineage = next(v for v in lineages.values() if v.slug == slug)
            nodes.append(Node("party", slug, lineage.label, count,
                              reverse("party-detail", kwargs={"slug": slug}),
                              lineage.leaning, lineage.names))
    return nodes


def _laid_out(nodes: list[Node], edges: list[Edge]) -> list[Node]:
    if not nodes:
        return []
    graph = nx.Graph()
    graph.add_nodes_from(range(len(nodes)))
    peak = max((e.weight for e in edges), default=1)
    graph.add_weighted_edges_from((e.source, e.target, e.weight / peak) for e in edges)
    if len(nodes) == 1:
        return [replace(nodes[0], x=0.5, y=0.5)]
    positions = nx.spring_layout(graph, weight="weight", seed=LAYOUT_SEED,
                                 iterations=LAYOUT_ITERATIONS)
    xs = [float(positions[i][0]) for i in range(len(nodes))]
    ys = [float(positions[i][1]) for i in range(len(nodes))]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return [replace(n, x=(xs[i] - min(xs)) / span_x, y=(ys[i] - min(ys)) / span_y)
            for i, n in enumerate(nodes)]


def _int(data, key: str, default: int, low: int, high: int, messages: list[str]) -> int:
    raw = (data.get(key) or "").strip() if hasattr(data, "get") else ""
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        messages.append(_("'%(key)s' must be a whole number from %(low)d to %(high)d; "
                          "using %(default)d.")
                        % {"key": key, "low": low, "high": high, "default": default})
        return default
    return value
