"""The SQ tree as PostgreSQL: haystack's SearchQuery for the PostgreSQL engine.

``PostgresSearchQuery.build_query()`` turns the engine-neutral SQ tree into a ``QueryPlan`` (a
small tree of leaves, no database access); the backend resolves its text leaves to tsquery
values in one round trip and renders the plan as a WHERE clause (``render``):

- text on the document (``content``/``text``): words -> ``plainto_tsquery`` (AND), phrases ->
  ``phraseto_tsquery`` (``<->``), prefixes -> ``word:*``; each in the French and the English
  configuration, and an article matches in the configuration of its own language. A subtree of
  text leaves becomes one tsquery per language (``&``, ``|``, ``!``), so the GIN index answers
  the whole boolean query at once.
- ``title``: the same on ``title_vector`` (folded words, not stemmed, like the Whoosh title).
- whole-value fields: ``=``/``ANY`` on scalars, ``@>``/``&&`` on the text arrays; ranges on
  ``published``, ``year``, ``month``; ``changed``; ``article_id``/``django_id``.

A text leaf that analyses to nothing (a stop word alone) drops out of its AND/OR, as in the
Whoosh engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from haystack.backends import BaseSearchQuery
from haystack.constants import DJANGO_ID, ID
from haystack.inputs import BaseInput

from archive.search.postgres.schema import FACET_ARRAYS, FACET_SCALARS, LANGUAGE_BRANCHES

ARRAY_FIELDS = set(FACET_ARRAYS)
SCALAR_FIELDS = set(FACET_SCALARS)
RANGE_FIELDS = {"published", "year", "month", "article_id"}
CONTENT_FIELDS = {"content", "text", "text_fr", "text_en"}
TITLE_FIELD = "title"
LANGUAGES = ("fr", "en")
CONFIG = {"fr": "archive_fr", "en": "archive_en", "title": "archive_simple"}


class QueryError(ValueError):
    """A filter the PostgreSQL engine cannot express (a field or lookup outside the
    vocabulary in docs/search-vocabulary)."""


@dataclass
class Leaf:
    field: str
    lookup: str
    value: object
    #: For text leaves, filled by the backend: tsquery text per config key ("fr", "en",
    #: "title"); "" when the words analyse to nothing.
    tsquery: dict[str, str] = field(default_factory=dict)

    @property
    def is_text(self) -> bool:
        return self.field in CONTENT_FIELDS or self.field == TITLE_FIELD

    @property
    def text_kind(self) -> str:
        if self.lookup == "startswith":
            return "prefix"
        if self.lookup == "exact" or getattr(self.value, "input_type_name", "") == "exact":
            return "phrase"
        return "words"

    @property
    def text(self) -> str:
        value = self.value
        if isinstance(value, BaseInput):
            value = value.query_string
        if isinstance(value, list | tuple | set):
            return " ".join(str(v) for v in value)
        return str(value)


@dataclass
class Node:
    connector: str  # "AND" | "OR"
    negated: bool
    children: list[Node | Leaf]


@dataclass
class QueryPlan:
    root: Node

    def leaves(self, *, positive_only: bool = False) -> list[Leaf]:
        found: list[Leaf] = []

        def walk(node: Node | Leaf, negated: bool) -> None:
            if isinstance(node, Leaf):
                if not (positive_only and negated):
                    found.append(node)
                return
            for child in node.children:
                walk(child, negated != node.negated)

        walk(self.root, False)
        return found

    def text_leaves(self) -> list[Leaf]:
        return [leaf for leaf in self.leaves() if leaf.is_text]

    def positive_text(self) -> list[Leaf]:
        return [leaf for leaf in self.leaves(positive_only=True) if leaf.is_text]

    def __bool__(self) -> bool:
        return bool(self.root.children)

    def __str__(self) -> str:
        def show(node: Node | Leaf) -> str:
            if isinstance(node, Leaf):
                return f"{node.field}__{node.lookup}={node.text!r}"
            inner = f" {node.connector} ".join(show(c) for c in node.children)
            return f"NOT ({inner})" if node.negated else f"({inner})"

        return show(self.root) if self else "*"


def plan_from_sq(sq) -> QueryPlan:
    """haystack's SQ/SearchNode tree (children: nodes or (expression, value) pairs)."""

    def convert(node) -> Node:
        children: list[Node | Leaf] = []
        for child in node.children:
            if hasattr(child, "children"):
                converted = convert(child)
                if converted.children:
                    children.append(converted)
            else:
                expression, value = child
                name, lookup = node.split_expression(expression)
                children.append(Leaf(name, lookup, value))
        return Node(node.connector, bool(node.negated), children)

    return QueryPlan(convert(sq))


# -- rendering (after the backend filled the leaves' tsquery texts) ------------------------
@dataclass
class _Text:
    """A pure text subtree: one tsquery text per language ('' = analyses to nothing)."""

    fr: str
    en: str


@dataclass
class _Sql:
    sql: str
    params: list


def _combine_ts(parts: list[str], op: str) -> str:
    parts = [p for p in parts if p]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else f" {op} ".join(f"( {p} )" for p in parts)


def text_match(tsqueries: dict[str, str], languages=LANGUAGE_BRANCHES) -> str:
    """SQL: ``document @@`` the tsquery (an SQL expression per language) of the article's own
    language: one branch per partial document index, its predicate first (schema.py); only
    the branches of ``languages`` when the search is restricted to them."""
    branches = [f"({LANGUAGE_BRANCHES[lang]} AND document @@ {tsqueries[lang]})"
                for lang in LANGUAGE_BRANCHES if lang in languages]
    return "(" + " OR ".join(branches) + ")"


def text_predicate(fr: str, en: str, languages=LANGUAGE_BRANCHES) -> _Sql:
    """document @@ the tsquery of the article's own language (both branches even when the
    two texts are the same: each branch is what one partial index answers)."""
    langs = [lang for lang in LANGUAGE_BRANCHES if lang in languages]
    return _Sql(text_match({"en": "%s::tsquery", "fr": "%s::tsquery"}, langs),
                [{"en": en, "fr": fr}[lang] for lang in langs])


def _as_sql(part: _Text | _Sql | None, languages) -> _Sql | None:
    if part is None or isinstance(part, _Sql):
        return part
    if not part.fr and not part.en:
        return None
    return text_predicate(part.fr, part.en, languages)


def _render(node: Node | Leaf, languages) -> _Text | _Sql | None:
    if isinstance(node, Leaf):
        return _leaf(node)
    parts = [p for p in (_render(c, languages) for c in node.children) if p is not None]
    if not parts:
        return None
    op_ts = "&" if node.connector == "AND" else "|"
    if all(isinstance(p, _Text) for p in parts):
        fr = _combine_ts([p.fr for p in parts], op_ts)
        en = _combine_ts([p.en for p in parts], op_ts)
        if not fr and not en:
            return None
        if node.negated:
            fr, en = (f"!( {fr} )" if fr else ""), (f"!( {en} )" if en else "")
        return _Text(fr, en)
    sqls = [s for s in (_as_sql(p, languages) for p in parts) if s is not None]
    if not sqls:
        return None
    joined = f" {node.connector} ".join(f"({s.sql})" for s in sqls)
    params = [v for s in sqls for v in s.params]
    if node.negated:
        return _Sql(f"NOT COALESCE(({joined}), false)", params)
    return _Sql(f"({joined})", params)


def searched_languages(root: Node) -> tuple[str, ...]:
    """The document branches a search can match: with a positive language filter at the top
    (``language=fr``: "Articles in French"), only that language's. The planner cannot drop
    the other branch of the OR itself, and with it chose the figure's index and tested the
    word on each of 31,000 rows' out-of-line vectors (180-370 ms) over the French document
    index (30-50 ms)."""
    if root.negated or root.connector != "AND":
        return tuple(LANGUAGE_BRANCHES)
    for child in root.children:
        if isinstance(child, Leaf) and child.field == "language":
            if child.lookup in {"content", "contains", "exact"}:
                values = [child.value]
            elif child.lookup == "in":
                values = list(child.value)
            else:
                continue
            values = [getattr(v, "query_string", v) for v in values]
            return tuple(lang for lang in LANGUAGE_BRANCHES
                         if any((str(v) == "en") == (lang == "en") for v in values))
    return tuple(LANGUAGE_BRANCHES)


def render_where(plan: QueryPlan) -> tuple[str, list]:
    """The WHERE clause of a plan whose text leaves are resolved: ("true", []) for none."""
    if not plan:
        return "true", []
    languages = searched_languages(plan.root)
    part = _as_sql(_render(plan.root, languages), languages)
    if part is None:  # only words that analyse to nothing
        return "false", []
    if not languages:  # language__in=[]: nothing
        return "false", []
    return part.sql, part.params


def rank_tsqueries(plan: QueryPlan) -> tuple[str, str] | None:
    """OR of the positive text leaves, per language: what relevance ranks with."""
    leaves = plan.positive_text()
    fr = _combine_ts([leaf.tsquery.get("fr", "") for leaf in leaves], "|")
    en = _combine_ts([leaf.tsquery.get("en", "") for leaf in leaves], "|")
    return (fr, en) if (fr or en) else None


def _leaf(leaf: Leaf) -> _Text | _Sql | None:
    name, lookup, value = leaf.field, leaf.lookup, leaf.value
    if isinstance(value, BaseInput) and not leaf.is_text:
        value = value.query_string
    if name in CONTENT_FIELDS:
        if lookup not in {"content", "contains", "exact", "startswith", "in", "fuzzy"}:
            raise QueryError(f"lookup {lookup!r} is not supported on the text")
        return _Text(leaf.tsquery.get("fr", ""), leaf.tsquery.get("en", ""))
    if name == TITLE_FIELD:
        ts = leaf.tsquery.get("title", "")
        return _Sql("title_vector @@ %s::tsquery", [ts]) if ts else None
    if name in (ID, DJANGO_ID, "django_id", "article_id"):
        name, value = "article_id", _article_ids(value)
        if lookup in {"content", "contains", "exact"}:
            return _Sql("article_id = %s", [value[0]])
        if lookup == "in":
            return _Sql("article_id = ANY(%s)", [value])
        return _range("article_id", lookup, value[0])
    if name == "django_ct":
        return _Sql("true", []) if str(value).endswith("archive.article") else _Sql("false", [])
    if name == "changed":
        return _Sql("changed" if _truthy(value) else "NOT changed", [])
    if name in ARRAY_FIELDS:
        if lookup in {"content", "contains", "exact"}:
            return _Sql(f"{name} @> ARRAY[%s]::text[]", [str(value)])
        if lookup == "in":
            return _Sql(f"{name} && %s::text[]", [[str(v) for v in value]])
        raise QueryError(f"lookup {lookup!r} is not supported on {name}")
    if name in SCALAR_FIELDS or name == "published":
        if lookup in {"content", "contains", "exact"}:
            # Plain comparisons (no COALESCE): a NULL is no match in a WHERE, a negation
            # goes through NOT COALESCE(...) above, and the planner recognises `language =
            # 'en'` as the English document index's predicate (with COALESCE it filtered
            # 100,000 rows of a figure by reading their vectors: 1.9 s instead of 0.56).
            return _Sql(f"{name} = %s", [_value(name, value)])
        if lookup == "in":
            return _Sql(f"{name} = ANY(%s)", [[_value(name, v) for v in value]])
        if name in RANGE_FIELDS:
            return _range(name, lookup, _value(name, value))
    raise QueryError(f"the PostgreSQL search engine has no field {name!r} (lookup {lookup!r})")


_RANGE_OPS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _range(name: str, lookup: str, value) -> _Sql:
    if lookup == "range":
        low, high = value
        return _Sql(f"{name} BETWEEN %s AND %s", [low, high])
    if lookup not in _RANGE_OPS:
        raise QueryError(f"lookup {lookup!r} is not supported on {name}")
    return _Sql(f"{name} {_RANGE_OPS[lookup]} %s", [value])


def _value(name: str, value):
    if name == "published" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if name == "published" and isinstance(value, list | tuple):
        return [_value(name, v) for v in value]
    return value if name == "published" else str(value)


def _article_ids(value) -> list[int]:
    values = value if isinstance(value, list | tuple | set) else [value]
    return [int(str(v).rsplit(".", 1)[-1]) for v in values]


def _truthy(value) -> bool:
    return value is True or str(value).lower() in {"1", "true", "yes"}


class PostgresSearchQuery(BaseSearchQuery):
    def build_query(self) -> QueryPlan:
        return plan_from_sq(self.query_filter)

    def __str__(self) -> str:
        return str(self.build_query())

    def build_query_fragment(self, field, filter_type, value):  # haystack's string API
        return f"{field}__{filter_type}={value!r}"

    def matching_all_fragment(self) -> str:
        return "*"

    def run_mlt(self, **kwargs):
        """haystack's run_mlt, with the slice passed on (haystack's own leaves it out, so a
        backend would rank every similar article to show five)."""
        kwargs.setdefault("start_offset", self.start_offset)
        if self.end_offset is not None:
            kwargs.setdefault("end_offset", self.end_offset)
        super().run_mlt(**kwargs)
