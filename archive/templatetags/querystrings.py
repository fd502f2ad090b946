"""Links that change one search parameter and keep the others (filters stay on links).

Any change other than the page number goes back to page 1."""

from django import template
from django.http import QueryDict

register = template.Library()


def _query(request) -> QueryDict:
    query = request.GET.copy()
    return query


def _encode(query: QueryDict) -> str:
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_toggle(context, key: str, value) -> str:
    """Add `value` to the repeated parameter `key`, or remove it when present."""
    query = _query(context["request"])
    value = str(value)
    values = query.getlist(key)
    query.setlist(key, [v for v in values if v != value] if value in values else [*values, value])
    query.pop("page", None)
    return _encode(query)


@register.simple_tag(takes_context=True)
def query_set(context, key: str, value) -> str:
    """Replace parameter `key` with `value` (an empty value removes it)."""
    query = _query(context["request"])
    if value in (None, ""):
        query.pop(key, None)
    else:
        query[key] = str(value)
    if key != "page":
        query.pop("page", None)
    return _encode(query)


@register.simple_tag(takes_context=True)
def query_drop(context, key: str, value=None) -> str:
    """Remove parameter `key` (or only its `value`)."""
    query = _query(context["request"])
    if value is None:
        query.pop(key, None)
    else:
        query.setlist(key, [v for v in query.getlist(key) if v != str(value)])
    query.pop("page", None)
    return _encode(query)


@register.simple_tag(takes_context=True)
def query_same(context, path: str) -> str:
    """`path` with the current search parameters (for the feed and CSV links)."""
    query = _query(context["request"])
    query.pop("page", None)
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


#: Facet names of SearchResult.facets -> the search parameter each one sets.
FACET_PARAMS = {"figure": "figure", "party": "party", "author": "author",
                "publication": "publication", "language": "lang"}


@register.simple_tag(takes_context=True)
def facet_url(context, name: str, value, selected: bool) -> str:
    """The link of a facet value: add it as a filter, or remove it when already selected.
    A year sets (or clears) the date range to that year."""
    if name == "year":
        query = _query(context["request"])
        query.pop("page", None)
        if selected:
            query.pop("from", None)
            query.pop("to", None)
        else:
            query["from"] = query["to"] = str(value)
        return _encode(query)
    key = FACET_PARAMS.get(name, name)
    if key == "lang":
        return query_drop(context, key) if selected else query_set(context, key, value)
    if selected:
        return query_drop(context, key, value)
    return query_toggle(context, key, value)


@register.filter
def basename(path: str) -> str:
    """The file name of a capture's source file, without the importing machine's folders."""
    return str(path).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
