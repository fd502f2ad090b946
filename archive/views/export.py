"""CSV export of a search: streamed row by row (constant memory) up to EXPORT_LIMIT rows."""

import csv

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from archive.search.params import parse_search_params
from archive.search.selector import iter_search_articles

#: Most rows one export returns; the search page states it.
EXPORT_LIMIT = 10_000

COLUMNS = ["id", "title", "published_on", "date_estimated", "language", "publication",
           "authors", "canonical_url", "archive_url", "word_count", "licence", "origin"]


class _Echo:
    """A file-like object whose write returns the line: csv.writer then yields strings."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value) -> str:
    """Keep spreadsheets from running a cell as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "@", "\t", "\r"):
        return "'" + text
    return text


def search_csv(request: HttpRequest) -> HttpResponse:
    params, messages = parse_search_params(request.GET)
    if messages:
        return HttpResponse("\n".join([_("Malformed search parameters:"), *messages, ""]),
                            status=400, content_type="text/plain; charset=utf-8")
    articles = iter_search_articles(params, EXPORT_LIMIT)
    base = request.build_absolute_uri("/")[:-1]

    def rows():
        writer = csv.writer(_Echo())
        yield writer.writerow(COLUMNS)
        for article in articles:
            rights = article.rights
            yield writer.writerow([safe_cell(v) for v in (
                article.pk,
                article.title,
                article.published_on.isoformat() if article.published_on else "",
                "yes" if article.date_estimated else "no",
                article.language,
                article.publication.name if article.publication else "",
                "; ".join(a.name for a in article.authors.all()),
                article.canonical_url or "",
                base + article.get_absolute_url(),
                article.word_count,
                rights.licence if rights else "",
                rights.origin if rights else "",
            )])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="archive-search.csv"'
    return response
