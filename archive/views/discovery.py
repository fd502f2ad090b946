"""Discovery and health: robots.txt, OpenSearch description, /healthz."""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from archive.search.health import check_index

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


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def healthz(request: HttpRequest) -> HttpResponse:
    """Load balancers and uptime probes ask with GET, HEAD or OPTIONS. 200 when the database
    answers and the index opens, reads and holds the database's published articles (give or
    take the queue's backlog); 503 with the reason otherwise (archive/search/health.py)."""
    if request.method == "OPTIONS":
        return HttpResponse(headers={"Allow": "GET, HEAD, OPTIONS", "Cache-Control": "no-store"})
    body: dict = {"search_engine": settings.ARCHIVE_SEARCH_ENGINE}
    try:
        health = check_index()
    except DatabaseError as exc:
        logger.exception("healthz: database unreachable")
        body.update(database=False, index=False, reason=f"database unreachable: {exc}")
    else:
        body.update(database=True, index=health.ok, documents=health.figures())
        if not health.ok:
            body["reason"] = health.reason
            logger.warning("healthz: %s", health.reason)
    ok = body["database"] and body["index"]
    response = JsonResponse({"status": "ok" if ok else "unavailable", **body},
                            status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response
