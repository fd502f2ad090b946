"""The one search path: the HTML page, Atom feeds, CSV export and API all call these.

    params, messages = parse_search_params(request.GET)
    result = search_articles(params)             # one page, facets, suggestion, entity

How a search runs (archive/search/backend.py holds the searcher, docvalues.py the cache):
1. Filters (figure, party with or without lineage, author, publication, lang, dates) become a
   bitmap of documents from per-segment cached postings and the date column.
2. The query (archive/search/query.py) becomes a bitmap too (archive/search/matching.py):
   the full result set, its count and its facets, without scoring anything.
3. The page: by relevance, BM25 sums over each query term's cached best documents (a few
   thousand additions; Whoosh scores every match only for pages too deep for those lists);
   newest/oldest, and browsing without a query, walk the cached date order.
4. Facets are ``(result & value).bit_count()`` per facet value, never stored documents.
5. The page's articles come from the database in two queries; snippets are cut from their
   bodies with the index's analyzers (archive/search/highlight.py).

Choices: an unknown filter slug matches nothing (an empty page and "Unknown party 'x'"), like
any filter no article satisfies; a page past the end is empty with a message.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from whoosh.support.levenshtein import distance
from whoosh.util.times import datetime_to_long

from archive.models import Article, Figure, Party
from archive.models.sources import LANGUAGES
from archive.search.analysis import (
    STEMMED_FIELDS,
    fold_word,
    language_of_field,
    stem,
    stemmed_field_for,
    terms,
)
from archive.search.backend import Snapshot, reading
from archive.search.docvalues import EXACT_SCORING_LIMIT, IMPACT_DEPTH, Bits
from archive.search.entities import NameTable, name_table
from archive.search.highlight import snippet
from archive.search.matching import matching_docs, scoring_groups
from archive.search.params import MAX_PER_PAGE, SearchParams
from archive.search.query import ParsedQuery, negative_query, parse_query, positive_query

FACETS = {  # facet key -> index field
    "figure": "figure",
    "party": "party",
    "author": "author",
    "publication": "publication",
    "language": "language",
    "year": "year",
}
FACET_SIZE = 15
SUGGEST_BELOW = 3
MLT_TERMS = 12
MLT_TEXT_CHARS = 6000
#: Terms in more than this share of articles say little about similarity (and cost most).
MLT_MAX_DF = 0.1
MLT_MIN_DOCS = 50


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


@dataclass
class _Matches:
    """Document numbers of one search, before loading articles."""

    docs: Bits | None  # None: every live document
    page: list[tuple[int, float]]
    total: int
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None


# -- public API ----------------------------------------------------------------------------
def search_articles(params: SearchParams) -> SearchResult:
    if params.page < 1 or not 1 <= params.per_page <= MAX_PER_PAGE:  # built by hand, not parsed
        params = replace(params, page=max(params.page, 1),
                         per_page=min(max(params.per_page, 1), MAX_PER_PAGE))
    names = name_table()
    parsed = parse_query(params.q, names)
    result = SearchResult(page=params.page, messages=list(parsed.messages))
    filters_known = _check_slugs(params, names, result.messages)
    start = (params.page - 1) * params.per_page
    stop = start + params.per_page
    with reading() as snap:
        found = _match(snap, params, parsed, start, stop, known=filters_known,
                       facets=True, messages=result.messages, names=names)
    result.total = found.total
    result.num_pages = max(1, math.ceil(found.total / params.per_page))
    if found.total and params.page > result.num_pages:
        result.messages.append(
            _("Page %(page)d is past the last page of results (%(pages)d).")
            % {"page": params.page, "pages": result.num_pages}
        )
    result.suggestion = found.suggestion
    result.facets = _facet_values(found.facets, params, names)
    result.hits = _hits(found.page, parsed, names)
    if (ref := parsed.entity) is not None:
        model = Figure if ref.kind == "figure" else Party
        result.entity = model.objects.filter(pk=ref.pk).first()
    return result


def iter_search_articles(params: SearchParams, limit: int) -> Iterator[Article]:
    """Every article of a search (up to ``limit``) in the search's order, loaded in chunks:
    for the CSV export and feeds."""
    names = name_table()
    parsed = parse_query(params.q, names)
    if not _check_slugs(params, names, []):
        return
    with reading() as snap:
        found = _match(snap, params, parsed, 0, max(limit, 0), known=True, facets=False,
                       messages=[])
    pks = [pk for pk, _ in found.page]
    for i in range(0, len(pks), 500):
        chunk = pks[i:i + 500]
        by_pk = Article.objects.published().for_listing().in_bulk(chunk)
        yield from (by_pk[pk] for pk in chunk if pk in by_pk)


def similar_articles(article: Article, limit: int = 5) -> list[Article]:
    """Articles sharing the most distinctive words of this one: its key terms (frequent here,
    rare in the archive: tf x idf over the stemmed field of its language, text from the
    database) ranked through the same cached best-documents lists as relevance, so no
    document is scored one by one."""
    fieldname = stemmed_field_for(article.language)
    lang = language_of_field(fieldname)
    counts = Counter(terms(f"{article.title}\n{article.body[:MLT_TEXT_CHARS]}", lang))
    repeated = [(t, n) for t, n in counts.items() if n > 1] or list(counts.items())
    with reading() as snap:
        values = snap.values
        total = values.doc_count_all
        own = snap.searcher.document_number(id=f"archive.article.{article.pk}")
        weighted = []
        for term, n in repeated:
            df = values.doc_frequency(fieldname, term)
            if df and (df <= total * MLT_MAX_DF or total < MLT_MIN_DOCS):
                weighted.append((n * math.log(1 + total / df), term))
        scores: dict[int, float] = {}
        for weight, term in heapq.nlargest(MLT_TERMS, weighted):
            ids, impacts = values.impacts(fieldname, term)
            for d, impact in zip(ids, impacts, strict=True):
                if d != own and d in values.live:
                    scores[d] = scores.get(d, 0.0) + weight * impact
        best = heapq.nlargest(limit + 1, scores.items(), key=lambda item: item[1])
        pks = [values.pk(d) for d, _ in best]
    pks = [pk for pk in pks if pk != article.pk][:limit]
    by_pk = Article.objects.published().for_listing().in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


# -- matching ------------------------------------------------------------------------------
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


def _day_key(day: dt.date) -> int:
    return datetime_to_long(dt.datetime(day.year, day.month, day.day))


def _filter_docs(snap: Snapshot, params: SearchParams) -> Bits | None:
    """The live documents the filters allow (None: no filter)."""
    values = snap.values
    docs: Bits | None = None
    party_field = "party_lineage" if params.lineage else "party"
    for fieldname, slugs in (("figure", params.figures), (party_field, params.parties),
                             ("author", params.authors), ("publication", params.publications),
                             ("language", (params.lang,) if params.lang else ())):
        if slugs:
            bits = values.all_of(fieldname, slugs)
            docs = bits if docs is None else docs & bits
    if params.date_from or params.date_to:
        lo = _day_key(params.date_from) if params.date_from else None
        hi = _day_key(params.date_to + dt.timedelta(days=1)) if params.date_to else None
        bits = values.dated_between(lo, hi)
        docs = bits if docs is None else docs & bits
    return docs


def _match(snap: Snapshot, params: SearchParams, parsed: ParsedQuery, start: int, stop: int,
           *, known: bool, facets: bool, messages: list[str],
           names: NameTable | None = None) -> _Matches:
    values = snap.values
    searcher = snap.searcher
    positive = positive_query(parsed)
    narrowed = False
    if not known or (not parsed.is_empty and positive is None
                     and negative_query(parsed) is None):
        if known:
            messages.append(_("The query has only very common words; please add a more "
                              "specific one."))
        docs: Bits | None = Bits(0)
    else:
        docs = _filter_docs(snap, params)
        narrowed = docs is not None or bool(parsed.negative)
        found = matching_docs(parsed, values, searcher)
        if found is not None:
            docs = found if docs is None else docs & found
    total = len(values.live) if docs is None else len(docs)

    if positive is not None and params.effective_sort == "relevance":
        page = _ranked(values, parsed, docs, start, stop)
        if page is None:  # deep pages: Whoosh scores every match
            page = _top_scored(searcher, positive, docs if narrowed else None, stop)[start:stop]
    else:
        page = [(d, 0.0) for d in values.ordered(docs, params.effective_sort, start, stop)]
    page = [(values.pk(d), score) for d, score in page]

    counts = {}
    if facets:
        counts = {key: values.counts(fieldname, docs) for key, fieldname in FACETS.items()}
    suggestion = None
    if facets and names and total < SUGGEST_BELOW and parsed.plain_words():
        suggestion = _suggest(searcher, params.q, parsed.plain_words(), names)
    return _Matches(docs, page, total, counts, suggestion)


def _ranked(values, parsed: ParsedQuery, docs: Bits | None, start: int,
            stop: int) -> list[tuple[int, float]] | None:
    """BM25 relevance. Small result sets (a narrow filter) are scored exactly, document by
    document; large ones from each term's cached best documents (DocValues.impacts): sums
    over a few thousand documents instead of scoring every match, the matches outside every
    list following newest first. None for pages too deep for the lists."""
    if docs is None or stop > IMPACT_DEPTH // 2:
        return None
    groups = scoring_groups(parsed)
    if not groups:
        return None
    if len(docs) <= EXACT_SCORING_LIMIT:
        scores = values.exact_scores([pair for group in groups for pair in group], docs)
    else:
        scores = {}
        get = scores.get
        for group in groups:
            for fieldname, term in group:
                ids, weights = values.impacts(fieldname, term)
                for d, w in zip(ids, weights, strict=True):
                    if d in docs:
                        scores[d] = get(d, 0.0) + w
    pks = values.pks
    ranked = sorted(scores.items(), key=lambda item: (-item[1], -pks[item[0]]))
    if len(ranked) < stop and len(docs) > len(ranked):
        rest = docs - Bits.from_ids(list(scores))
        ranked += [(d, 0.0) for d in values.ordered(rest, "newest", 0, stop - len(ranked))]
    return ranked[start:stop]


def _top_scored(searcher, positive, allowed: Bits | None, stop: int):
    """The ``stop`` best-scored documents (``allowed``: None when the query alone decides)."""
    if stop <= 0 or (allowed is not None and not allowed):
        return []
    results = searcher.search(positive, limit=stop, filter=allowed, terms=False)
    return [(docnum, score) for score, docnum in results.top_n]


def _suggest(searcher, q: str, plain: list[str], names: NameTable) -> str | None:
    """'did you mean': unknown words replaced by the closest known one. Cheap: candidates
    come from the title dictionary and the names of figures and parties (small, and where
    the words readers misspell live), only when results are few."""
    reader = searcher.reader()
    titles = reader.corrector("title")
    replacements: dict[str, str] = {}
    for word in dict.fromkeys(plain):
        if len(word) < 3 or word.isdigit() or _known(reader, word):
            continue
        for maxdist in (1, 2):
            options = {*titles.suggest(word, limit=3, maxdist=maxdist, prefix=1),
                       *_close_words(word, names.vocabulary(), maxdist)}
            options = [o for o in options if _known(reader, o)]
            if options:
                replacements[word] = max(options, key=lambda o: (_frequency(reader, o), o))
                break
    if not replacements:
        return None
    return re.sub(r"\w+", lambda m: replacements.get(fold_word(m[0]), m[0]), q)


def _close_words(word: str, vocabulary: list[str], maxdist: int) -> list[str]:
    return [w for w in vocabulary
            if w[:1] == word[:1] and abs(len(w) - len(word)) <= maxdist
            and distance(w, word, limit=maxdist) <= maxdist]


def _known(reader, word: str) -> bool:
    """Some article holds this word (in its language's stemmed form)."""
    return _frequency(reader, word) > 0


def _frequency(reader, word: str) -> int:
    return sum(reader.doc_frequency(fieldname, stem(word, lang))
               for lang, fieldname in STEMMED_FIELDS.items())


# -- presentation --------------------------------------------------------------------------
def _facet_values(counts: dict[str, dict[str, int]], params: SearchParams,
                  names: NameTable) -> dict[str, list[FacetValue]]:
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
                count=found.get(v, 0),
                selected=v in selected[key],
            )
            for v in chosen
        ]
    return out


def _hits(page: list[tuple[int, float]], parsed: ParsedQuery, names: NameTable) -> list[Hit]:
    if not page:
        return []
    by_pk = Article.objects.published().for_listing().in_bulk([pk for pk, _ in page])
    terms = parsed.highlight_terms(names)
    hits = []
    for pk, score in page:
        article = by_pk.get(pk)
        if article is None:  # unpublished or deleted since the index last heard of it
            continue
        lang = article.language if article.language in terms else "fr"
        source = article.summary or article.body if not terms[lang] else article.body
        hits.append(Hit(article, score, snippet(source, terms[lang], article.language)))
    return hits


__all__ = [
    "FacetValue", "Hit", "SearchParams", "SearchResult", "iter_search_articles",
    "search_articles", "similar_articles",
]
