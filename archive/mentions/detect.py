"""Finds the figures and parties a text names: a pure function of (text, gazetteer, date).

Rules, in the order they apply:
1. Token boundaries are checked on the original text. A letter, digit or underscore next to a
   match rejects it ("PS" in "PSG", "RN" in "RNA"). Apostrophes are boundaries, so elisions
   and possessives match (d'Emmanuel Macron, l'UMP, Macron's). A hyphen next to a
   capitalised word joins names: such a match counts only when the word across the hyphen is
   itself a match ("duel Macron-Le Pen"), so "Marie-Caroline Le Pen" is not Marine and
   "Nicolas Dupont" is not found in "Nicolas Dupont-Aignan". A hyphen next to a lowercase
   word is a compound (pro-Macron, anti-FN, PS-linked) and does not stop a match.
2. Case: abbreviations match with their exact case (NUPES, LREM and other all-caps ones of
   four letters or more also in title case), other names need a capital, and a figure's
   name its capitals at word starts ("Le maire de Lyon" is not Bruno Le Maire); automaton.py.
3. Overlaps: leftmost, then longest, wins ("Jean-Marie Le Pen" hides its "Le Pen").
4. A bare surname right after a capitalised word that is not a title or function word
   ("Beth Ruffin", "Brigitte Macron") is someone else with that surname: it is dropped, and
   the figure's other bare-surname matches in the article are dropped too, unless the figure
   is also named in full or the match follows a title ("President Macron").
5. Ambiguous aliases (bare "Le Pen", or any alias several people or parties share) go to
   the candidate most recently named unambiguously before the match. With none before: to
   the only candidate named unambiguously anywhere in the article; failing that, to the only
   candidate for whom the alias is listed as unambiguous; otherwise the match is dropped.
   So bare "Le Pen" after "Marine Le Pen" is Marine, after "Jean-Marie Le Pen" is
   Jean-Marie, and after both is whoever was named in full last. Naming a figure also names
   their party of the day for this purpose ("Macron ... Renaissance" in 2023). Parties gone
   by the article's date drop out when a current party shares the alias ("Les Verts" in
   2021 is EELV).
6. Foreign texts: a party alias that outside France may name something else (abbreviations;
   English names that foreign parties share, "Socialist Party", "National Front", "the
   Greens"; one-word names such as "Renaissance") counts in a text that is not French only
   with French context nearby: a French figure, or France, French, Paris... within
   CONTEXT_CHARS. A party name qualified as foreign ("Socialist Party USA", "Democratic
   Socialists of America", "the British National Front") never counts. Abbreviations are
   whole tokens not followed or preceded by a number ("FN 5.7" pistol, "PS-7977").
7. Parties named in the text are taken as of the article's date along renamings
   ("National Front" in 2021 is the RN, "En Marche" in June 2017 is LREM). Parties of the
   figures found, as of that date, are returned separately as `derived` (not when the party
   is also named; never for undated texts).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from archive.mentions.automaton import FIGURE, PARTY, Target
from archive.mentions.normalise import HYPHENS, fold
from archive.mentions.snapshot import Gazetteer


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NOT_GIVEN_NAMES = _words(
    """
    a an and as at after against also although among and another any are around because
    before behind being both but by can could despite did do does during each either even
    ever every for from had has have he her his how however if in including into is it its
    just last like many may meanwhile might more most much my neither never new next no nor
    not now of on once only or other our over per perhaps rather said says she should since
    so some still such than that the their then there these they this those though through
    thus to today tomorrow under unlike until upon us was we were what when where whether
    which while who whom whose why will with within without would yesterday yet you your
    mr mrs ms miss dr sir madam madame monsieur mme mlle m president presidente
    vice prime minister ministre premier chancellor senator senateur senatrice deputy depute
    deputee mayor maire governor candidate candidat candidate leader chairman chairwoman
    chair secretary general professor judge comrade camarade citizen citoyen former ex
    le la les un une des du de d l au aux mais et ou donc or ni car quand lorsque lorsqu si
    comme puis alors ainsi pour selon avec sans sous chez contre dans par sur entre vers
    depuis pendant apres avant hier aujourd demain meme aussi seul seule face cote pourquoi
    comment que qu qui quoi ou ce cette ces cet son sa ses leur leurs tandis certes enfin
    desormais encore toujours deja voici voila lui elle eux nous vous ils elles on il je tu
    monsieur messieurs mesdames ancien ancienne nouveau nouvelle candidat candidate chef
    secretaire porte parole rapporteur rapporteure president presidente
    january february march april may june july august september october november december
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
    vendredi samedi dimanche
    french france european europe american british german english paris
    francais francaise europeen europeenne
    """
)


# A bare surname right after one of these names the figure even where someone else with that
# surname appears ("President Macron" next to "Brigitte Macron").
_TITLES = _words(
    """
    president presidente prime minister ministre premier chancellor senator senateur
    senatrice deputy depute deputee mayor maire governor candidate candidat leader chef
    comrade camarade secretary secretaire general
    """
)


CONTEXT_CHARS = 600
_FRENCH_CUES = re.compile(
    r"\b(?:France|French|Français|Française|Françaises|Paris|Parisian|Élysée|Elysee|Matignon|"
    r"Marseille|Lyon|Toulouse|Bordeaux|Lille|Strasbourg|Nantes|Corsica|Brittany)\b")
_FOREIGN_BEFORE = re.compile(
    r"(?:\b(?:American|America's|U\.S\.|US|United States|British|Britain's|UK|U\.K\.|English|"
    r"Scottish|Welsh|Irish|Canadian|Australian|German|Germany's|Spanish|Spain's|Italian|"
    r"Portuguese|Dutch|Belgian|Swiss|Austrian|Swedish|Norwegian|Danish|Finnish|Greek|"
    r"Japanese|Chinese|Indian|Russian|Brazilian|Mexican|Chilean|Argentine|Hungarian|Polish|"
    r"Democratic|Christian|Libertarian|Liberal|Social|Scottish|Peace and Freedom|"
    r"Green|Independent|Labour|Alaskan)\s+)$")
_FOREIGN_AFTER = re.compile(
    r"^(?:\s+(?:USA|U\.S\.A\.|of America|of the United States|of Great Britain|of Britain|"
    r"of Canada|of Australia|of India|of China|of Japan|of Germany|of Spain|of Italy|"
    r"of Chile|of Sweden|of Ireland|of England|of Scotland|of Wales|of Serbia|of Hungary|"
    r"of Albania|of Portugal|of Greece|of Austria|of Switzerland|of Belgium|of the Netherlands|"
    r"of Bangladesh|of Pakistan|of Nepal|of Kurdistan|of Peru|of Brazil|of Venezuela|"
    r"of South Africa|of Malaysia|of Romania|of Bulgaria|of Ukraine|of Russia|of Vietnam)\b|"
    r"\s*\((?:UK|US|USA|Britain|Germany|Spain|Italy|Australia|India|Japan|Chile)\))")
_NUMBER_AFTER = re.compile(r"^[\s-]?\d")
_NUMBER_BEFORE = re.compile(r"\d[\s-]?$")


def _foreign_qualified(text: str, start: int, end: int) -> bool:
    return bool(_FOREIGN_BEFORE.search(text[max(0, start - 40):start])
                or _FOREIGN_AFTER.match(text[end:end + 40]))


def _with_numbers(text: str, start: int, end: int) -> bool:
    """ "FN 5.7", "PS-7977", "12-RN": a code or a model, not a party."""
    return bool(_NUMBER_AFTER.match(text[end:end + 2])
                or _NUMBER_BEFORE.search(text[max(0, start - 2):start]))


def _foreign_filter(text: str, kept: list["_Candidate"], french: bool) -> list["_Candidate"]:
    """Rule 6: party targets lose a match that lacks French context or is foreign."""
    figure_starts = [c.start for c in kept
                     if any(t.kind == FIGURE and not t.ambiguous for t in c.targets)]
    cues = [m.start() for m in _FRENCH_CUES.finditer(text)] if not french else []

    def near(start: int) -> bool:
        return any(abs(p - start) <= CONTEXT_CHARS for p in (*figure_starts, *cues))

    result = []
    for c in kept:
        if any(t.kind == PARTY for t in c.targets):
            drop_all = _foreign_qualified(text, c.start, c.end)
            numbered = _with_numbers(text, c.start, c.end)
            context = french or near(c.start)
            c.targets = tuple(
                t for t in c.targets
                if t.kind != PARTY or not (
                    drop_all or (t.exact and numbered) or (t.needs_context and not context))
            )
            if not c.targets:
                continue
        result.append(c)
    return result


def is_french(text: str, language: str | None) -> bool:
    """The article's language when known; else its common words, and a text without any
    (a headline, a bare name) is taken as French: nothing says it is foreign."""
    if language:
        return language.lower().startswith("fr")
    from archive.ingest.language import ENGLISH, FRENCH

    words = re.findall(r"[^\W\d_]+", text[:6000].lower())
    english = sum(1 for w in words if w in ENGLISH)
    return english == 0 or sum(1 for w in words if w in FRENCH) > english


@dataclass
class Hit:
    """One figure or party in one text."""

    slug: str
    count: int
    first_offset: int
    matched_text: str
    via_figure: str | None = None


@dataclass
class Detection:
    figures: dict[str, Hit] = field(default_factory=dict)
    parties: dict[str, Hit] = field(default_factory=dict)  # named in the text
    derived: dict[str, Hit] = field(default_factory=dict)  # through a figure, not named

    @property
    def all_parties(self) -> set[str]:
        return set(self.parties) | set(self.derived)


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    targets: tuple[Target, ...]
    soft_left: bool
    soft_right: bool


def _capitalised_neighbour(text: str, hyphen: int, step: int) -> bool:
    i = hyphen + step
    return 0 <= i < len(text) and text[i].isalpha() and (
        text[i].isupper() if step > 0 else _word_start(text, i).isupper()
    )


def _word_start(text: str, i: int) -> str:
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[i]


def _word_before(text: str, start: int) -> tuple[str, int]:
    """The word separated from `start` by exactly one space, with its start ('' if none)."""
    if start < 2 or text[start - 1] not in " \u00a0":
        return "", -1
    end = i = start - 1
    while i > 0 and (text[i - 1].isalpha() or (text[i - 1] in HYPHENS and i - 1 > 0
                                                  and text[i - 2].isalpha())):
        i -= 1
    return text[i:end], i


def _hits(text: str, gazetteer: Gazetteer):
    automata = gazetteer.automaton
    if len(automata.folded):
        yield from automata.folded.iter(fold(text))
    if len(automata.exact):
        yield from automata.exact.iter(text)


def _candidates(text: str, gazetteer: Gazetteer) -> list[_Candidate]:
    n = len(text)
    found: list[_Candidate] = []
    for last, (length, targets) in _hits(text, gazetteer):
        start, end = last - length + 1, last + 1
        soft_left = soft_right = False
        if start > 0:
            ch = text[start - 1]
            if ch.isalnum() or ch == "_":
                continue
            if ch in HYPHENS:
                soft_left = _capitalised_neighbour(text, start - 1, -1)
        if end < n:
            ch = text[end]
            if ch.isalnum() or ch == "_":
                continue
            if ch in HYPHENS:
                soft_right = _capitalised_neighbour(text, end, 1)
        surface = text[start:end]
        fitting = tuple(
            t for t in targets
            if (surface in t.exact if t.exact else not (t.needs_capital and surface.islower()))
            and all(surface[i].isupper() for i in t.capitals)
        )
        if fitting:
            found.append(_Candidate(start, end, fitting, soft_left, soft_right))
    return found


def _select(found: list[_Candidate]) -> list[_Candidate]:
    """Leftmost-longest without overlaps, then hyphen-joined matches need a partner."""
    found.sort(key=lambda c: (c.start, c.start - c.end))
    kept: list[_Candidate] = []
    last_end = -1
    for c in found:
        if c.start >= last_end:
            kept.append(c)
            last_end = c.end
    starts = {c.start for c in kept}
    ends = {c.end for c in kept}
    return [
        c for c in kept
        if (not c.soft_left or c.start - 1 in ends) and (not c.soft_right or c.end + 1 in starts)
    ]


def _drop_foreign_given_names(
    text: str, kept: list[_Candidate]
) -> tuple[list[_Candidate], set[str], set[int]]:
    """Drops bare surnames after a foreign given name; returns the figures so shadowed and
    the starts of bare surnames that follow a title."""
    ends = {c.end for c in kept}
    shadowed: set[str] = set()
    titled: set[int] = set()
    result = []
    for c in kept:
        if any(t.bare for t in c.targets):
            word, word_start = _word_before(text, c.start)
            parts = fold(word).split()
            if parts and parts[-1] in _TITLES:
                titled.add(c.start)
            elif (word and word[0].isupper() and not word.isupper()
                    and not any(part in _NOT_GIVEN_NAMES for part in parts)
                    and word_start + len(word) not in ends):
                shadowed.update(t.slug for t in c.targets if t.bare)
                c.targets = tuple(t for t in c.targets if not t.bare)
                if not c.targets:
                    continue
        result.append(c)
    return result, shadowed, titled


def detect(text: str, gazetteer: Gazetteer, on: dt.date | None = None,
           language: str | None = None) -> Detection:
    """Figures and parties named in `text` (an article's title, blank line, body), written in
    `language` (None: guessed from the text)."""
    if not text or len(gazetteer.automaton) == 0:
        return Detection()
    kept = _select(_candidates(text, gazetteer))
    kept, shadowed, titled = _drop_foreign_given_names(text, kept)
    kept = _foreign_filter(text, kept, is_french(text, language))

    as_of = _memo(lambda slug: gazetteer.party_as_of(slug, on))
    party_of = _memo(lambda slug: _party_of(slug, gazetteer, on))
    named_at: dict[tuple[str, str], int] = {}
    events: list[tuple[int, int, tuple[str, str], bool]] = []
    deferred = []
    for c in kept:
        options: dict[tuple[str, str], list[Target]] = {}
        for t in c.targets:
            slug = as_of(t.slug) if t.kind == PARTY else t.slug
            options.setdefault((t.kind, slug), []).append(t)
        if len(options) > 1:  # "Les Verts" in 2021: EELV, not the party merged into it in 2010
            current = {k: ts for k, ts in options.items()
                       if k[0] == FIGURE or not gazetteer.parties[k[1]].gone_by(on)}
            options = current or options
        if len(options) == 1:
            ((key, ts),) = options.items()
            if not all(t.ambiguous for t in ts):
                events.append((c.start, c.end, key, all(t.bare for t in ts)))
                named_at[key] = c.start
                if key[0] == FIGURE:
                    party = party_of(key[1])
                    if party:
                        named_at[(PARTY, party)] = c.start
                continue
        before = [(named_at[k], k) for k in options if k in named_at]
        if before:
            key = max(before)[1]
            events.append((c.start, c.end, key, all(t.bare for t in options[key])))
        else:
            deferred.append((c, options))
    for c, options in deferred:
        named = [k for k in options if k in named_at]
        clear = [k for k, ts in options.items() if any(not t.ambiguous for t in ts)]
        choice = named if named else clear
        if len(choice) == 1:
            events.append((c.start, c.end, choice[0], all(t.bare for t in options[choice[0]])))

    in_full = {key for _, _, key, bare in events if not bare}
    events.sort()
    detection = Detection()
    for start, end, key, bare in events:
        kind, slug = key
        if (kind == FIGURE and bare and slug in shadowed and key not in in_full
                and start not in titled):
            continue
        hits = detection.figures if kind == FIGURE else detection.parties
        hit = hits.get(slug)
        if hit is None:
            hits[slug] = Hit(slug, 1, start, text[start:end])
        else:
            hit.count += 1
    _derive_parties(detection, party_of)
    return detection


def _party_of(figure: str, gazetteer: Gazetteer, on: dt.date | None) -> str | None:
    party = gazetteer.figures[figure].party_on(on)
    if party is None or party not in gazetteer.parties:
        return None
    return gazetteer.party_as_of(party, on)


def without_figures(detection: Detection, slugs: set[str], gazetteer: Gazetteer,
                    on: dt.date | None) -> Detection:
    """The detection minus some figures (an editor rejected them), parties re-derived."""
    kept = Detection({k: h for k, h in detection.figures.items() if k not in slugs},
                     detection.parties)
    _derive_parties(kept, _memo(lambda slug: _party_of(slug, gazetteer, on)))
    return kept


def _derive_parties(detection: Detection, party_of: Callable[[str], str | None]) -> None:
    for hit in sorted(detection.figures.values(), key=lambda h: h.first_offset):
        party = party_of(hit.slug)
        if party is None or party in detection.parties:
            continue
        derived = detection.derived.get(party)
        if derived is None:
            detection.derived[party] = Hit(party, hit.count, hit.first_offset, hit.matched_text,
                                           via_figure=hit.slug)
        else:
            derived.count += hit.count


def _memo(function: Callable[[str], str | None]) -> Callable[[str], str | None]:
    cache: dict[str, str | None] = {}

    def cached(slug: str) -> str | None:
        if slug not in cache:
            cache[slug] = function(slug)
        return cache[slug]

    return cached
