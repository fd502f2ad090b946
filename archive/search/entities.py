"""Names readers type, resolved to figures, parties and authors.

A name is a tuple of folded words (archive/search/analysis.py), so "melenchon", "Mélenchon"
and "MELENCHON" are one key. Figures are also known family name first ("Le Pen Marine"); a
name shared by two people (or listed as ambiguous in the gazetteer) resolves to nobody.

The table (which also holds the display names of facet values) is rebuilt when a figure,
party, author or publication changes (the history tables' latest row
is its cache key), so an editor's new alias works on the next search.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field

from django.db import connection

from archive.models import Author, Figure, Party, Publication
from archive.search.analysis import ALL_STOPWORDS, words

Key = tuple[str, ...]
#: Longest name, in words, looked for in a query.
MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class Ref:
    kind: str  # "figure" | "party" | "author"
    pk: int
    slug: str


@dataclass
class NameTable:
    by_kind: dict[str, dict[Key, set[Ref]]] = field(default_factory=dict)
    slugs: dict[str, dict[str, Ref]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: A word of a party's multi-word name found in no other party's or figure's name
    #: ("insoumise"): typed alone, it means that party.
    party_words: dict[str, Ref] = field(default_factory=dict)
    _vocabulary: list[str] | None = None

    def vocabulary(self) -> list[str]:
        """Every word of every name, sorted (a spelling dictionary)."""
        if self._vocabulary is None:
            self._vocabulary = sorted({w for names in self.by_kind.values() for key in names
                                       for w in key})
        return self._vocabulary

    def label(self, kind: str, slug: str) -> str:
        return self.labels.get(kind, {}).get(slug, slug)

    def add(self, ref: Ref, name: str) -> None:
        key = tuple(words(name or ""))
        if not key or (len(key) == 1 and (key[0] in ALL_STOPWORDS or len(key[0]) < 2)):
            return  # "E!" or "La" alone would turn ordinary words into names
        self.by_kind.setdefault(ref.kind, {}).setdefault(key, set()).add(ref)

    def lookup(self, key: Key, kinds: tuple[str, ...] = ("figure", "party")) -> Ref | None:
        """The one entity of ``kinds`` this name means, or None (unknown or ambiguous)."""
        found: set[Ref] = set()
        for kind in kinds:
            found |= self.by_kind.get(kind, {}).get(key, set())
        return next(iter(found)) if len(found) == 1 else None

    def resolve(self, kind: str, text: str) -> Ref | None:
        """A prefix value (``figure:melenchon``, ``party:rassemblement-national``): a slug or a
        name of that kind."""
        ref = self.slugs.get(kind, {}).get(text.strip().lower())
        return ref or self.lookup(tuple(words(text)), (kind,))

    def longest_name(self, tokens: list[str], start: int) -> tuple[Ref, int] | None:
        """The longest run of ``tokens`` from ``start`` that names exactly one entity."""
        for end in range(min(len(tokens), start + MAX_NAME_WORDS), start, -1):
            ref = self.lookup(tuple(tokens[start:end]))
            if ref is not None:
                return ref, end
        return None


def build_table() -> NameTable:
    table = NameTable()
    ambiguous: set[Key] = set()
    for pk, slug, name, given, family, aliases, amb in Figure.objects.values_list(
        "pk", "slug", "name", "given_name", "family_name", "aliases", "ambiguous_aliases"
    ):
        ref = Ref("figure", pk, slug)
        table.slugs.setdefault("figure", {})[slug] = ref
        table.labels.setdefault("figure", {})[slug] = name
        for n in [name, f"{given} {family}", f"{family} {given}", *(aliases or [])]:
            table.add(ref, n)
        ambiguous.update(tuple(words(a)) for a in amb or [])
    official: dict[Ref, Key] = {}
    for pk, slug, name, short, aliases, amb in Party.objects.values_list(
        "pk", "slug", "name", "short_name", "aliases", "ambiguous_aliases"
    ):
        ref = Ref("party", pk, slug)
        official[ref] = tuple(words(name or ""))
        table.slugs.setdefault("party", {})[slug] = ref
        table.labels.setdefault("party", {})[slug] = name
        for n in [name, short, *(aliases or [])]:
            table.add(ref, n)
        ambiguous.update(tuple(words(a)) for a in amb or [])
    for pk, slug, name, aliases in Author.objects.values_list("pk", "slug", "name", "aliases"):
        ref = Ref("author", pk, slug)
        table.slugs.setdefault("author", {})[slug] = ref
        table.labels.setdefault("author", {})[slug] = name
        for n in [name, *(aliases or [])]:
            table.add(ref, n)
    table.labels["publication"] = dict(Publication.objects.values_list("slug", "name"))
    for names in table.by_kind.values():
        for key in ambiguous:
            names.pop(key, None)
    table.party_words = _party_words(table, official, ambiguous)
    return table


#: Shorter words of party names ("parti", "union", "front") are too common to mean one party.
PARTY_WORD_MIN = 8


def _party_words(table: NameTable, official: dict[Ref, Key],
                 ambiguous: set[Key]) -> dict[str, Ref]:
    """Words of a party's official multi-word name ("La France insoumise") that no other
    party's name, alias or short name and no figure's name holds: "insoumise" means LFI.
    Aliases (translations, old names) do not give words: "french" or "europe" would."""
    owners: dict[str, set[Ref]] = {}
    for ref, key in official.items():
        for word in key if len(key) > 1 else ():
            if len(word) >= PARTY_WORD_MIN and word not in ALL_STOPWORDS:
                owners.setdefault(word, set()).add(ref)
    taken: set[str] = {w for key in ambiguous for w in key}
    for kind, names in table.by_kind.items():
        for key, refs in names.items():
            if kind != "party" or len(key) == 1:
                taken.update(key)  # figures' names, and one-word party names of their own
            else:
                for word in key:
                    if word in owners and not refs <= owners[word]:
                        taken.add(word)  # also in another party's alias
    return {w: next(iter(refs)) for w, refs in owners.items() if len(refs) == 1 and w not in taken}


_cache: dict[str, object] = {}
_cache_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _version_sql() -> str:
    parts = []
    for model in (Figure, Party, Author, Publication):
        table = connection.ops.quote_name(model.history.model._meta.db_table)
        parts.append(f"SELECT COUNT(*), MAX(history_id), MAX(history_date) FROM {table}")
    return " UNION ALL ".join(parts)


def _version() -> tuple:
    """One cheap query: row count, last id and last date of the four history tables (the
    date tells apart states that reuse ids after a rollback)."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        return tuple(tuple(row) for row in cursor.fetchall())


def name_table() -> NameTable:
    """The current table (rebuilt only when figures, parties or authors changed)."""
    version = _version()
    with _cache_lock:
        if _cache.get("version") != version:
            _cache["table"] = build_table()
            _cache["version"] = version
        return _cache["table"]
