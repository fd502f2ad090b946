"""The API's operations. Each parses its input, calls one selector, serialises."""

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Status
from ninja.errors import HttpError, ValidationError

from archive.api import schemas
from archive.api.research import router as research_router
from archive.api.serialize import article_summary, counted, months, ref
from archive.models import Article, Election, Figure, Party
from archive.search.availability import MESSAGE, SearchUnavailable
from archive.search.params import parse_search_params
from archive.search.selector import search_articles
from archive.selectors.articles import article_page
from archive.selectors.elections import election_index, election_page
from archive.selectors.figures import figure_page
from archive.selectors.parties import party_page

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Political article archive API",
    version="1",
    description=(
        "Read-only JSON API of the archive. `/search` takes the same parameters as the "
        "search page; errors are JSON objects with a `detail` message. GET requests may "
        "come from any origin (CORS)."
    ),
    urls_namespace="api",
)

ERRORS = {400: schemas.Error, 404: schemas.Error}
api.add_router("/", research_router)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
              for e in exc.errors]
    return api.create_response(request, {"detail": _("Invalid parameters"), "errors": errors},
                               status=400)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found"), "errors": []},
                               status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "errors": []},
                               status=exc.status_code)


@api.exception_handler(SearchUnavailable)
def search_unavailable(request: HttpRequest, exc: SearchUnavailable) -> HttpResponse:
    logger.warning("Search unavailable for %s: %s", request.path, exc.reason)
    return api.create_response(
        request, {"detail": str(MESSAGE), "errors": [exc.reason]}, status=503)


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.get_full_path())
    return api.create_response(request, {"detail": _("Internal error"), "errors": []}, status=500)


@api.get("/", include_in_schema=False)
def root(request: HttpRequest) -> dict:
    def url(path: str) -> str:
        return request.build_absolute_uri(path)

    return {
        "search": url(reverse("api:search")),
        "openapi": url(reverse("api:openapi-json")),
        "docs": url(reverse("api:openapi-view")),
    }


@api.get("/search", response={200: schemas.SearchOut, **ERRORS}, url_name="search",
         summary="Search articles")
def search(request: HttpRequest, filters: Query[schemas.SearchQuery]):
    """The parameters are declared for the schema; they are read once, by the same parser
    as the search page (archive.search.params)."""
    params, messages = parse_search_params(request.GET)
    if messages:
        return Status(400, {"detail": _("Malformed search parameters"), "errors": messages})
    result = search_articles(params)

    def page_url(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": result.total,
        "page": result.page,
        "num_pages": result.num_pages,
        "next": page_url(result.page + 1) if result.page < result.num_pages else None,
        "previous": page_url(result.page - 1) if result.page > 1 else None,
        "results": [
            {**article_summary(request, hit.article), "score": hit.score,
             "snippet": str(hit.snippet)}
            for hit in result.hits
        ],
        "facets": {
            name: [{"value": str(v.value), "label": str(v.label), "count": v.count,
                    "selected": v.selected} for v in values]
            for name, values in result.facets.items()
        },
        "suggestion": result.suggestion,
        "entity": ref(request, result.entity),
        "messages": list(result.messages),
    }


@api.get("/articles/{article_id}", response={200: schemas.ArticleOut, **ERRORS},
         url_name="article", summary="One article")
def article(request: HttpRequest, article_id: int):
    found = get_object_or_404(Article.objects.published().select_related("publication"),
                              pk=article_id)
    page = article_page(found)
    return {
        **article_summary(request, found, page.authors),
        "body": found.body,
        "summary": found.summary,
        "word_count": found.word_count,
        "content_hash": found.content_hash,
        "figures": [
            {**ref(request, m.figure), "party_then": ref(request, m.party_then),
             "count": m.count}
            for m in page.figures
        ],
        "parties": [{**ref(request, m.party), "count": m.count} for m in page.parties],
        "captures": [
            {"source_url": c.source_url, "retrieved_at": c.retrieved_at,
             "imported_at": c.imported_at, "extractor": c.extractor,
             "content_hash": c.content_hash}
            for c in page.captures
        ],
        "similar": [article_summary(request, a) for a in page.similar],
    }


@api.get("/figures/{slug}", response={200: schemas.FigureOut, **ERRORS}, url_name="figure",
         summary="A figure: parties, candidacies, offices, mentions per month")
def figure(request: HttpRequest, slug: str):
    page = figure_page(get_object_or_404(Figure, slug=slug))
    return {
        **ref(request, page.figure),
        "memberships": [{"party": ref(request, m.party), "start": m.start, "end": m.end}
                        for m in page.memberships],
        "candidacies": [
            {"election": c.election.name, "election_date": c.election.first_round,
             "election_url": request.build_absolute_uri(c.get_absolute_url()),
             "constituency": c.constituency, "party": ref(request, c.party),
             "label": c.label, "result": c.result}
            for c in page.candidacies
        ],
        "offices": [{"title": o.title, "start": o.start, "end": o.end} for o in page.offices],
        "article_count": page.article_count,
        "mentions_per_month": months(page.months),
        "co_mentioned": [counted(request, r) for r in page.co_mentioned],
        "latest": [article_summary(request, a) for a in page.latest],
        "feed": request.build_absolute_uri(reverse("figure-feed", kwargs={"slug": slug})),
    }


@api.get("/parties/{slug}", response={200: schemas.PartyOut, **ERRORS}, url_name="party",
         summary="A party: lineage, mentions per month, members mentioned most")
def party(request: HttpRequest, slug: str):
    page = party_page(get_object_or_404(Party, slug=slug))
    return {
        **ref(request, page.party),
        "short_name": page.party.short_name,
        "kind": page.party.kind,
        "lineage": [
            {**ref(request, p), "founded": p.founded, "succession_date": p.succession_date,
             "succession_kind": p.succession_kind}
            for p in page.lineage
        ],
        "article_count": page.article_count,
        "mentions_per_month": months(page.months),
        "members_mentioned": [counted(request, r) for r in page.members_mentioned],
        "latest": [article_summary(request, a) for a in page.latest],
        "feed": request.build_absolute_uri(reverse("party-feed", kwargs={"slug": slug})),
    }


def _election_summary(request: HttpRequest, election: Election, candidacies: int,
                      elected: list) -> dict:
    return {
        "slug": election.slug, "name": election.name,
        "url": request.build_absolute_uri(election.get_absolute_url()),
        "kind": election.kind, "scope": election.scope,
        "first_round": election.first_round, "second_round": election.second_round,
        "candidacies": candidacies,
        "elected": [ref(request, c.figure) for c in elected],
    }


@api.get("/elections", response={200: list[schemas.ElectionSummaryOut]},
         url_name="elections", summary="Elections of the gazetteer, newest first")
def elections(request: HttpRequest):
    return [_election_summary(request, e.election, e.candidates, e.winners)
            for e in election_index()]


@api.get("/elections/{slug}", response={200: schemas.ElectionOut, **ERRORS},
         url_name="election",
         summary="An election: candidates with party as of the vote, shares, articles around it")
def election(request: HttpRequest, slug: str, q: str = ""):
    page = election_page(get_object_or_404(Election, slug=slug), q.strip()[:100])
    return {
        **_election_summary(request, page.election, len(page.candidates),
                            [r.candidacy for r in page.winners]),
        "articles_from": page.window_from,
        "articles_to": page.window_to,
        "candidates": [
            {"figure": ref(request, r.candidacy.figure), "party": ref(request, r.party),
             "label": r.candidacy.label, "constituency": r.candidacy.constituency,
             "first_round_share": float(r.share) if r.share is not None else None,
             "result": r.candidacy.result, "elected": r.elected,
             "articles_around": r.article_count,
             "search": request.build_absolute_uri(r.search_url)}
            for r in page.candidates
        ],
        "latest": [article_summary(request, a) for a in page.articles],
    }
