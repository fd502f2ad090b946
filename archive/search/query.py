"""The readers' query language, parsed without ever raising.

    melenchon ruffin            words, all required (AND)
    "union de la gauche"        these words in this order (accents, case, endings and small
                                words are ignored, as everywhere)
    -macron                     excluded
    ruffin OR quatennens        either
    figure:melenchon  party:rn  author:jean-dupont  title:retraites   field prefixes

Words that name exactly one figure or party ("melenchon", "JLM", "Le Pen Marine", "FN", or a
lone word found in one party's name only: "insoumise") match the articles that mention it as
well as the words themselves; a year ("ruffin 2017") matches the articles of that year as well
as the number in the text; a query that is exactly one such
name reports it (``ParsedQuery.entity``) so the page can offer to jump to it. Anything else
(unbalanced quotes, lone operators, unknown prefixes, control characters, 10 KB strings) is
searched as well as it can be and explained in ``messages``.

``to_sq`` turns the parsed query into a haystack SQ tree of the vocabulary every engine speaks
(docs/search.md); nothing here knows an engine.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from haystack.inputs import Clean, Exact
from haystack.query import SQ

from archive.search.analysis import ALL_STOPWORDS, LANGUAGES, StemmingTokenizer, words
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
class Year:
    """A year typed among words: the articles of that year, or the number in their text."""

    year: str


@dataclass(frozen=True)
class EntityTerm:
    ref: Ref
    words: tuple[str, ...] = ()
    #: A lone word of a party's name ("insoumise"): it widens the search to the party's
    #: articles but does not name the party for the page.
    loose: bool = False


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
        if (len(self.clauses) == 1 and isinstance(self.clauses[0], EntityTerm)
                and not self.clauses[0].loose):
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
            elif isinstance(node, Year):
                found.add(node.year)
            elif isinstance(node, EntityTerm):
                found.update(node.words)
                if names is not None:
                    found.update(words(names.label(node.ref.kind, node.ref.slug)))

        for c in self.positive:
            visit(c)
        return {lang: {t for w in found if (t := TOKENIZERS[lang].term(w)) is not None}
                for lang in LANGUAGES}

    def highlight_names(self, names: NameTable | None = None) -> list[str]:
        """The display names of the figures and parties the query named (marked as one
        phrase in snippets, like the query's own phrases)."""
        found: list[str] = []

        def visit(node) -> None:
            if isinstance(node, AnyOf):
                for n in node.nodes:
                    visit(n)
            elif isinstance(node, EntityTerm) and names is not None:
                found.append(names.label(node.ref.kind, node.ref.slug))

        for c in self.positive:
            visit(c)
        return list(dict.fromkeys(found))


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
            if len(group_words) > 1:
                out.append(Phrase(group_words))
            elif YEAR.fullmatch(group_words[0]):
                out.append(Year(group_words[0]))
            else:
                out.append(Words(group_words))
        plain.clear()

    i = 0
    while i < len(tokens):
        found = names.longest_name(tokens, i)
        if found is None and (ref := names.party_words.get(tokens[i])) is not None:
            emit_plain()
            out.append(EntityTerm(ref, (tokens[i],), loose=True))
            i += 1
            continue
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


# -- to haystack ---------------------------------------------------------------------------
#: A year among the words of a query (1800-2199).
YEAR = re.compile(r"1[89]\d\d|2[01]\d\d")


def to_sq(node) -> SQ | None:
    """A node as an SQ tree of the agreed vocabulary (None when nothing is left to search,
    e.g. a query of stop words only)."""
    if isinstance(node, Words):
        parts = [SQ(content=Clean(w)) for w in node.words if w not in ALL_STOPWORDS]
        return _joined(parts, "and")
    if isinstance(node, Year):
        return SQ(year=node.year) | SQ(content=Clean(node.year))
    if isinstance(node, Phrase):
        if node.field == "title":
            return (SQ(title=Clean(node.words[0])) if len(node.words) == 1
                    else SQ(title=Exact(" ".join(node.words))))
        if not any(w not in ALL_STOPWORDS for w in node.words):
            return None
        return SQ(content=Exact(" ".join(node.words)))
    if isinstance(node, EntityTerm):
        entity = SQ(**{ENTITY_FIELDS[node.ref.kind]: node.ref.slug})
        text = to_sq(Phrase(node.words)) if node.words else None
        return entity | text if text is not None else entity
    if isinstance(node, AnyOf):
        return _joined([q for q in (to_sq(n) for n in node.nodes) if q is not None], "or")
    if isinstance(node, Not):
        inner = to_sq(node.node)
        return ~inner if inner is not None else None
    return None


def _joined(parts: list[SQ], how: str) -> SQ | None:
    if not parts:
        return None
    result = parts[0]
    for part in parts[1:]:
        result = result & part if how == "and" else result | part
    return result


def query_sq(parsed: ParsedQuery) -> SQ | None:
    """The whole query: its clauses ANDed, exclusions negated (None: nothing to search)."""
    return _joined([q for q in (to_sq(c) for c in parsed.clauses) if q is not None], "and")


#: The index's own analysis of single words, per language field.
TOKENIZERS = {lang: StemmingTokenizer(lang) for lang in LANGUAGES}
