"""Snippets: a short window of the article with the query's words marked.

Words are found with the analyzer of the article's language field (the index's own analysis),
so "élections" is marked for the query "election". The analyzer is a generator: it stops at
the first few matches instead of analysing 800 words. Text is escaped; the only tags are
``<mark>``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from html import escape

from archive.search.analysis import LANGUAGES, fold_word, stemming_analyzer

WIDTH = 240
BEFORE = 60
MAX_MARKS = 8
#: Characters of the body looked at for matches (long articles: the start is representative).
SCAN_CHARS = 20_000


@functools.lru_cache(maxsize=len(LANGUAGES))
def _analyzer(lang: str):
    return stemming_analyzer(lang)


def _matches(text: str, terms: set[str], lang: str, width: int,
             phrases: Sequence[tuple[str, ...]] = ()) -> list[tuple[int, int]]:
    """Character spans of the words whose index term is in ``terms``, and of each run of
    words that spells one of ``phrases`` (a name, a quoted phrase: one span from its first
    word to its last): the analyzer's own tokenizer and term function, without building
    Whoosh tokens (this runs for every hit)."""
    analyzer = _analyzer(lang)
    term = analyzer.term
    spans: list[tuple[int, int]] = []
    limit = SCAN_CHARS
    longest = max((len(p) for p in phrases), default=0)
    recent: list[tuple[str, int]] = []  # the last words: (folded, start)
    for match in analyzer.expression.finditer(text, 0, SCAN_CHARS):
        if match.start() > limit:  # past the window around the first match
            break
        found = None
        if longest > 1:
            recent.append((fold_word(match.group(0)), match.start()))
            del recent[:-longest]
            for phrase in phrases:
                n = len(phrase)
                if n > 1 and len(recent) >= n and all(
                        _same(recent[k - n][0], phrase[k], term) for k in range(n)):
                    first = recent[-n][1]
                    while spans and spans[-1][0] >= first:  # its words marked one by one
                        spans.pop()
                    found = (first, match.end())
                    break
        if found is None and term(match.group(0)) in terms:
            found = match.span()
        if found is not None:
            spans.append(found)
            limit = spans[0][0] + width
            if len(spans) >= MAX_MARKS:
                break
    return spans


def _same(word: str, wanted: str, term) -> bool:
    """A word of the text is the phrase's word: the same folded word, or the same index term
    (a plural, another ending)."""
    if word == wanted:
        return True
    found = term(word)
    return found is not None and found == term(wanted)


def snippet(text: str, terms: set[str], language: str | None, width: int = WIDTH,
            phrases: Sequence[tuple[str, ...]] = ()) -> str:
    """Escaped HTML: a window around the first match (or the start), matches in <mark>."""
    text = (text or "").strip()
    lang = language if language in LANGUAGES else "fr"
    spans = _matches(text, terms, lang, width, phrases) if terms or phrases else []
    start = 0
    if spans and spans[0][0] > BEFORE:
        start = _last_space(text, 0, spans[0][0] - BEFORE) + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = _last_space(text, start, end)
        end = cut if cut > start else end
    for s, e in spans:  # never cut a marked word
        if s < end < e:
            end = e
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if s < pos or e > end:
            continue
        out.append(_plain(text[pos:s]))
        out.append(f"<mark>{_plain(text[s:e])}</mark>")
        pos = e
    out.append(_plain(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)


def _last_space(text: str, lo: int, hi: int) -> int:
    return max(text.rfind(" ", lo, hi), text.rfind("\n", lo, hi), text.rfind("\t", lo, hi))


def _plain(piece: str) -> str:
    """Escaped, with runs of whitespace (line breaks of the body) as one space."""
    return escape(_SPACES.sub(" ", piece))


_SPACES = re.compile(r"\s+")
