"""Accent and case folding that keeps every character in place.

The automaton runs over folded text, but offsets and matched text must point into the
original, so folding maps each character to exactly one character: 'É' -> 'e', '’' -> "'",
'-' -> ' ' (so "Jean Luc" finds "Jean-Luc"). An offset in the folded text is then the same
offset in the original.
"""

import unicodedata
from functools import lru_cache

HYPHENS = "-\u2010\u2011"
_DASHES = HYPHENS + "\u2012\u2013\u2014\u2015\u2212"
_APOSTROPHES = "\u2019\u2018\u02bc\u00b4\u0060\u2032"
_SPACES = "\u00a0\u202f\u2009\u2007\u200a\t\n\r\v\f\u2028\u2029"
_SPECIAL = {"œ": "o", "Œ": "o", "æ": "a", "Æ": "a", "ß": "s", "ø": "o", "Ø": "o", "đ": "d",
            "Đ": "d", "ł": "l", "Ł": "l", "ı": "i"}


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character in, one character out."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch in _DASHES or ch in _SPACES:
        return " "
    if ch in _APOSTROPHES:
        return "'"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base[0] if base else ch


class _FoldTable(dict):
    """str.translate table that fills itself lazily for non-ASCII characters."""

    def __missing__(self, codepoint: int) -> str:
        folded = fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_TABLE = _FoldTable({ord(c): fold_char(c) for c in map(chr, range(128))})
_ASCII_TABLE = str.maketrans({c: " " for c in "-\t\n\r\v\f"} | {"\u0060": "'"})


# After lower(), every character but these needs mapping (controls, '-', '`', non-ASCII).
_SAFE = frozenset(map(chr, range(0x20, 0x7F))) - {"-", "`"}


def fold(text: str) -> str:
    """Folded text of exactly the same length as `text`."""
    lowered = text.lower()
    if text.isascii():
        return lowered.translate(_ASCII_TABLE)
    if len(lowered) != len(text):  # "İ" lowercases to two characters
        return text.translate(_TABLE)
    for ch in set(lowered).difference(_SAFE):  # a few distinct characters: replace is fast
        lowered = lowered.replace(ch, _TABLE[ord(ch)])
    return lowered


def fold_alias(alias: str) -> str:
    """Folded form of a gazetteer alias, runs of spaces collapsed (aliases are short)."""
    return " ".join(fold(alias.strip()).split())
