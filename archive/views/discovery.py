"""Discovery and health: robots.txt, OpenSearch description, /healthz."""

import logging
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

logger = logging.getLogger(__name__)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/export.csv",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def opensearch_xml(request: HttpRequest) -> HttpResponse:
    return render(request, "opensearch.xml", {
        "search_url": request.build_absolute_uri(reverse("search")),
        "feed_url": request.build_absolute_uri(reverse("search-feed")),
        "home_url": request.build_absolute_uri(reverse("home")),
        "self_url": request.build_absolute_uri(reverse("opensearch")),
    }, content_type="application/opensearchdescription+xml; charset=utf-8")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def _index_ok() -> bool:
    """The configured engine answers a search (haystack's count of every document: on
    Whoosh the process's cached searcher, on PostgreSQL one indexed query)."""
    try:
        from haystack.query import SearchQuerySet

        if settings.ARCHIVE_SEARCH_ENGINE == "whoosh":  # never create an empty one here
            from archive.search.location import live_index_dir

            path: Path = live_index_dir()
            if not (path.is_dir() and any(path.glob("*.toc"))):
                return False
        SearchQuerySet(using="default").count()
        return True
    except Exception:
        logger.exception("healthz: search index unreachable")
        return False


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def healthz(request: HttpRequest) -> HttpResponse:
    """Load balancers and uptime probes ask with GET, HEAD or OPTIONS."""
    if request.method == "OPTIONS":
        return HttpResponse(headers={"Allow": "GET, HEAD, OPTIONS", "Cache-Control": "no-store"})
    checks = {"database": _database_ok(), "index": _index_ok()}
    ok = all(checks.values())
    response = JsonResponse({"status": "ok" if ok else "unavailable", **checks,
                             "search_engine": settings.ARCHIVE_SEARCH_ENGINE},
                            status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response
