"""The readers' query language, parsed without ever raising.

    melenchon ruffin            words, all required (AND)
    "union de la gauche"        these words in this order (accents, case, endings and small
                                words are ignored, as everywhere)
    -macron                     excluded
    ruffin OR quatennens        either
    figure:melenchon  party:rn  author:jean-dupont  title:retraites   field prefixes

Words that name exactly one figure or party ("melenchon", "JLM", "Le Pen Marine", "FN") match
the articles that mention it as well as the words themselves; a query that is exactly one such
name reports it (``ParsedQuery.entity``) so the page can offer to jump to it. Anything else
(unbalanced quotes, lone operators, unknown prefixes, control characters, 10 KB strings) is
searched as well as it can be and explained in ``messages``.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from whoosh import query as wq

from archive.search.analysis import (
    ALL_STOPWORDS,
    LANGUAGES,
    STEMMED_FIELDS,
    StemmingTokenizer,
    stem,
    words,
)
from archive.search.entities import NameTable, Ref

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 24
PREFIXES = ("figure", "party", "author", "title")
ENTITY_FIELDS = {"figure": "figure", "party": "party_lineage", "author": "author"}


# -- syntax tree ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Words:
    """Folded words typed without quotes: each is stemmed and required."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    field: str = "text"


@dataclass(frozen=True)
class EntityTerm:
    ref: Ref
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Not:
    node: object


@dataclass(frozen=True)
class AnyOf:
    nodes: tuple


@dataclass
class ParsedQuery:
    clauses: list = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def positive(self) -> list:
        return [c for c in self.clauses if not isinstance(c, Not)]

    @property
    def negative(self) -> list:
        return [c.node for c in self.clauses if isinstance(c, Not)]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def entity(self) -> Ref | None:
        """The figure or party the whole query names, if it is exactly one."""
        if len(self.clauses) == 1 and isinstance(self.clauses[0], EntityTerm):
            ref = self.clauses[0].ref
            return ref if ref.kind in ("figure", "party") else None
        return None

    def plain_words(self) -> list[str]:
        """Unquoted, non-excluded words (what spelling suggestions may correct)."""
        out: list[str] = []
        for c in self.positive:
            for node in c.nodes if isinstance(c, AnyOf) else (c,):
                if isinstance(node, Words):
                    out.extend(node.words)
        return out

    def highlight_terms(self, names: NameTable | None = None) -> dict[str, set[str]]:
        """Per language, the terms a snippet should mark: the query's words, and the name of
        a figure or party it named ("JLM" marks "Mélenchon")."""
        found: set[str] = set()

        def visit(node) -> None:
            if isinstance(node, AnyOf):
                for n in node.nodes:
                    visit(n)
            elif isinstance(node, Words | Phrase):
                found.update(node.words)
            elif isinstance(node, EntityTerm):
                found.update(node.words)
                if names is not None:
                    found.update(words(names.label(node.ref.kind, node.ref.slug)))

        for c in self.positive:
            visit(c)
        return {lang: {t for w in found if (t := TOKENIZERS[lang].term(w)) is not None}
                for lang in LANGUAGES}


# -- lexer ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Tok:
    kind: str  # "word" | "phrase" | "prefix" | "or"
    text: str
    negated: bool = False
    prefix: str = ""
    quoted: bool = False


def _clean(text: str) -> str:
    """Control and format characters become spaces; whitespace is plain spaces."""
    return "".join(
        " " if (unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Zs", "Cs", "Co", "Cn"))
        else c
        for c in text
    )


def _lex(text: str, messages: list[str]) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == " ":
            i += 1
            continue
        negated = False
        if c == "-" and i + 1 < n and text[i + 1] != " ":
            negated = True
            i += 1
            c = text[i]
        if c == '"':
            end = text.find('"', i + 1)
            if end < 0:
                messages.append(
                    _("A closing quote was missing; the rest was searched as a phrase."))
                end = n
            toks.append(_Tok("phrase", text[i + 1:end], negated))
            i = end + 1
            continue
        end = text.find(" ", i)
        end = n if end < 0 else end
        token = text[i:end]
        head, sep, rest = token.partition(":")
        if sep and head.lower() in PREFIXES:
            prefix = head.lower()
            quoted = False
            if rest.startswith('"'):
                close = text.find('"', i + len(head) + 2)
                if close < 0:
                    messages.append(_("A closing quote was missing; the rest was searched as a "
                                      "phrase."))
                    close = n
                rest = text[i + len(head) + 2:close]
                end = close + 1
                quoted = True
            if rest.strip():
                toks.append(_Tok("prefix", rest, negated, prefix, quoted))
            else:
                messages.append(_("'%(prefix)s:' needs a value after the colon; it was ignored.")
                                % {"prefix": prefix})
            i = end
            continue
        if token == "OR" and not negated:
            toks.append(_Tok("or", token))
        else:
            toks.append(_Tok("word", token, negated))
        i = end
    return toks


# -- parser --------------------------------------------------------------------------------
def parse_query(text: str, names: NameTable | None = None) -> ParsedQuery:
    """Never raises: what cannot be understood is dropped with a message."""
    parsed = ParsedQuery()
    try:
        _parse(str(text or ""), names or NameTable(), parsed)
    except Exception:  # the last line of defence: a query never breaks the page
        parsed.clauses = []
        parsed.messages.append(_("The query could not be understood; please rephrase it."))
    return parsed


def _parse(text: str, names: NameTable, parsed: ParsedQuery) -> None:
    messages = parsed.messages
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        messages.append(_("The query was cut to its first %(n)d characters.")
                        % {"n": MAX_QUERY_CHARS})
    toks = _lex(_clean(text), messages)
    nodes = _nodes(toks, names, messages)
    # OR joins the nodes on each side of it.
    clauses: list = []
    pending_or = False
    for node in nodes:
        if node == "OR":
            if clauses and not pending_or:
                pending_or = True
            else:
                messages.append("'OR' needs a term on each side; it was ignored.")
            continue
        if pending_or:
            prev = clauses.pop()
            left = prev.nodes if isinstance(prev, AnyOf) else (prev,)
            clauses.append(AnyOf((*left, node)))
            pending_or = False
        else:
            clauses.append(node)
    if pending_or:
        messages.append("'OR' needs a term on each side; it was ignored.")
    if len(clauses) > MAX_CLAUSES:
        clauses = clauses[:MAX_CLAUSES]
        messages.append(f"Only the first {MAX_CLAUSES} terms of the query were used.")
    parsed.clauses = clauses


def _nodes(toks: list[_Tok], names: NameTable, messages: list[str]) -> list:
    """Tokens to nodes; runs of plain words (hyphenated ones included: "Jean-Luc") are
    matched against names first."""
    out: list = []
    run: list[tuple[str, int]] = []  # (folded word, index of the token it came from)

    def flush() -> None:
        out.extend(_name_runs(run, names))
        run.clear()

    for index, tok in enumerate(toks):
        if tok.kind == "word" and not tok.negated:
            run.extend((w, index) for w in words(tok.text))
            continue
        flush()
        if tok.kind == "or":
            out.append("OR")
            continue
        node = _single(tok, names, messages)
        if node is not None:
            out.append(Not(node) if tok.negated else node)
    flush()
    return out


def _name_runs(run: list[tuple[str, int]], names: NameTable) -> list:
    """['le', 'pen', 'marine', 'retraites'] -> [EntityTerm(marine-le-pen), Words(retraites)];
    words left over from one hyphenated token stay together as a phrase."""
    tokens = [w for w, _ in run]
    out: list = []
    plain: list[tuple[str, int]] = []

    def emit_plain() -> None:
        for _key, group in itertools.groupby(plain, key=lambda item: item[1]):
            group_words = tuple(w for w, _ in group)
            out.append(Phrase(group_words) if len(group_words) > 1 else Words(group_words))
        plain.clear()

    i = 0
    while i < len(tokens):
        found = names.longest_name(tokens, i)
        if found is None:
            plain.append(run[i])
            i += 1
            continue
        ref, end = found
        emit_plain()
        out.append(EntityTerm(ref, tuple(tokens[i:end])))
        i = end
    emit_plain()
    return out


def _single(tok: _Tok, names: NameTable, messages: list[str]):
    if tok.kind == "phrase":
        folded = tuple(words(tok.text))
        return Phrase(folded) if folded else None
    if tok.kind == "word":  # negated plain word
        folded = tuple(words(tok.text))
        if not folded:
            return None
        if len(folded) == 1:
            found = names.lookup(folded)
            return EntityTerm(found, folded) if found else Words(folded)
        return Phrase(folded)
    # prefix
    folded = tuple(words(tok.text))
    if tok.prefix == "title":
        if not folded:
            return None
        return Phrase(folded, "title")
    ref = names.resolve(tok.prefix, tok.text)
    if ref is None:
        messages.append(f"Unknown {tok.prefix} '{tok.text.strip()[:80]}'; it was searched as "
                        f"words.")
        return Phrase(folded) if len(folded) > 1 else (Words(folded) if folded else None)
    return EntityTerm(ref, ())


# -- to Whoosh -----------------------------------------------------------------------------
def to_whoosh(node) -> wq.Query | None:
    """A node as a Whoosh query over our schema (None when nothing is left to search, e.g.
    a query of stop words only)."""
    if isinstance(node, Words):
        parts = [_word(w) for w in node.words]
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)
    if isinstance(node, Phrase):
        if node.field == "title":
            return _title(node.words)
        return _text_phrase(node.words)
    if isinstance(node, EntityTerm):
        entity = wq.Term(ENTITY_FIELDS[node.ref.kind], node.ref.slug)
        if not node.words:
            return entity
        text = _text_phrase(node.words)
        return wq.Or([entity, text]) if text is not None else entity
    if isinstance(node, AnyOf):
        parts = [q for q in (to_whoosh(n) for n in node.nodes) if q is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.Or(parts)
    if isinstance(node, Not):
        inner = to_whoosh(node.node)
        return wq.Not(inner) if inner is not None else None
    return None


def _word(word: str) -> wq.Query | None:
    if word in ALL_STOPWORDS:
        return None
    return wq.Or([wq.Term(STEMMED_FIELDS[lang], stem(word, lang)) for lang in LANGUAGES])


def _text_phrase(words: tuple[str, ...]) -> wq.Query | None:
    """The phrase in each language field, stemmed, small words left out as the index does."""
    parts = []
    for lang in LANGUAGES:
        terms = [t for w in words if (t := TOKENIZERS[lang].term(w)) is not None]
        fieldname = STEMMED_FIELDS[lang]
        if len(terms) == 1:
            parts.append(wq.Term(fieldname, terms[0]))
        elif terms:
            parts.append(wq.Phrase(fieldname, terms))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _title(words: tuple[str, ...]) -> wq.Query:
    """Titles are folded, not stemmed: one word also matches its longer forms
    ("retraite" finds "Retraites")."""
    if len(words) > 1:
        return wq.Phrase("title", list(words))
    word = words[0]
    root = stem(word, "fr")
    if len(root) >= 4:
        return wq.Or([wq.Term("title", word), wq.Prefix("title", root)])
    return wq.Term("title", word)


#: The index's own analysis of single words, per language field.
TOKENIZERS = {lang: StemmingTokenizer(lang) for lang in LANGUAGES}


def positive_query(parsed: ParsedQuery) -> wq.Query | None:
    parts = [q for q in (to_whoosh(c) for c in parsed.positive) if q is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def negative_query(parsed: ParsedQuery) -> wq.Query | None:
    parts = [q for q in (to_whoosh(n) for n in parsed.negative) if q is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.Or(parts)
