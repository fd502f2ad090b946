"""How text becomes index terms, shared by indexing, query parsing, snippets and suggestions.

Every analyzer folds case and accents first (so "melenchon" meets "Mélenchon" and "coeur" meets
"cœur"), then the stemming analyzers stem the folded word with the article's language. Folding
before stemming guarantees that a word typed with or without accents gives the same stem.

Fields that use them (see archive/search/backend.py):
- ``text_fr`` / ``text_en``: folded, stop words dropped, Snowball-stemmed, positions kept (for
  phrases); only the field of the article's language is filled, a query looks in both.
- ``title``: folded words, nothing dropped: title searches and the spelling dictionary.

The analyzers are single-loop tokenizers rather than Whoosh filter chains: indexing spends
most of its time here, and one generator with a word cache is several times cheaper.
"""

from __future__ import annotations

import functools
import unicodedata

from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.util.text import rcompile

LANGUAGES = ("fr", "en")
STEMMED_FIELDS = {"fr": "text_fr", "en": "text_en"}
#: Words, with dotted abbreviations kept together ("U.S"); apostrophes and hyphens split
#: ("l'élection" -> "l", "élection"), the same at index and query time.
WORD_PATTERN = r"\w+(\.?\w+)*"
#: Common words Whoosh's Snowball lists lack.
EXTRA_STOPWORDS = {"fr": {"les", "cet", "cette", "ces", "aux"}, "en": set()}
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


@functools.lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """'Mélenchon' -> 'melenchon', 'Cœur' -> 'coeur'. Cached: vocabularies repeat."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class FoldFilter(Filter):
    """Case and accent folding as a Whoosh filter (for custom analyzer chains)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold_word(t.text)
            yield t


class FoldingTokenizer(Tokenizer):
    """Words, folded: RegexTokenizer | FoldFilter in one loop (indexing speed)."""

    def __init__(self) -> None:
        self.expression = rcompile(WORD_PATTERN)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def term(self, raw: str) -> str | None:
        return fold_word(raw)

    def cache(self) -> dict:
        """raw word -> term, filled by term() (none here: fold_word has its own cache)."""
        return _NO_CACHE

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        matches = self.expression.finditer(value) if tokenize else [_Whole(value)]
        pos = start_pos
        term = self.term
        for match in matches:
            raw = match.group(0)
            text = term(raw)
            if text is None:  # a stop word
                if removestops:
                    continue
                t.stopped = True
                t.text = fold_word(raw)
            else:
                t.stopped = False
                t.text = text
            t.boost = 1.0
            if keeporiginal:
                t.original = raw
            if positions:
                t.pos = pos
                pos += 1
            if chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            yield t


    def word_positions(self, value: str) -> dict[str, list[int]]:
        """term -> positions, as the index's Positions format wants them: the indexing fast
        path (no Token objects, no generator chain; same terms and positions as __call__)."""
        poses: dict[str, list[int]] = {}
        term = self.term
        cached = self.cache().get
        pos = 0
        for match in self.expression.finditer(value):
            raw = match.group(0)
            text = cached(raw, _MISSING)
            if text is _MISSING:
                text = term(raw)
            if text is None:
                continue
            found = poses.get(text)
            if found is None:
                poses[text] = [pos]
            else:
                found.append(pos)
            pos += 1
        return poses


class StemmingTokenizer(FoldingTokenizer):
    """Words folded, stop words of ``lang`` dropped (positions renumbered, so that a phrase
    typed with or without its small words matches), Snowball stems of the folded words;
    the whole chain in one loop with a per-language cache from raw word to term."""

    is_morph = True

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.lang == self.lang

    def cache(self) -> dict:
        return _TERMS[self.lang]

    def term(self, raw: str) -> str | None:
        cache = _TERMS[self.lang]
        try:
            return cache[raw]
        except KeyError:
            pass
        if len(cache) > 500_000:
            cache.clear()
        folded = fold_word(raw)
        term = None if folded in _stoplists()[self.lang] else stem(folded, self.lang)
        cache[raw] = term
        return term


class _Whole:
    """A match-like object for tokenize=False."""

    def __init__(self, value: str) -> None:
        self.value = value

    def group(self, _: int) -> str:
        return self.value

    def start(self) -> int:
        return 0

    def end(self) -> int:
        return len(self.value)


_TERMS: dict[str, dict[str, str | None]] = {"fr": {}, "en": {}}
_NO_CACHE: dict = {}
_MISSING = object()


@functools.lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    return {lang: stoplist(lang) for lang in LANGUAGES}


def stoplist(lang: str) -> frozenset[str]:
    return frozenset(fold_word(w) for w in {*stopwords_for_language(lang),
                                           *EXTRA_STOPWORDS[lang]})


ALL_STOPWORDS: frozenset[str] = stoplist("fr") | stoplist("en")


def folding_analyzer() -> FoldingTokenizer:
    """Folded words, nothing dropped: titles and the spelling dictionary."""
    return FoldingTokenizer()


def stemming_analyzer(lang: str) -> StemmingTokenizer:
    """Folded, stop words dropped, Snowball stem of the folded word."""
    return StemmingTokenizer(lang)


def terms(text: str, lang: str) -> list[str]:
    """The terms the ``lang`` field holds for ``text`` (stop words left out)."""
    return [t.text for t in StemmingTokenizer(lang)(text)]


@functools.lru_cache(maxsize=100_000)
def stem(word: str, lang: str) -> str:
    """The stem the index holds for an already folded word in the ``lang`` field."""
    return _stemmers()[lang](word)


def _snowball_name(lang: str) -> str:
    return {"fr": "french", "en": "english"}[lang]


@functools.lru_cache(maxsize=1)
def _stemmers() -> dict:
    return {lang: stemmer_for_language(_snowball_name(lang)) for lang in LANGUAGES}


def words(text: str) -> list[str]:
    """The folded words of ``text`` as the ``title`` field tokenises them."""
    return [t.text for t in _FOLDING(text)]


def stemmed_field_for(language: str | None) -> str:
    """Articles in other languages than English are stemmed as French (the archive's main)."""
    return STEMMED_FIELDS.get(language or "fr", STEMMED_FIELDS["fr"])


def language_of_field(fieldname: str) -> str:
    return next(lang for lang, name in STEMMED_FIELDS.items() if name == fieldname)


_FOLDING = folding_analyzer()
