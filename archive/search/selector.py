"""The one search path: the HTML page, Atom feeds, CSV export and API all call these.

    params, messages = parse_search_params(request.GET)
    result = search_articles(params)             # one page, facets, suggestion, entity

Every read goes through haystack's ``SearchQuerySet`` on the configured engine
(``settings.ARCHIVE_SEARCH_ENGINE``: the haystack connection "default"), in the vocabulary
every engine speaks (docs/search.md):
1. The reader's query (archive/search/query.py) becomes an SQ tree: words, phrases, names,
   years, OR, exclusions.
2. Filters (figure, party with or without lineage, author, publication, lang, dates) are
   ``filter()`` calls on whole values; ``facet()`` asks for whole-value counts over the whole
   result set; ``order_by("-published")`` / ``order_by("published")`` for newest and oldest,
   none for relevance; ``highlight()`` for snippets; ``set_spelling_query()`` for "did you
   mean"; ``more_like_this()`` for similar articles.
3. One slice of the SearchQuerySet runs the search once: the page, the count, the facets
   and the suggestion come back together; the page's articles then come from the database in
   one listing query.

Choices: an unknown filter slug matches nothing (an empty page and "Unknown party 'x'"), like
any filter no article satisfies; a page past the end is empty with a message.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from haystack.query import SearchQuerySet

from archive.models import Article, Figure, Party
from archive.models.sources import LANGUAGES
from archive.search.analysis import fold_word
from archive.search.availability import SearchUnavailable, engine_errors
from archive.search.entities import NameTable, name_table
from archive.search.params import MAX_PER_PAGE, SearchParams
from archive.search.query import ParsedQuery, parse_query, query_sq
from archive.search_indexes import utc_midnight

#: haystack connection of the configured engine.
USING = "default"
FACETS = {  # facet key -> index field
    "figure": "figure",
    # Counted over lineages, like the party filter and the parties pages (FN's articles
    # count for the RN), so that a facet's figure is what choosing it finds.
    "party": "party_lineage",
    "author": "author",
    "publication": "publication",
    "language": "language",
    "year": "year",
}
FACET_SIZE = 15
#: Articles of the eager first slice of ``iter_search_articles`` (a stream's first rows).
FIRST_SLICE = 100
#: Whole-value fields ``facet_counts`` answers for.
COUNT_FIELDS = ("figure", "party", "party_lineage", "party_named", "author", "publication",
                "language", "year", "month")


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    article: Article
    score: float
    snippet: str


@dataclass
class SearchResult:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    num_pages: int = 1
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    entity: Figure | Party | None = None
    messages: list[str] = field(default_factory=list)


# -- public API ----------------------------------------------------------------------------
def search_articles(params: SearchParams) -> SearchResult:
    if params.page < 1 or not 1 <= params.per_page <= MAX_PER_PAGE:  # built by hand, not parsed
        params = replace(params, page=max(params.page, 1),
                         per_page=min(max(params.per_page, 1), MAX_PER_PAGE))
    names = name_table()
    parsed = parse_query(params.q, names)
    result = SearchResult(page=params.page, messages=list(parsed.messages))
    sqs = _queryset(params, parsed, names, result.messages)
    if sqs is None:
        result.facets = _facet_values({}, params, names)
        return result
    for key, fieldname in FACETS.items():
        sqs = sqs.facet(fieldname, **({} if key == "year" else {"limit": FACET_SIZE}))
    sqs = sqs.highlight(names=parsed.highlight_names(names))
    if parsed.plain_words():
        sqs = sqs.set_spelling_query(" ".join(parsed.plain_words()))
    start = (params.page - 1) * params.per_page
    with engine_errors():
        page = sqs[start:start + params.per_page]  # runs the search once: page, count, facets
        list(page)
        result.total = sqs.count()
        suggested = sqs.spelling_suggestion() if parsed.plain_words() else None
        fields = sqs.facet_counts().get("fields", {})
    result.num_pages = max(1, math.ceil(result.total / params.per_page))
    if result.total and params.page > result.num_pages:
        result.messages.append(
            _("Page %(page)d is past the last page of results (%(pages)d).")
            % {"page": params.page, "pages": result.num_pages}
        )
    if parsed.plain_words():
        result.suggestion = _suggestion(params.q, parsed.plain_words(), suggested)
    result.facets = _facet_values(
        {key: dict(fields.get(fieldname, [])) for key, fieldname in FACETS.items()},
        params, names, total=result.total)
    result.hits = _hits(page)
    if (ref := parsed.entity) is not None:
        model = Figure if ref.kind == "figure" else Party
        result.entity = model.objects.filter(pk=ref.pk).first()
    return result


def iter_search_articles(params: SearchParams, limit: int) -> Iterator[Article]:
    """Every article of a search (up to ``limit``) in the search's order, loaded in chunks
    as result cards load (for the feeds)."""
    return _load_in_chunks(iter_search_ids(params, limit))


def iter_search_ids(params: SearchParams, limit: int) -> Iterator[int]:
    """The ids of every article of a search (up to ``limit``) in the search's order: for the
    exports, which load each batch their own way (archive/exports/records.py)."""
    names = name_table()
    parsed = parse_query(params.q, names)
    sqs = _queryset(params, parsed, names, [])
    if sqs is None or limit <= 0:
        return iter(())
    # The first slice runs now, before the first row is asked for, so that a failure is an
    # error response and never a file cut after its header; it is small, so that the first
    # rows leave at once. The rest is one more slice, asked for when those are sent.
    head = min(limit, FIRST_SLICE)
    with engine_errors():
        first = [int(r.pk) for r in sqs[0:head]]
    return _pks(sqs, first, head, limit)


def _pks(sqs: SearchQuerySet, first: list[int], head: int, limit: int) -> Iterator[int]:
    yield from first
    if len(first) == head < limit:
        with engine_errors():
            yield from (int(r.pk) for r in sqs.all()[head:limit])


def _load_in_chunks(pks: Iterator[int], size: int = 500) -> Iterator[Article]:
    """Articles of ``pks`` in their order, a chunk at a time; the first chunk is the first
    slice, so that it is loaded before the rest of the search runs."""
    chunk_size = FIRST_SLICE
    while chunk := list(islice(pks, chunk_size)):
        chunk_size = size
        by_pk = Article.objects.published().for_listing().in_bulk(chunk)
        yield from (by_pk[pk] for pk in chunk if pk in by_pk)


def similar_articles(article: Article, limit: int = 5) -> list[Article]:
    """Articles sharing the most distinctive words of this one (haystack's more_like_this)."""
    if limit <= 0:
        return []
    with engine_errors():
        found = SearchQuerySet(using=USING).models(Article).more_like_this(article)[:limit + 1]
        pks = [int(r.pk) for r in found if int(r.pk) != article.pk][:limit]
    by_pk = Article.objects.published().for_listing().in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def facet_counts(params: SearchParams, field: str, limit: int | None = None) -> dict[str, int]:
    """Whole-value counts of one index field (``month``, ``figure``, ``party_lineage``...)
    over the results of ``params``, most frequent first: no page, no snippets."""
    if field not in COUNT_FIELDS:
        raise ValueError(f"No facet counts for {field!r} (one of {', '.join(COUNT_FIELDS)}).")
    names = name_table()
    sqs = _queryset(params, parse_query(params.q, names), names, [])
    if sqs is None:
        return {}
    sqs = sqs.facet(field, **({"limit": limit} if limit else {}))
    sqs.query.set_limits(0, 0)
    with engine_errors():
        return dict(sqs.facet_counts().get("fields", {}).get(field, []))


# -- the SearchQuerySet --------------------------------------------------------------------
def _queryset(params: SearchParams, parsed: ParsedQuery, names: NameTable,
              messages: list[str]) -> SearchQuerySet | None:
    """The search as a SearchQuerySet, or None when it can find nothing (unknown slugs, a
    query of very common words only)."""
    if not _check_slugs(params, names, messages):
        return None
    sq = query_sq(parsed)
    if not parsed.is_empty and sq is None:
        messages.append(_("The query has only very common words; please add a more "
                          "specific one."))
        return None
    sqs = SearchQuerySet(using=USING).models(Article)
    if sq is not None:
        sqs = sqs.filter(sq)
    party_field = "party_lineage" if params.lineage else "party"
    for fieldname, slugs in (("figure", params.figures), (party_field, params.parties),
                             ("author", params.authors), ("publication", params.publications),
                             ("language", (params.lang,) if params.lang else ())):
        for slug in slugs:
            sqs = sqs.filter(**{fieldname: slug})
    if params.date_from:
        sqs = sqs.filter(published__gte=utc_midnight(params.date_from))
    if params.date_to:
        sqs = sqs.filter(published__lte=utc_midnight(params.date_to))
    if params.changed:
        sqs = sqs.filter(changed=True)
    sort = params.effective_sort
    if sort == "newest":
        sqs = sqs.order_by("-published")
    elif sort == "oldest":
        sqs = sqs.order_by("published")
    return sqs


UNKNOWN = {
    "figure": gettext_lazy("Unknown figure '%(slug)s'."),
    "party": gettext_lazy("Unknown party '%(slug)s'."),
    "author": gettext_lazy("Unknown author '%(slug)s'."),
    "publication": gettext_lazy("Unknown publication '%(slug)s'."),
}


def _check_slugs(params: SearchParams, names: NameTable, messages: list[str]) -> bool:
    known = True
    for kind, slugs in (("figure", params.figures), ("party", params.parties),
                        ("author", params.authors), ("publication", params.publications)):
        for slug in slugs:
            if slug not in names.labels.get(kind, {}):
                messages.append(UNKNOWN[kind] % {"slug": slug})
                known = False
    return known


def _suggestion(q: str, plain: list[str], suggested: str | None) -> str | None:
    """The engine's suggestion for the plain words, put back into the reader's query."""
    if not suggested:
        return None
    replacements = {w: fold_word(s) for w, s in zip(plain, suggested.split(), strict=False)
                    if fold_word(s) != w}
    if not replacements:
        return None
    return re.sub(r"\w+", lambda m: replacements.get(fold_word(m[0]), m[0]), q)


# -- presentation --------------------------------------------------------------------------
def _facet_values(counts: dict[str, dict[str, int]], params: SearchParams,
                  names: NameTable, total: int = 0) -> dict[str, list[FacetValue]]:
    selected = {
        "figure": set(params.figures), "party": set(params.parties),
        "author": set(params.authors), "publication": set(params.publications),
        "language": {params.lang} if params.lang else set(), "year": set(),
    }
    languages = {code: str(label) for code, label in LANGUAGES}
    out: dict[str, list[FacetValue]] = {}
    for key in FACETS:
        found = counts.get(key, {})
        if key == "year":
            chosen = sorted(found, reverse=True)
        else:
            chosen = sorted(found, key=lambda v: (-found[v], v))[:FACET_SIZE]
            chosen += sorted(v for v in selected[key] if v not in chosen)
        out[key] = [
            FacetValue(
                value=v,
                label=languages.get(v, v) if key == "language"
                else v if key == "year" else names.label(key, v),
                # a chosen value beyond the engine's top values is held by every result
                count=found.get(v, total if v in selected[key] else 0),
                selected=v in selected[key],
            )
            for v in chosen
        ]
    return out


def _hits(page: list) -> list[Hit]:
    if not page:
        return []
    # An engine may hand over the rows it read for the snippets (haystack's result.object).
    loaded = {int(r.pk): r._object for r in page if getattr(r, "_object", None) is not None}
    missing = [int(r.pk) for r in page if int(r.pk) not in loaded]
    by_pk = {**loaded, **(Article.objects.published().for_listing().in_bulk(missing)
                          if missing else {})}
    hits = []
    for result in page:
        article = by_pk.get(int(result.pk))
        if article is None:  # unpublished or deleted since the index last heard of it
            continue
        highlighted = getattr(result, "highlighted", None) or {}
        snippets = highlighted.get("text") or [""]
        hits.append(Hit(article, float(result.score or 0.0), snippets[0]))
    return hits


__all__ = [
    "FacetValue", "Hit", "SearchParams", "SearchResult", "SearchUnavailable", "facet_counts",
    "iter_search_articles", "iter_search_ids", "search_articles", "similar_articles",
]
