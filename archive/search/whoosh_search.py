"""What the project's Whoosh backend does for ``SearchQuerySet`` reads: one search over one
searcher snapshot, answering haystack's ``search()`` / ``more_like_this()`` contract.

How a search runs:
1. The compiled tree (archive/search/matching.py) becomes a bitmap of live documents: the full
   result set, its count and its facets, without scoring anything.
2. The page: with words and no ``order_by``, one scorer ranks every page (BM25). Result sets
   up to EXACT_SCORING_LIMIT are scored exactly, document by document; larger ones from each
   term's cached best documents (DocValues.impacts), the matches outside every list following
   newest first. The order is a function of the query alone, never of the page asked for, so
   paging through all results never repeats or skips one. ``published`` orders, and
   searches without words, walk the cached date order.
3. Facets are ``(result & value).bit_count()`` per facet value, never stored documents.
4. Snippets (``highlight``) are cut from the page's bodies, read from the database in one
   query, with the index's analyzers (archive/search/highlight.py).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter

from whoosh.support.levenshtein import distance

from archive.search import docvalues
from archive.search.analysis import (
    STEMMED_FIELDS,
    fold_word,
    language_of_field,
    stem,
    stemmed_field_for,
    terms,
    words,
)
from archive.search.docvalues import Bits
from archive.search.matching import (
    EVERYTHING,
    matching_docs,
    positive_text,
    scoring_pairs,
)
from archive.search.query import TOKENIZERS

#: A spelling suggestion is looked for when a search finds fewer results than this.
SUGGEST_BELOW = 3
MLT_TERMS = 12
MLT_TEXT_CHARS = 6000
#: Terms in more than this share of articles say little about similarity (and cost most).
MLT_MAX_DF = 0.1
MLT_MIN_DOCS = 50


def search(snap, node, *, start_offset: int = 0, end_offset: int | None = None,
           sort_by=None, facets=None, highlight=False, spelling_query: str | None = None,
           include_spelling: bool = True, result_class=None, **kwargs) -> dict:
    """haystack's ``backend.search()`` answer for a compiled tree."""
    from haystack.models import SearchResult

    values = snap.values
    docs = matching_docs(node, values, snap.searcher) if node is not EVERYTHING else None
    total = len(values.live) if docs is None else len(docs)
    start = max(start_offset or 0, 0)
    stop = total if end_offset is None else min(end_offset, total)
    page = ranked_page(values, node, docs, _sort(sort_by), start, stop) if stop > start else []

    result_class = result_class or SearchResult
    results = [result_class("archive", "article", str(values.pk(d)), score,
                            article_id=values.pk(d)) for d, score in page]
    if highlight and results:
        _highlight(results, node, highlight if isinstance(highlight, dict) else {})
    answer = {"results": results, "hits": total,
              "facets": {"fields": _facets(values, docs, facets or {}), "dates": {},
                         "queries": {}},
              "spelling_suggestion": None}
    if include_spelling and spelling_query and total < SUGGEST_BELOW:
        answer["spelling_suggestion"] = suggest(snap.searcher, spelling_query)
    return answer


def _sort(sort_by) -> str:
    for key in sort_by or ():
        key = str(key).strip()
        if key == "-published":
            return "newest"
        if key == "published":
            return "oldest"
    return "relevance"


def ranked_page(values, node, docs: Bits | None, sort: str, start: int,
                stop: int) -> list[tuple[int, float]]:
    """Documents ``start:stop`` of the result set in its one order."""
    pairs = scoring_pairs(node) if sort == "relevance" else []
    if not pairs:
        order = "oldest" if sort == "oldest" else "newest"
        return [(d, 0.0) for d in values.ordered(docs, order, start, stop)]
    docs = values.live if docs is None else docs
    pks = values.pks
    if len(docs) <= docvalues.EXACT_SCORING_LIMIT:
        scores = values.exact_scores(pairs, docs)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], -pks[item[0]]))
        return ranked[start:stop]
    scores: dict[int, float] = {}
    get = scores.get
    for fieldname, term in pairs:
        ids, weights = values.impacts(fieldname, term)
        for d, w in zip(ids, weights, strict=True):
            if d in docs:
                scores[d] = get(d, 0.0) + w
    ranked = sorted(scores.items(), key=lambda item: (-item[1], -pks[item[0]]))
    page = ranked[start:stop]
    if stop > len(ranked):  # past the scored documents: the rest, newest first
        rest = docs - Bits.from_ids(list(scores))
        page += [(d, 0.0) for d in values.ordered(rest, "newest", max(start - len(ranked), 0),
                                                  stop - len(ranked))]
    return page


def _facets(values, docs: Bits | None, facets: dict) -> dict[str, list[tuple[str, int]]]:
    out = {}
    for fieldname, options in facets.items():
        counts = values.counts(fieldname, docs)
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        limit = (options or {}).get("limit")
        out[fieldname] = ordered[:limit] if limit else ordered
    return out


# -- snippets ------------------------------------------------------------------------------
def _highlight(results: list, node, options: dict) -> None:
    from archive.models import Article
    from archive.search.highlight import snippet

    found, phrases = positive_text(node)
    for name in options.get("names", ()):
        name_words = tuple(words(name))
        found.update(name_words)
        if len(name_words) > 1:
            phrases.append(name_words)
    by_lang = {lang: {t for w in found if (t := tok.term(w)) is not None}
               for lang, tok in TOKENIZERS.items()}
    # The page's rows as the pages list them (haystack's result.object, loaded once here).
    by_pk = Article.objects.published().for_listing().in_bulk([r.article_id for r in results])
    for result in results:
        article = by_pk.get(result.article_id)
        if article is None:
            result.highlighted = {"text": [""]}
            continue
        result._object = article
        marks = by_lang.get(article.language, by_lang["fr"])
        source = article.body if marks else (article.summary or article.body)
        result.highlighted = {"text": [snippet(source, marks, article.language,
                                               phrases=phrases)]}


# -- spelling ------------------------------------------------------------------------------
def suggest(searcher, text: str) -> str | None:
    """'did you mean': unknown words replaced by the closest known one. Cheap: candidates
    come from the title dictionary and the names of figures and parties (small, and where
    the words readers misspell live)."""
    from archive.search.entities import name_table

    reader = searcher.reader()
    titles = reader.corrector("title")
    vocabulary = name_table().vocabulary()
    replacements: dict[str, str] = {}
    for word in dict.fromkeys(words(text)):
        if len(word) < 3 or word.isdigit() or _frequency(reader, word) > 0:
            continue
        for maxdist in (1, 2):
            options = {*titles.suggest(word, limit=3, maxdist=maxdist, prefix=1),
                       *_close_words(word, vocabulary, maxdist)}
            options = [o for o in options if _frequency(reader, o) > 0]
            if options:
                replacements[word] = max(options, key=lambda o: (_frequency(reader, o), o))
                break
    if not replacements:
        return None
    return re.sub(r"\w+", lambda m: replacements.get(fold_word(m[0]), m[0]), text)


def _close_words(word: str, vocabulary: list[str], maxdist: int) -> list[str]:
    return [w for w in vocabulary
            if w[:1] == word[:1] and abs(len(w) - len(word)) <= maxdist
            and distance(w, word, limit=maxdist) <= maxdist]


def _frequency(reader, word: str) -> int:
    return sum(reader.doc_frequency(fieldname, stem(word, lang))
               for lang, fieldname in STEMMED_FIELDS.items())


# -- more like this ------------------------------------------------------------------------
def more_like_this(snap, article, node, *, start_offset: int = 0, end_offset: int | None = None,
                   result_class=None) -> dict:
    """Articles sharing the most distinctive words of this one: its key terms (frequent here,
    rare in the archive: tf x idf over the stemmed field of its language, text from the
    database) ranked through the same cached best-documents lists as relevance, so no
    document is scored one by one. ``node`` (haystack's additional query) narrows them."""
    from haystack.models import SearchResult

    fieldname = stemmed_field_for(article.language)
    lang = language_of_field(fieldname)
    counts = Counter(terms(f"{article.title}\n{article.body[:MLT_TEXT_CHARS]}", lang))
    repeated = [(t, n) for t, n in counts.items() if n > 1] or list(counts.items())
    values = snap.values
    total = values.doc_count_all
    allowed = values.live
    if node is not EVERYTHING:
        narrowed = matching_docs(node, values, snap.searcher)
        allowed = allowed if narrowed is None else narrowed
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
            if d != own and d in allowed:
                scores[d] = scores.get(d, 0.0) + weight * impact
    pks = values.pks
    ranked = sorted(scores.items(), key=lambda item: (-item[1], -pks[item[0]]))
    start = max(start_offset or 0, 0)
    page = ranked[start:end_offset] if end_offset is not None else ranked[start:]
    result_class = result_class or SearchResult
    results = [result_class("archive", "article", str(values.pk(d)), score,
                            article_id=values.pk(d))
               for d, score in page]
    return {"results": results, "hits": len(ranked)}
