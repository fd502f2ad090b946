"""The search page. It parses the parameters once (archive.search.params), asks the one
search selector, and renders; messages about malformed input are shown on the page."""

import datetime as dt
from dataclasses import dataclass, replace

import nh3
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe

from archive.search.params import parse_search_params
from archive.search.selector import search_articles
from archive.views.export import EXPORT_LIMIT

FILTERS = {"figure": "figures", "party": "parties", "author": "authors",
           "publication": "publications"}


FACET_TITLES = [("figure", "Figures"), ("party", "Parties"), ("author", "Authors"),
                ("publication", "Publications"), ("language", "Language"), ("year", "Year")]


def safe_snippet(snippet: str) -> SafeString:
    """The selector's snippet is escaped text with <mark> tags; it is cleaned once more to
    <mark> alone before being trusted, the only HTML a reader's page takes from data."""
    return mark_safe(nh3.clean(str(snippet), tags={"mark"}, attributes={}))  # noqa: S308


def mark_selected_year(params, values: list) -> list:
    """The selector cannot know a date range is 'a year'; a range of exactly one calendar
    year shows that year's facet as selected (its link then clears the range)."""
    def covers(value) -> bool:
        try:
            year = int(str(value))
        except ValueError:
            return False
        return (params.date_from == dt.date(year, 1, 1)
                and params.date_to == dt.date(year, 12, 31))

    return [replace(v, selected=True) if covers(v.value) else v for v in values]


@dataclass(frozen=True)
class Chip:
    """An active filter shown as a removable chip."""

    kind: str
    label: str
    key: str
    value: str | None


def chips(params, facets: dict) -> list[Chip]:
    labels = {(name, str(v.value)): str(v.label) for name, values in facets.items()
              for v in values}
    found = []
    for key, field in FILTERS.items():
        for slug in getattr(params, field):
            found.append(Chip(key, labels.get((key, slug), slug), key, slug))
    if params.lang:
        found.append(Chip("language", labels.get(("language", params.lang), params.lang),
                          "lang", None))
    if params.date_from:
        found.append(Chip("from", params.date_from.isoformat(), "from", None))
    if params.date_to:
        found.append(Chip("to", params.date_to.isoformat(), "to", None))
    if (params.parties and not params.lineage):
        found.append(Chip("party names", "this name only", "lineage", None))
    return found


def search(request: HttpRequest) -> HttpResponse:
    params, messages = parse_search_params(request.GET)
    result = search_articles(params)
    return render(request, "search/results.html", {
        "params": params,
        "result": result,
        "messages_": [*messages, *result.messages],
        "chips": chips(params, result.facets),
        "hits": [{"article": hit.article, "snippet": safe_snippet(hit.snippet)}
                 for hit in result.hits],
        "facet_groups": [
            {"name": name, "title": title,
             "values": (mark_selected_year(params, result.facets.get(name, []))
                        if name == "year" else result.facets.get(name, []))}
            for name, title in FACET_TITLES
        ],
        "export_limit": EXPORT_LIMIT,
        "sorts": [("relevance", "Relevance"), ("newest", "Newest first"),
                  ("oldest", "Oldest first")],
    }, status=200)
