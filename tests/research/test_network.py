"""The co-mention network: nodes and edge weights from the one search selector, a cached
layout, a CSP-safe SVG in party colours, GEXF that networkx reads back, an edges CSV, JSON."""

import csv
import io

import networkx as nx
import pytest
from django.core.cache import cache

from archive.selectors.caching import PREFIX
from archive.selectors.network import (
    build_network,
    cache_key,
    co_mention_network,
    parse_network_params,
)
from tests.web.openapi_check import check, response_schema

pytestmark = pytest.mark.django_db


def network_of(query: dict):
    params, messages = parse_network_params(query)
    assert messages == []
    return co_mention_network(params)


def weights(network) -> dict[frozenset, int]:
    return {frozenset((network.nodes[e.source].key, network.nodes[e.target].key)): e.weight
            for e in network.edges}


def test_edges_count_articles_that_mention_both(indexed_archive):
    network = network_of({})
    assert network.articles == 3
    counts = {n.key: n.count for n in network.nodes}
    assert counts["figure:jean-luc-melenchon"] == 2
    assert counts["party:rassemblement-national"] == 2  # FN (2017) and RN: one lineage node
    assert "party:front-national" not in counts
    found = weights(network)
    assert found[frozenset({"figure:jean-luc-melenchon", "figure:marine-le-pen"})] == 1
    assert found[frozenset({"figure:marine-le-pen", "party:rassemblement-national"})] == 2
    assert frozenset({"figure:francois-ruffin", "figure:marine-le-pen"}) not in found


def test_selection_narrows_the_articles(indexed_archive):
    network = network_of({"from": "2017", "to": "2017"})
    assert network.articles == 2
    assert {n.key for n in network.nodes} >= {"figure:francois-ruffin",
                                              "party:rassemblement-national"}
    narrowed = network_of({"party": "la-france-insoumise"})
    assert {n.key for n in narrowed.nodes} == {"figure:jean-luc-melenchon",
                                               "figure:francois-ruffin",
                                               "party:la-france-insoumise"}


def test_layout_is_deterministic_and_the_network_is_cached(indexed_archive):
    params, _ = parse_network_params({"nodes": "5"})
    first = build_network(params)
    assert [(n.x, n.y) for n in first.nodes] == [(n.x, n.y) for n in build_network(params).nodes]
    assert all(0.0 <= n.x <= 1.0 and 0.0 <= n.y <= 1.0 for n in first.nodes)
    assert len(first.nodes) == 5
    assert cache.get(PREFIX + cache_key(params)) is None
    co_mention_network(params)
    assert cache.get(PREFIX + cache_key(params)).nodes == first.nodes


def test_page_draws_linked_nodes_in_party_colours_without_inline_style(client, indexed_archive):
    indexed_archive.rn.leaning = "far-right"
    indexed_archive.rn.save()
    response = client.get("/network/")
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index('<svg class="network"'):html.index("</svg>", html.index("network"))]
    assert "style=" not in svg and "<script" not in svg
    assert '<a href="/figures/marine-le-pen/"' in svg
    assert 'class="net-node net-party lean-far-right"' in svg
    assert 'href="/network/export.gexf"' in html and 'href="/network/edges.csv"' in html


def test_bad_parameters_are_explained(client, indexed_archive):
    response = client.get("/network/?nodes=9999&from=nope")
    assert response.status_code == 200
    assert "must be a whole number" in response.content.decode()
    assert client.get("/network/export.gexf?nodes=x").status_code == 400
    unknown = client.get("/network/?party=nothing").content.decode()
    assert "Unknown party &#x27;nothing&#x27;." in unknown or "Unknown party 'nothing'." in unknown


def test_gexf_is_read_back_by_networkx(client, indexed_archive):
    response = client.get("/network/export.gexf")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    graph = nx.read_gexf(io.BytesIO(b"".join(response.streaming_content)))
    assert graph.nodes["figure:marine-le-pen"]["label"] == "Marine Le Pen"
    assert graph.nodes["figure:marine-le-pen"]["url"] == "http://testserver/figures/marine-le-pen/"
    assert graph.edges["figure:marine-le-pen", "party:rassemblement-national"]["weight"] == 2.0
    assert "position" in graph.nodes["figure:marine-le-pen"]["viz"]


def test_edges_csv_lists_every_edge_strongest_first(client, indexed_archive):
    response = client.get("/network/edges.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["weight"] == "2"
    assert len(rows) == len(network_of({}).edges)


def test_api_network_matches_its_schema(client, indexed_archive):
    openapi = client.get("/api/openapi.json").json()
    response = client.get("/api/network?from=2017")
    assert response.status_code == 200
    assert check(response.json(), response_schema(openapi, "/api/network", 200), openapi) == []
    assert response.json()["edges"][0]["search"].startswith("http://testserver/search/?")
    assert client.get("/api/network?nodes=1").status_code == 400


def test_a_merged_party_keeps_its_own_node(indexed_archive):
    """Lineage is renamings only (Party.lineage, the index's party_lineage): a party merged
    into another stays a node of its own, and no two nodes stand for the same articles."""
    from tests import factories as f

    verts = f.PartyFactory(name="Les Verts", slug="les-verts", succeeded_by=indexed_archive.lfi,
                           succession_kind="merged")
    article = f.ArticleFactory(title="Les Verts et Ruffin")
    f.MentionFactory(article=article, party=verts)
    f.MentionFactory(article=article, figure=indexed_archive.ruffin)
    from archive.search.rebuild import rebuild

    rebuild()
    network = network_of({})
    keys = [n.key for n in network.nodes]
    assert "party:les-verts" in keys
    nodes = {n.key: n for n in network.nodes}
    assert nodes["party:la-france-insoumise"].count == 1
    verts_node = nodes["party:les-verts"]
    assert verts_node.count == 1 and verts_node.party == (verts.short_name or verts.name)
    rn = nodes.get("party:rassemblement-national")
    assert rn is None or "party:front-national" not in keys  # a renaming is one node
