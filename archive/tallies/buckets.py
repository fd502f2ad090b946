"""The buckets an article counts in, from its facts and the gazetteer (party lineages and
figures' memberships, the same ones the index and the pages use)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from archive.models import Membership, lineage_map, lineage_members
from archive.tallies.facts import Facts

#: Every published article, by month (subject 0).
ALL = "all"
#: A figure's articles by month (subject: the figure).
FIGURE = "figure"
#: A party's articles by month, its lineage's (subject: the party): an article naming the
#: Front national counts for the Rassemblement national too, as on the party's page.
PARTY = "party"
#: A publication's articles by month (subject: the publication, 0 for none).
PUBLICATION = "publication"
#: Articles naming two figures (subject, other): both orders are kept.
CO = "co"
#: Articles naming a figure (other) while a member of a party of the subject's lineage on
#: the article's date.
MEMBER = "member"
#: A language's articles by month: kind "language:fr" (subject 0).
LANGUAGE = "language:"

#: The kinds that depend on the gazetteer (recounted when a lineage or membership changes).
GAZETTEER_KINDS = (PARTY, MEMBER)

Bucket = tuple[str, int, int, int]  # kind, subject, other, month


def month_of(date: dt.date | None) -> int:
    return date.year * 100 + date.month if date else 0


def as_date(month: int) -> dt.date:
    return dt.date(month // 100, month % 100, 1)


@dataclass
class Gazetteer:
    """The lineages of every party and the memberships of the figures at hand."""

    owners: dict[int, list[int]]  # party -> the parties whose lineage holds it
    memberships: dict[int, list[tuple[int, dt.date | None, dt.date | None]]] = field(
        default_factory=dict)

    @classmethod
    def load(cls, figure_ids: Iterable[int] = ()) -> Gazetteer:
        figure_ids = sorted(set(figure_ids))
        memberships: dict[int, list] = {}
        for start in range(0, len(figure_ids), 500):
            for figure_id, party_id, begin, end in (
                    Membership.objects.filter(figure_id__in=figure_ids[start:start + 500])
                    .values_list("figure_id", "party_id", "start", "end")):
                memberships.setdefault(figure_id, []).append((party_id, begin, end))
        return cls(lineage_members(lineage_map()), memberships)

    @classmethod
    def load_all(cls) -> Gazetteer:
        memberships: dict[int, list] = {}
        for figure_id, party_id, begin, end in Membership.objects.values_list(
                "figure_id", "party_id", "start", "end"):
            memberships.setdefault(figure_id, []).append((party_id, begin, end))
        return cls(lineage_members(lineage_map()), memberships)

    def parties_of(self, figure_id: int, on: dt.date | None) -> set[int]:
        """The parties `figure_id` belonged to on `on` (as ``Membership.covering``: an
        undated article falls only in memberships without dates)."""
        held = set()
        for party_id, begin, end in self.memberships.get(figure_id, ()):
            if begin is not None and (on is None or begin > on):
                continue
            if end is not None and (on is None or end <= on):
                continue
            held.add(party_id)
        return held


def buckets(facts: Facts, gazetteer: Gazetteer, kinds: tuple[str, ...] | None = None
            ) -> set[Bucket]:
    """The buckets of one article (only those of `kinds` when given)."""
    month = month_of(facts.published_on)
    out: set[Bucket] = set()
    if kinds is None:
        out.add((ALL, 0, 0, month))
        out.add((PUBLICATION, facts.publication_id or 0, 0, month))
        out.add((LANGUAGE + facts.language, 0, 0, month))
        for figure in facts.figures:
            out.add((FIGURE, figure, 0, month))
            for other in facts.figures:
                if other != figure:
                    out.add((CO, figure, other, 0))
    if kinds is None or PARTY in kinds:
        for party in facts.parties:
            for owner in gazetteer.owners.get(party, (party,)):
                out.add((PARTY, owner, 0, month))
    if kinds is None or MEMBER in kinds:
        for figure in facts.figures:
            for party in gazetteer.parties_of(figure, facts.published_on):
                for owner in gazetteer.owners.get(party, (party,)):
                    out.add((MEMBER, owner, figure, 0))
    return out
