"""Word counts that are fair to scripts written without spaces.

Chinese and Japanese (Han, kana) and Thai text has no spaces between words; counting
whitespace-separated chunks would make a 2,000-character Japanese article "4 words". As word
processors do, each CJK character counts as one word; everything else is counted by
whitespace-separated tokens.
"""

import re

# Han ideographs (with extensions A and compatibility), Hiragana, Katakana (and phonetic
# extensions), half-width Katakana, Bopomofo, Yi; Thai and Lao (no spaces between words).
_UNSPACED = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\ua000-\ua48f\u0e00-\u0e7f\u0e80-\u0eff]"
)
_PUNCTUATION_ONLY = re.compile(r"^[\W_]+$")


def count_words(text: str) -> int:
    """Words in `text`: whitespace-separated tokens, each CJK/Thai character counting as one."""
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    rest = _UNSPACED.sub(" ", text)
    return unspaced + sum(1 for token in rest.split() if not _PUNCTUATION_ONLY.match(token))
