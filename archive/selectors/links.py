"""Search parameters back to the search page's query string (the inverse of
archive.search.params.parse_search_params), for links from compare and network points."""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import urlencode

from django.urls import reverse

from archive.search.params import SearchParams


def search_query(params: SearchParams, **dates: dt.date | None) -> str:
    """``?q=..&figure=..`` of a search; ``date_from``/``date_to`` replace its dates."""
    date_from = dates.get("date_from", params.date_from)
    date_to = dates.get("date_to", params.date_to)
    pairs: list[tuple[str, str]] = []
    if params.q:
        pairs.append(("q", params.q))
    for key, values in (("figure", params.figures), ("party", params.parties),
                        ("author", params.authors), ("publication", params.publications)):
        pairs += [(key, v) for v in values]
    if params.lang:
        pairs.append(("lang", params.lang))
    if date_from:
        pairs.append(("from", date_from.isoformat()))
    if date_to:
        pairs.append(("to", date_to.isoformat()))
    if params.parties and not params.lineage:
        pairs.append(("lineage", "0"))
    return f"?{urlencode(pairs)}" if pairs else ""


def search_url(params: SearchParams, **dates: dt.date | None) -> str:
    return _search_path() + search_query(params, **dates)


@functools.lru_cache(maxsize=1)
def _search_path() -> str:
    return reverse("search")
