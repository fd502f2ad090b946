"""The search page. It parses the parameters once (archive.search.params), asks the one
search selector, and renders; messages about malformed input are shown on the page."""

import datetime as dt
from dataclasses import dataclass, replace

import nh3
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from archive.search.params import parse_search_params
from archive.search.selector import search_articles
from archive.views.export import EXPORT_LIMIT

FILTERS = {"figure": "figures", "party": "parties", "author": "authors",
           "publication": "publications"}


FACET_TITLES = [("figure", _("Figures")), ("party", _("Parties")), ("author", _("Authors")),
                ("publication", _("Publications")), ("language", _("Language")),
                ("year", _("Year"))]

CHIP_KINDS = {"figure": _("figure"), "party": _("party"), "author": _("author"),
              "publication": _("publication"), "language": _("language"), "from": _("from"),
              "to": _("to"), "lineage": _("party names")}


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
            found.append(Chip(CHIP_KINDS[key], labels.get((key, slug), slug), key, slug))
    if params.lang:
        label = labels.get(("language", params.lang), params.lang)
        found.append(Chip(CHIP_KINDS["language"], label, "lang", None))
    if params.date_from:
        found.append(Chip(CHIP_KINDS["from"], date_format(params.date_from), "from", None))
    if params.date_to:
        found.append(Chip(CHIP_KINDS["to"], date_format(params.date_to), "to", None))
    if (params.parties and not params.lineage):
        found.append(Chip(CHIP_KINDS["lineage"], _("this name only"), "lineage", None))
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
        "sorts": [("relevance", _("Relevance")), ("newest", _("Newest first")),
                  ("oldest", _("Oldest first"))],
    }, status=200)
