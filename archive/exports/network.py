"""A co-mention network for Gephi (GEXF 1.2, written by networkx, with the layout, sizes
and colours as viz attributes) and as an edges CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator

import networkx as nx

from archive.exports.tables import Echo, safe_cell
from archive.selectors.network import Network

#: Colours of the political families in GEXF (the page draws the same from archive.css).
LEANING_RGB = {
    "far-left": (139, 0, 0), "left": (204, 36, 41), "centre-left": (240, 110, 140),
    "green": (46, 139, 60), "centre": (245, 166, 35), "centre-right": (60, 140, 210),
    "right": (20, 70, 160), "far-right": (30, 30, 80), "": (130, 130, 130),
}
EDGE_COLUMNS = ["source", "target", "source_kind", "target_kind", "source_label",
                "target_label", "weight"]


def network_graph(network: Network, base_url: str) -> nx.Graph:
    graph = nx.Graph(name="co-mentions", articles=network.articles)
    for node in network.nodes:
        r, g, b = LEANING_RGB.get(node.leaning, LEANING_RGB[""])
        graph.add_node(node.key, label=node.label, kind=node.kind, slug=node.slug,
                       articles=node.count, party=node.party, leaning=node.leaning,
                       url=base_url + node.url,
                       viz={"position": {"x": node.x * 1000, "y": -node.y * 1000, "z": 0.0},
                            "size": float(node.count), "color": {"r": r, "g": g, "b": b,
                                                                 "a": 1.0}})
    for edge in network.edges:
        graph.add_edge(network.nodes[edge.source].key, network.nodes[edge.target].key,
                       weight=float(edge.weight))
    return graph


def gexf_lines(network: Network, base_url: str) -> Iterator[str]:
    for line in nx.generate_gexf(network_graph(network, base_url), version="1.2draft"):
        yield line + "\n"


def edge_lines(network: Network) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield writer.writerow(EDGE_COLUMNS)
    for edge in network.strongest(limit=len(network.edges)):
        a, b = network.nodes[edge.source], network.nodes[edge.target]
        yield writer.writerow([a.key, b.key, a.kind, b.kind, safe_cell(a.label),
                               safe_cell(b.label), edge.weight])
