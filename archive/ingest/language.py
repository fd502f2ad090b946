"""The article's language (the archive knows French and English) from its own words."""

from __future__ import annotations

import re

FRENCH = frozenset({
    "le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "sont", "dans", "pour",
    "par", "sur", "avec", "qui", "que", "ne", "pas", "plus", "au", "aux", "ce", "cette",
    "ces", "il", "elle", "ils", "nous", "vous", "leur", "leurs", "été", "être", "mais",
    "ou", "où", "son", "sa", "ses", "à", "d", "l", "qu", "c", "n", "j", "se", "lui",
    "y", "en", "comme", "aussi",
})
ENGLISH = frozenset({
    "the", "of", "and", "to", "in", "is", "are", "was", "were", "for", "on", "with", "that",
    "this", "by", "as", "at", "from", "it", "be", "have", "has", "had", "not", "but", "or",
    "which", "who", "their", "they", "he", "she", "his", "her", "an", "will", "would",
    "been", "its", "into", "than", "also",
})
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str, declared: str | None = None) -> str:
    """"fr" or "en": the page's declared language when it is one of ours, else a count of
    common words over the first few thousand characters (English when undecided)."""
    if declared:
        code = declared.strip().lower().replace("_", "-").split("-")[0]
        if code in {"fr", "en"}:
            return code
    words = _WORD.findall(text[:6000].lower())
    french = sum(1 for w in words if w in FRENCH)
    english = sum(1 for w in words if w in ENGLISH)
    return "fr" if french > english else "en"
