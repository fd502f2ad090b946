"""The Whoosh backend's native query: haystack's SQ tree (the vocabulary every engine speaks,
docs/search.md) compiled by ``ArchiveWhooshSearchQuery`` into a small tree of its own, then
evaluated against the index's cached bitmaps (archive/search/docvalues.py).

Words, names, OR, filters and exclusions are C-speed bitmap operations over each term's cached
postings; only phrases ask Whoosh for positions, among the documents that hold all their
words. ``to_whoosh`` gives the same tree as a plain Whoosh query (a property test checks that
both agree: the bitmaps are the fast path, not a second meaning).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import tree
from haystack.exceptions import SearchFieldError
from haystack.inputs import BaseInput, Exact
from whoosh import query as wq
from whoosh.util.times import datetime_to_long

from archive.search.analysis import ALL_STOPWORDS, LANGUAGES, STEMMED_FIELDS, stem, words
from archive.search.docvalues import VALUE_FIELDS, Bits
from archive.search.query import TOKENIZERS

#: haystack names of the text the reader searches (the document field and our two stemmed
#: copies of it).
CONTENT_NAMES = ("content", "text", *STEMMED_FIELDS.values())


# -- the tree ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    """Folded words in the body: all required, or consecutive (``phrase``)."""

    words: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True)
class Title:
    words: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True)
class Value:
    """A whole-value field holding any of ``values``."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Dates:
    """Published in [lo, hi) (raw column keys; either may be None)."""

    lo: int | None
    hi: int | None


@dataclass(frozen=True)
class Everything:
    pass


@dataclass(frozen=True)
class And:
    parts: tuple


@dataclass(frozen=True)
class Or:
    parts: tuple


@dataclass(frozen=True)
class Not:
    part: object


EVERYTHING = Everything()


# -- SQ -> tree ----------------------------------------------------------------------------
def compile_sq(node) -> object:
    """A haystack SearchNode (an SQ tree, as SearchQuerySet.filter() builds it) as our tree."""
    parts = []
    for child in node.children:
        if isinstance(child, tree.Node):
            part = compile_sq(child)
        else:
            expression, value = child
            field, filter_type = node.split_expression(expression)
            part = _leaf(field, filter_type, value)
        if part is not EVERYTHING:
            parts.append(part)
    if not parts:
        result = EVERYTHING
    elif len(parts) == 1:
        result = parts[0]
    else:
        result = (Or if node.connector == "OR" else And)(tuple(parts))
    return Not(result) if node.negated else result


def _text_of(value) -> str:
    if isinstance(value, BaseInput):
        return str(value.query_string)
    return str(value)


def _leaf(field: str, filter_type: str, value) -> object:
    if field in CONTENT_NAMES or field == "title":
        folded = tuple(words(_text_of(value)))
        phrase = isinstance(value, Exact) or filter_type == "exact"
        if not folded:
            return EVERYTHING
        return (Title if field == "title" else Text)(folded, phrase and len(folded) > 1)
    if field == "published":
        return _dates(filter_type, value)
    if field in VALUE_FIELDS:
        if filter_type == "in":
            return Value(field, tuple(_value_text(v) for v in value))
        if filter_type in ("content", "exact"):
            return Value(field, (_value_text(value),))
    raise SearchFieldError(f"The Whoosh backend cannot search {field}__{filter_type}.")


def _value_text(value) -> str:
    if isinstance(value, bool):  # flags are indexed as "1" (see ArticleIndex.prepare)
        return "1" if value else ""
    return _text_of(value)


def _key(value) -> int:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
    elif isinstance(value, dt.date):
        value = dt.datetime(value.year, value.month, value.day)
    else:
        raise SearchFieldError(f"published needs a date or datetime, not {value!r}.")
    return datetime_to_long(value)


def _dates(filter_type: str, value) -> Dates:
    if filter_type == "gte":
        return Dates(_key(value), None)
    if filter_type == "gt":
        return Dates(_key(value) + 1, None)
    if filter_type == "lte":
        return Dates(None, _key(value) + 1)
    if filter_type == "lt":
        return Dates(None, _key(value))
    if filter_type == "range":
        lo, hi = value
        return Dates(_key(lo), _key(hi) + 1)
    if filter_type in ("content", "exact"):
        return Dates(_key(value), _key(value) + 1)
    raise SearchFieldError(f"The Whoosh backend cannot search published__{filter_type}.")


# -- evaluation on bitmaps -----------------------------------------------------------------
def matching_docs(node, values, searcher) -> Bits | None:
    """The live documents the tree matches (None: it restricts nothing, e.g. only stop words
    and no exclusion)."""
    found = _docs(node, values, searcher)
    return None if found is None else found & values.live


def _docs(node, values, searcher) -> Bits | None:
    if isinstance(node, Text):
        return _phrase_docs(node.words, values, searcher) if node.phrase else _words_docs(
            node.words, values)
    if isinstance(node, Title):
        return _title_docs(node.words, values, searcher)
    if isinstance(node, Value):
        result = Bits(0)
        for value in node.values:
            result = result | values.docs(node.field, value)
        return result
    if isinstance(node, Dates):
        return values.dated_between(node.lo, node.hi)
    if isinstance(node, Not):
        inner = _docs(node.part, values, searcher)
        return None if inner is None else values.live - inner
    if isinstance(node, And):
        result = None
        excluded = []
        for part in node.parts:
            if isinstance(part, Not):
                bits = _docs(part.part, values, searcher)
                if bits is not None:
                    excluded.append(bits)
                continue
            bits = _docs(part, values, searcher)
            if bits is not None:
                result = bits if result is None else result & bits
        if result is None and not excluded:
            return None
        result = values.live if result is None else result
        for bits in excluded:
            result = result - bits
        return result
    if isinstance(node, Or):
        parts = [b for b in (_docs(n, values, searcher) for n in node.parts) if b is not None]
        if not parts:
            return None
        result = parts[0]
        for bits in parts[1:]:
            result = result | bits
        return result
    return None  # Everything


def _words_docs(words_: tuple[str, ...], values) -> Bits | None:
    result = None
    for word in words_:
        if word in ALL_STOPWORDS:
            continue
        bits = None
        for lang in LANGUAGES:
            found = values.term(STEMMED_FIELDS[lang], stem(word, lang))
            bits = found if bits is None else bits | found
        result = bits if result is None else result & bits
    return result


def _phrase_docs(words_: tuple[str, ...], values, searcher) -> Bits | None:
    result = None
    for lang in LANGUAGES:
        fieldname = STEMMED_FIELDS[lang]
        terms = [t for w in words_ if (t := TOKENIZERS[lang].term(w)) is not None]
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


def _title_docs(words_: tuple[str, ...], values, searcher) -> Bits:
    """Titles are folded, not stemmed: one word also matches its longer forms ("retraite"
    finds "Retraites")."""
    if len(words_) > 1:
        bits = values.live
        for word in words_:
            bits = bits & values.term("title", word)
        if bits:
            bits = bits & Bits.from_ids(searcher.docs_for_query(wq.Phrase("title", list(words_))))
        return bits
    word = words_[0]
    root = stem(word, "fr")
    bits = values.term("title", word)
    return bits | values.prefix("title", root) if len(root) >= 4 else bits


# -- what relevance adds up, what snippets mark ---------------------------------------------
def scoring_pairs(node) -> list[tuple[str, str]]:
    """The (field, term) pairs whose BM25 weights rank the matches: the words of the reader's
    query (whole-value fields and dates filter, they do not rank), excluded parts left out."""
    if isinstance(node, Text):
        if node.phrase:
            return [(STEMMED_FIELDS[lang], t) for lang in LANGUAGES for w in node.words
                    if (t := TOKENIZERS[lang].term(w)) is not None]
        return [(STEMMED_FIELDS[lang], stem(w, lang)) for w in node.words
                if w not in ALL_STOPWORDS for lang in LANGUAGES]
    if isinstance(node, Title):
        return [("title", w) for w in node.words]
    if isinstance(node, And | Or):
        return list(dict.fromkeys(pair for part in node.parts for pair in scoring_pairs(part)))
    return []


def positive_text(node) -> tuple[set[str], list[tuple[str, ...]]]:
    """The folded words and the phrases (and multi-word titles) a snippet should mark."""
    found: set[str] = set()
    phrases: list[tuple[str, ...]] = []

    def visit(n) -> None:
        if isinstance(n, Text | Title):
            found.update(n.words)
            if n.phrase or (isinstance(n, Title) and len(n.words) > 1):
                phrases.append(n.words)
        elif isinstance(n, And | Or):
            for part in n.parts:
                visit(part)

    visit(node)
    return found, phrases


# -- the same tree as a plain Whoosh query (the reference the bitmaps must agree with) -------
def to_whoosh(node) -> wq.Query | None:
    if isinstance(node, Text):
        if node.phrase:
            return _whoosh_phrase(node.words)
        parts = [wq.Or([wq.Term(STEMMED_FIELDS[lang], stem(w, lang)) for lang in LANGUAGES])
                 for w in node.words if w not in ALL_STOPWORDS]
        return None if not parts else parts[0] if len(parts) == 1 else wq.And(parts)
    if isinstance(node, Title):
        if len(node.words) > 1:
            return wq.Phrase("title", list(node.words))
        word = node.words[0]
        root = stem(word, "fr")
        if len(root) >= 4:
            return wq.Or([wq.Term("title", word), wq.Prefix("title", root)])
        return wq.Term("title", word)
    if isinstance(node, Value):
        terms = [wq.Term(node.field, v) for v in node.values]
        return terms[0] if len(terms) == 1 else wq.Or(terms)
    if isinstance(node, Not):
        inner = to_whoosh(node.part)
        return wq.Not(inner) if inner is not None else None
    if isinstance(node, And | Or):
        parts = [q for q in (to_whoosh(p) for p in node.parts) if q is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else (wq.And if isinstance(node, And) else wq.Or)(
            parts)
    return None


def _whoosh_phrase(words_: tuple[str, ...]) -> wq.Query | None:
    parts = []
    for lang in LANGUAGES:
        terms = [t for w in words_ if (t := TOKENIZERS[lang].term(w)) is not None]
        fieldname = STEMMED_FIELDS[lang]
        if len(terms) == 1:
            parts.append(wq.Term(fieldname, terms[0]))
        elif terms:
            parts.append(wq.Phrase(fieldname, terms))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.Or(parts)
