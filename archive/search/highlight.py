"""Snippets: a short window of the article with the query's words marked.

Words are found with the analyzer of the article's language field (the index's own analysis),
so "élections" is marked for the query "election". The analyzer is a generator: it stops at
the first few matches instead of analysing 800 words. Text is escaped; the only tags are
``<mark>``.
"""

from __future__ import annotations

import functools
import re
from html import escape

from archive.search.analysis import LANGUAGES, stemming_analyzer

WIDTH = 240
BEFORE = 60
MAX_MARKS = 8
#: Characters of the body looked at for matches (long articles: the start is representative).
SCAN_CHARS = 20_000


@functools.lru_cache(maxsize=len(LANGUAGES))
def _analyzer(lang: str):
    return stemming_analyzer(lang)


def _matches(text: str, terms: set[str], lang: str, width: int) -> list[tuple[int, int]]:
    """Character spans of the words whose index term is in ``terms``: the analyzer's own
    tokenizer and term function, without building Whoosh tokens (this runs for every hit)."""
    analyzer = _analyzer(lang)
    term = analyzer.term
    spans: list[tuple[int, int]] = []
    limit = SCAN_CHARS
    for match in analyzer.expression.finditer(text, 0, SCAN_CHARS):
        if match.start() > limit:  # past the window around the first match
            break
        if term(match.group(0)) in terms:
            spans.append(match.span())
            limit = spans[0][0] + width
            if len(spans) >= MAX_MARKS:
                break
    return spans


def snippet(text: str, terms: set[str], language: str | None, width: int = WIDTH) -> str:
    """Escaped HTML: a window around the first match (or the start), matches in <mark>."""
    text = (text or "").strip()
    lang = language if language in LANGUAGES else "fr"
    spans = _matches(text, terms, lang, width) if terms else []
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
