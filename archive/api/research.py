"""Research endpoints: paginated lists of articles, figures and parties, attention over time
(compare) and the co-mention network. Each parses its input, calls one selector, serialises."""

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Status

from archive.api import research_schemas as schemas
from archive.api.schemas import Error
from archive.api.serialize import article_summary
from archive.models import Article, Figure, Party
from archive.search.params import SearchParams
from archive.search.selector import facet_counts
from archive.selectors.compare import compare_series, parse_compare_params
from archive.selectors.links import search_url
from archive.selectors.network import co_mention_network, parse_network_params
from archive.series_chart import point_url

router = Router()
ERRORS = {400: Error, 404: Error}


def _page(request: HttpRequest, queryset, query: schemas.PageQuery, item) -> dict:
    paginator = Paginator(queryset, query.per_page)
    number = query.page
    page = paginator.page(number) if number <= paginator.num_pages else None

    def url(n: int) -> str:
        params = request.GET.copy()
        params["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "page": number,
        "num_pages": paginator.num_pages,
        "next": url(number + 1) if number < paginator.num_pages else None,
        "previous": url(number - 1) if 1 < number <= paginator.num_pages + 1 else None,
        "results": [item(obj) for obj in page.object_list] if page else [],
    }


@router.get("/articles", response={200: schemas.ArticlePage, **ERRORS}, url_name="articles",
            summary="Every published article, newest first (paginated)")
def articles(request: HttpRequest, query: Query[schemas.PageQuery]):
    queryset = Article.objects.published().for_listing().newest_first()
    return _page(request, queryset, query, lambda a: article_summary(request, a))


@router.get("/figures", response={200: schemas.FigurePage, **ERRORS}, url_name="figures",
            summary="Every figure, by name, with its number of articles (paginated)")
def figures(request: HttpRequest, query: Query[schemas.PageQuery]):
    counts = facet_counts(SearchParams(), "figure")
    return _page(request, Figure.objects.order_by("family_name", "name", "pk"), query,
                 lambda f: {"slug": f.slug, "name": f.name,
                            "url": request.build_absolute_uri(f.get_absolute_url()),
                            "article_count": counts.get(f.slug, 0)})


@router.get("/parties", response={200: schemas.PartyPage, **ERRORS}, url_name="parties",
            summary="Every party and alliance, by name, with its lineage's articles (paginated)")
def parties(request: HttpRequest, query: Query[schemas.PageQuery]):
    counts = facet_counts(SearchParams(), "party_lineage")
    return _page(request, Party.objects.order_by("name", "pk"), query,
                 lambda p: {"slug": p.slug, "name": p.name, "short_name": p.short_name,
                            "url": request.build_absolute_uri(p.get_absolute_url()),
                            "article_count": counts.get(p.slug, 0)})


@router.get("/compare", response={200: schemas.CompareOut, **ERRORS}, url_name="compare",
            summary="Articles per month of up to 6 series, with the month's total")
def compare(request: HttpRequest, filters: Query[schemas.CompareQuery]):
    params, messages = parse_compare_params(request.GET)
    if messages:
        return Status(400, {"detail": "Malformed compare parameters", "errors": messages})
    result = compare_series(params)
    return {
        "scale": params.scale,
        "split": params.split,
        "months": result.months,
        "series": [
            {"label": s.label, "kind": s.spec.kind, "value": s.spec.value,
             "publication": s.publication, "total": s.total,
             "points": [{"month": p.month, "count": p.count, "total": p.total,
                         "share": p.share,
                         "search": request.build_absolute_uri(point_url(s, p.month))}
                        for p in s.points]}
            for s in result.series
        ],
    }


@router.get("/network", response={200: schemas.NetworkOut, **ERRORS}, url_name="network",
            summary="Co-mention network of figures and parties over a selection")
def network(request: HttpRequest, filters: Query[schemas.NetworkQuery]):
    params, messages = parse_network_params(request.GET)
    if messages:
        return Status(400, {"detail": "Malformed network parameters", "errors": messages})
    found = co_mention_network(params)
    return {
        "articles": found.articles,
        "nodes": [{"key": n.key, "kind": n.kind, "slug": n.slug, "label": n.label,
                   "count": n.count, "url": request.build_absolute_uri(n.url),
                   "leaning": n.leaning, "party": n.party, "x": n.x, "y": n.y}
                  for n in found.nodes],
        "edges": [{"source": found.nodes[e.source].key, "target": found.nodes[e.target].key,
                   "weight": e.weight,
                   "search": request.build_absolute_uri(search_url(found.edge_search(e)))}
                  for e in found.strongest(len(found.edges))],
    }
