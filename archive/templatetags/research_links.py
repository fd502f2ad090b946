"""Links to exports and research pages that carry the current search parameters."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_plus(context, path: str, key: str, value) -> str:
    """`path` with the current parameters (no page) and `key` set to `value`."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query[key] = str(value)
    return f"{path}?{query.urlencode()}"
