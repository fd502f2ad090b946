"""One Aho-Corasick automaton over every figure and party alias, keyed by folded text.

Each key maps to (length, targets); a target says who the alias may mean and how a match
must look in the original text to count:
- abbreviations (no space, two capitals or more: FN, RN, LFI, LaREM, MoDem) match only with
  exactly that case, so "ps" or "Rn" in running text is not the PS or the RN; all-caps ones
  of four letters or more also in title case ("Nupes");
- other aliases with a capital need at least one capital in the text ("le pen", "en marche"
  and "macron" the diacritic are not names); a figure's name needs its capitals where the
  alias has them at the start of a word ("Le maire de Lyon" is not Bruno Le Maire, but
  "LE MAIRE" in a headline is);
- ambiguous aliases (bare "Le Pen") and aliases shared by several people are resolved from
  the article's context in detect.py; an alias listed both as ambiguous and not is ambiguous,
  except that a lowercase ambiguous form ("révolution permanente", the idea) leaves the
  capitalised name ("Révolution permanente", the group) unambiguous;
- bare surnames (a figure's family name or a one-word alias) are checked for a foreign given
  name before them ("Beth Ruffin" is not François Ruffin).
"""

from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from archive.mentions.normalise import fold_alias, fold_char
from archive.mentions.snapshot import Gazetteer

FIGURE = "figure"
PARTY = "party"


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # FIGURE or PARTY
    slug: str
    ambiguous: bool
    exact: tuple[str, ...] | None  # the only surface forms accepted (abbreviations)
    needs_capital: bool
    bare: bool
    capitals: tuple[int, ...] = ()  # figures: word starts that must be capitals ("Le Maire")
    #: parties: an alias that outside a French text may name something else (an
    #: abbreviation, or an English name shared by foreign parties: "Socialist Party",
    #: "National Front", "the Greens"); detect.py then asks for French context.
    needs_context: bool = False


def is_abbreviation(alias: str) -> bool:
    return " " not in alias and len(alias) <= 8 and sum(c.isupper() for c in alias) >= 2


def _abbreviation_forms(alias: str) -> tuple[str, ...]:
    """"NUPES" is also written "Nupes", "LREM" "Lrem"; two- and three-letter ones never are
    (a sentence may start with "Ps" or "Fin")."""
    if alias.isupper() and alias.isalpha() and len(alias) >= 4:
        return (alias, alias.capitalize())
    return (alias,)


def _word_capitals(alias: str) -> tuple[int, ...]:
    """Offsets, in the folded alias, of words that start with a capital in the alias."""
    cased = " ".join("".join(" " if fold_char(c) == " " else c for c in alias).split())
    return tuple(i for i, c in enumerate(cased) if c.isupper() and (i == 0 or cased[i - 1] == " "))


def needs_french_context(alias: str, official_name: str = "") -> bool:
    """Whether a party alias needs French context outside French texts."""
    alias = alias.strip()
    if is_abbreviation(alias):
        return True
    words = [w.strip("'’") for w in fold_alias(alias).split()]
    if official_name and fold_alias(alias) == fold_alias(official_name):
        return len(words) == 1 and alias.isascii()  # "Renaissance", "Horizons", "Ensemble"
    if any(w in {"france", "french", "francais", "francaise"} for w in words):
        return False
    if any(c in alias for c in "éèêàâùûçôîï"):
        return False
    english = {"the", "of", "for", "a", "on", "and", "party", "national", "front", "rally",
               "socialist", "socialists", "communist", "communists", "republican",
               "republicans", "green", "greens", "left", "radical", "democratic", "movement",
               "new", "deal", "centre", "center", "centrist", "alliance", "popular", "union",
               "patriots", "generation", "generations", "ecologists", "reconquest", "workers",
               "struggle", "permanent", "revolution", "democrats", "independents", "people",
               "republic", "move", "march", "onwards", "ecology", "animalist", "anticapitalist",
               "anti-capitalist", "league", "revolutionary", "arise", "citizens", "majority"}
    return all(w in english for w in words)


def _target(kind: str, slug: str, alias: str, ambiguous: bool, family: str = "",
            official_name: str = "") -> Target:
    folded = fold_alias(alias)
    alias = alias.strip()
    abbreviation = is_abbreviation(alias)
    bare = kind == FIGURE and not abbreviation and (" " not in folded or folded == family)
    return Target(
        kind=kind,
        slug=slug,
        ambiguous=ambiguous,
        exact=_abbreviation_forms(alias) if abbreviation else None,
        needs_capital=not abbreviation and any(c.isupper() for c in alias),
        bare=bare,
        capitals=_word_capitals(alias) if kind == FIGURE and not abbreviation else (),
        needs_context=kind == PARTY and needs_french_context(alias, official_name),
    )


def alias_targets(gazetteer: Gazetteer) -> dict[str, list[Target]]:
    """Folded alias -> the targets it may name (several when people share a name)."""
    table: dict[str, list[Target]] = {}

    def add(kind: str, slug: str, alias: str, ambiguous: bool, family: str = "",
            official_name: str = "") -> None:
        key = fold_alias(alias or "")
        if len(key.replace(" ", "")) < 2:
            return
        target = _target(kind, slug, alias, ambiguous, family, official_name)
        entries = table.setdefault(key, [])
        for i, other in enumerate(entries):
            same_form = ((other.exact, other.needs_capital, other.needs_context)
                         == (target.exact, target.needs_capital, target.needs_context))
            if (other.kind, other.slug) == (kind, slug) and same_form:
                if ambiguous and not other.ambiguous:  # listed both ways: caution wins
                    entries[i] = target
                return
        entries.append(target)

    for f in gazetteer.figures.values():
        family = fold_alias(f.family_name) if f.family_name else ""
        full = [f.name]
        if f.given_name and f.family_name:
            full += [f"{f.given_name} {f.family_name}", f"{f.family_name} {f.given_name}"]
        for alias in [*full, *f.aliases]:
            add(FIGURE, f.slug, alias, False, family)
        for alias in f.ambiguous_aliases:
            add(FIGURE, f.slug, alias, True, family)
    for p in gazetteer.parties.values():
        for alias in [p.name, p.short_name, *p.aliases]:
            add(PARTY, p.slug, alias, False, official_name=p.name)
        for alias in p.ambiguous_aliases:
            add(PARTY, p.slug, alias, True, official_name=p.name)
    return table


class Automata(NamedTuple):
    """`folded` runs over folded text (names); `exact` over the original text (abbreviations,
    kept apart so that "ps" inside every "temps" does not cost a lookup)."""

    folded: ahocorasick.Automaton
    exact: ahocorasick.Automaton

    def __len__(self) -> int:
        return len(self.folded) + len(self.exact)


def _automaton(table: dict[str, list[Target]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key, targets in table.items():
        automaton.add_word(key, (len(key), tuple(targets)))
    if table:
        automaton.make_automaton()
    return automaton


def build_automaton(gazetteer: Gazetteer) -> Automata:
    folded: dict[str, list[Target]] = {}
    exact: dict[str, list[Target]] = {}
    for key, targets in alias_targets(gazetteer).items():
        for target in targets:
            if target.exact:
                for form in target.exact:
                    exact.setdefault(form, []).append(target)
            else:
                folded.setdefault(key, []).append(target)
    return Automata(_automaton(folded), _automaton(exact))
