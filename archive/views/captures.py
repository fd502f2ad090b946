"""Replay of captures (a banner and a sandboxed frame) and the list of silent edits."""

from __future__ import annotations

from csp.decorators import csp_exempt
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from archive.models import Article, Capture
from archive.selectors.captures import archived_response, replayable
from archive.selectors.changes import PER_PAGE, recent_changes

#: The frame's document runs no script and loads nothing: not from the live web, not even
#: from the archive (only inline styles and data: images, which the page itself holds).
REPLAY_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _public_capture(pk: int) -> Capture:
    capture = get_object_or_404(Capture.objects.select_related("article"), pk=pk,
                                article__status=Article.Status.PUBLISHED)
    if not replayable(capture):
        raise Http404("this capture was not read from a WARC record")
    return capture


def capture_replay(request: HttpRequest, pk: int) -> HttpResponse:
    capture = _public_capture(pk)
    return render(request, "captures/replay.html",
                  {"capture": capture, "article": capture.article})


@csp_exempt()
@xframe_options_sameorigin
def capture_frame(request: HttpRequest, pk: int) -> HttpResponse:
    capture = _public_capture(pk)
    archived = archived_response(capture)
    if archived is None:
        raise Http404("the WARC record of this capture cannot be read")
    response = HttpResponse(archived.body, content_type=archived.content_type)
    response["Content-Security-Policy"] = REPLAY_CSP  # csp_exempt: the middleware keeps it
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


def changes(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(recent_changes(), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "changes/list.html", {"page_obj": page})
