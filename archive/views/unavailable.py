"""When search cannot answer (``SearchUnavailable``: the index is missing or unreadable), the
page, feed or export that asked says so with a 503 instead of a 500 or an empty result;
pages that do not search keep working. One middleware for every view, one handler for the
API (archive/api/routes.py)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from archive.search.availability import MESSAGE, SearchUnavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


def _machine_readable(request: HttpRequest) -> bool:
    match = request.resolver_match
    name = match.url_name if match else ""
    return bool(name) and ("feed" in name or "export" in name or name.startswith("network-"))


def unavailable_json(request: HttpRequest, exc: SearchUnavailable) -> HttpResponse:
    response = JsonResponse({"detail": str(MESSAGE), "errors": [exc.reason]}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def unavailable_response(request: HttpRequest, exc: SearchUnavailable) -> HttpResponse:
    logger.warning("Search unavailable for %s: %s", request.path, exc.reason)
    if request.path.startswith("/api/"):
        return unavailable_json(request, exc)
    if _machine_readable(request):
        response = HttpResponse(str(MESSAGE) + "\n", status=503,
                                content_type="text/plain; charset=utf-8")
    else:
        response = render(request, "search/unavailable.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class SearchUnavailableMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, SearchUnavailable):
            return unavailable_response(request, exception)
        return None
