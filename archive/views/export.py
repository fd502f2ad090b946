"""Exports of a search: CSV (plain and Excel-friendly), JSON lines, RIS and BibTeX. Each is
streamed record by record (constant memory) up to EXPORT_LIMIT articles, through the one
search selector."""

from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from archive.exports.bibtex import bibtex_lines
from archive.exports.jsonl import jsonl_lines
from archive.exports.records import records
from archive.exports.ris import ris_lines
from archive.exports.tables import COLUMNS, csv_lines, safe_cell
from archive.search.params import FALSE, parse_search_params
from archive.search.selector import iter_search_ids

#: Most rows one export returns; the search page states it.
EXPORT_LIMIT = 10_000

__all__ = ["COLUMNS", "EXPORT_LIMIT", "safe_cell", "search_bib", "search_csv", "search_jsonl",
           "search_ris"]


def _flag(request: HttpRequest, key: str) -> bool:
    value = request.GET.get(key, "").strip().lower()
    return bool(value) and value not in FALSE


def _export(request: HttpRequest, lines: Callable[..., Iterator[str]], content_type: str,
            filename: str, *, captures: bool = False, **options) -> HttpResponse:
    query = request.GET.copy()
    for key in ("excel", "body"):
        query.pop(key, None)
    params, messages = parse_search_params(query)
    if messages:
        return HttpResponse("\n".join([_("Malformed search parameters:"), *messages, ""]),
                            status=400, content_type="text/plain; charset=utf-8")
    base = request.build_absolute_uri("/")[:-1]
    found = records(iter_search_ids(params, EXPORT_LIMIT), captures=captures,
                    body=options.get("body", False))
    response = StreamingHttpResponse(lines(found, base, **options), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Export-Limit"] = str(EXPORT_LIMIT)
    return response


def search_csv(request: HttpRequest) -> HttpResponse:
    """``excel=1``: a UTF-8 byte-order mark and ';' between cells, as Excel opens it."""
    excel = _flag(request, "excel")
    return _export(request, csv_lines, "text/csv; charset=utf-8",
                   "archive-search-excel.csv" if excel else "archive-search.csv", excel=excel)


def search_jsonl(request: HttpRequest) -> HttpResponse:
    """Every field of each article; ``body=1`` adds the body and each capture's text."""
    return _export(request, jsonl_lines, "application/x-ndjson; charset=utf-8",
                   "archive-search.jsonl", captures=True, body=_flag(request, "body"))


def search_ris(request: HttpRequest) -> HttpResponse:
    return _export(request, ris_lines, "application/x-research-info-systems; charset=utf-8",
                   "archive-search.ris")


def search_bib(request: HttpRequest) -> HttpResponse:
    source = request.build_absolute_uri(request.get_full_path().replace("/export.bib", "/", 1))
    return _export(request, bibtex_lines, "application/x-bibtex; charset=utf-8",
                   "archive-search.bib", source=source, limit=EXPORT_LIMIT)
