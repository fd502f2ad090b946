"""A parsed query (archive/search/query.py) evaluated against the index's cached bitmaps
(archive/search/docvalues.py), and what relevance adds up for it.

Words, names, OR and exclusions are C-speed bitmap operations over each term's cached
postings; only phrases ask Whoosh for positions, among the documents that hold all their
words. ``matching_docs`` must agree with Whoosh's evaluation of ``query.to_whoosh`` (a
property test checks it): the bitmaps are the fast path, not a second meaning.
"""

from __future__ import annotations

from whoosh import query as wq

from archive.search.analysis import ALL_STOPWORDS, LANGUAGES, STEMMED_FIELDS, stem
from archive.search.docvalues import Bits
from archive.search.query import (
    ENTITY_FIELDS,
    TOKENIZERS,
    AnyOf,
    EntityTerm,
    Not,
    ParsedQuery,
    Phrase,
    Words,
)


def matching_docs(parsed: ParsedQuery, values, searcher) -> Bits | None:
    """The live documents the query matches, as a bitmap (None: the query restricts nothing,
    e.g. only stop words and no exclusion). Words, names, OR and exclusions are bitmap
    operations over cached postings; phrases are checked by Whoosh among the documents that
    hold all their words."""
    result = None
    for clause in parsed.positive:
        bits = _docs(clause, values, searcher)
        if bits is not None:
            result = bits if result is None else result & bits
    excluded = [b for b in (_docs(n, values, searcher) for n in parsed.negative) if b is not None]
    if result is None and not excluded:
        return None
    result = values.live if result is None else result & values.live
    for bits in excluded:
        result = result - bits
    return result


def _docs(node, values, searcher) -> Bits | None:
    if isinstance(node, Words):
        result = None
        for word in node.words:
            if word in ALL_STOPWORDS:
                continue
            bits = _any_language(values, word)
            result = bits if result is None else result & bits
        return result
    if isinstance(node, Phrase):
        if node.field == "title":
            return _title_docs(node.words, values, searcher)
        return _phrase_docs(node.words, values, searcher)
    if isinstance(node, EntityTerm):
        entity = values.docs(ENTITY_FIELDS[node.ref.kind], node.ref.slug)
        text = _phrase_docs(node.words, values, searcher) if node.words else None
        return entity if text is None else entity | text
    if isinstance(node, Not):  # inside an OR: "ruffin OR -macron"
        inner = _docs(node.node, values, searcher)
        return None if inner is None else values.live - inner
    if isinstance(node, AnyOf):
        parts = [b for b in (_docs(n, values, searcher) for n in node.nodes) if b is not None]
        if not parts:
            return None
        result = parts[0]
        for bits in parts[1:]:
            result = result | bits
        return result
    return None


def _any_language(values, word: str) -> Bits:
    result = None
    for lang in LANGUAGES:
        bits = values.term(STEMMED_FIELDS[lang], stem(word, lang))
        result = bits if result is None else result | bits
    return result


def _phrase_docs(words: tuple[str, ...], values, searcher) -> Bits | None:
    result = None
    for lang in LANGUAGES:
        fieldname = STEMMED_FIELDS[lang]
        terms = [t for w in words if (t := TOKENIZERS[lang].term(w)) is not None]
        if not terms:
            continue
        bits = values.term(fieldname, terms[0])
        for term in terms[1:]:
            bits = bits & values.term(fieldname, term)
        if len(terms) > 1 and bits:
            bits = bits & Bits.from_ids(
                searcher.docs_for_query(wq.Phrase(fieldname, terms))
            )
        result = bits if result is None else result | bits
    return result


def _title_docs(words: tuple[str, ...], values, searcher) -> Bits:
    if len(words) > 1:
        bits = values.live
        for word in words:
            bits = bits & values.term("title", word)
        if bits:
            bits = bits & Bits.from_ids(searcher.docs_for_query(wq.Phrase("title", list(words))))
        return bits
    word = words[0]
    root = stem(word, "fr")
    bits = values.term("title", word)
    return bits | values.prefix("title", root) if len(root) >= 4 else bits


def scoring_groups(parsed: ParsedQuery) -> list[list[tuple[str, str]]]:
    """What relevance adds up: one group per required clause, holding the (field, term)
    pairs any of which may score for it (a word's stem in either language field, a name's
    field value and its words, the alternatives of an OR)."""
    groups = []
    for clause in parsed.positive:
        group = _scoring_terms(clause)
        if group:
            groups.append(group)
    return groups


def _scoring_terms(node) -> list[tuple[str, str]]:
    if isinstance(node, Words):
        return [(STEMMED_FIELDS[lang], stem(w, lang)) for w in node.words
                if w not in ALL_STOPWORDS for lang in LANGUAGES]
    if isinstance(node, Phrase):
        if node.field == "title":
            return [("title", w) for w in node.words]
        return [(STEMMED_FIELDS[lang], t) for lang in LANGUAGES for w in node.words
                if (t := TOKENIZERS[lang].term(w)) is not None]
    if isinstance(node, EntityTerm):
        own = [(ENTITY_FIELDS[node.ref.kind], node.ref.slug)]
        return own + _scoring_terms(Phrase(node.words)) if node.words else own
    if isinstance(node, AnyOf):
        return [pair for n in node.nodes for pair in _scoring_terms(n)]
    return []
