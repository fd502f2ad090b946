"""The co-mention network page, its GEXF (Gephi) and edges CSV; the JSON is /api/network."""

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from archive import network_chart
from archive.exports.network import edge_lines, gexf_lines
from archive.selectors.links import search_url
from archive.selectors.network import MAX_NODES, co_mention_network, parse_network_params


def network(request: HttpRequest) -> HttpResponse:
    params, messages = parse_network_params(request.GET)
    found = co_mention_network(params)
    return render(request, "network/index.html", {
        "params": params,
        "network": found,
        "messages_": messages,
        "svg": network_chart.network_svg(found),
        "max_nodes": MAX_NODES,
        "drawn_edges": min(len(found.edges), network_chart.MAX_DRAWN_EDGES),
        "selection_url": search_url(params.selection),
        "edges": [{"a": found.nodes[e.source], "b": found.nodes[e.target], "weight": e.weight,
                   "url": search_url(found.edge_search(e))} for e in found.strongest(50)],
    })


def _download(request: HttpRequest, lines, content_type: str, filename: str) -> HttpResponse:
    params, messages = parse_network_params(request.GET)
    if messages:
        return HttpResponse("\n".join([_("Malformed network parameters:"), *messages, ""]),
                            status=400, content_type="text/plain; charset=utf-8")
    found = co_mention_network(params)
    response = StreamingHttpResponse(lines(found), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def network_gexf(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/")[:-1]
    return _download(request, lambda found: gexf_lines(found, base),
                     "application/gexf+xml; charset=utf-8", "archive-network.gexf")


def network_edges_csv(request: HttpRequest) -> HttpResponse:
    return _download(request, edge_lines, "text/csv; charset=utf-8", "archive-network-edges.csv")
