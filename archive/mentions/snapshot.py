"""A frozen, database-free copy of the gazetteer: what detection needs and nothing more.

Detection is a pure function of (text, snapshot, date), so tests can build a snapshot by hand
and the service can build one from the database once and reuse it for thousands of articles.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Span:
    """One party membership: [start, end), open ends allowed (as in Membership)."""

    party: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or self.end > date)


@dataclass(frozen=True)
class FigureEntry:
    slug: str
    name: str
    given_name: str = ""
    family_name: str = ""
    aliases: tuple[str, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()
    memberships: tuple[Span, ...] = ()

    def party_on(self, date: dt.date | None) -> str | None:
        """Slug of the party on `date`; the latest-starting covering membership wins, as in
        Figure.membership_on. No date, no party: an undated article says nothing about when."""
        if date is None:
            return None
        covering = [m for m in self.memberships if m.covers(date)]
        if not covering:
            return None
        return max(covering, key=lambda m: m.start or dt.date.min).party


@dataclass(frozen=True)
class PartyEntry:
    slug: str
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()
    founded: dt.date | None = None
    succeeded_by: str | None = None
    succession_date: dt.date | None = None
    succession_kind: str = ""
    dissolved: dt.date | None = None

    def gone_by(self, date: dt.date | None) -> bool:
        """Dissolved or succeeded on or before `date`."""
        end = min(d for d in (self.dissolved, self.succession_date, dt.date.max) if d)
        return date is not None and end <= date


@dataclass
class Gazetteer:
    figures: dict[str, FigureEntry] = field(default_factory=dict)
    parties: dict[str, PartyEntry] = field(default_factory=dict)

    @classmethod
    def of(cls, figures: list[FigureEntry], parties: list[PartyEntry]) -> "Gazetteer":
        return cls({f.slug: f for f in figures}, {p.slug: p for p in parties})

    @cached_property
    def automaton(self):
        from archive.mentions.automaton import build_automaton

        return build_automaton(self)

    @cached_property
    def _renamed_from(self) -> dict[str, str]:
        return {
            p.succeeded_by: p.slug
            for p in self.parties.values()
            if p.succeeded_by and p.succession_kind == "renamed" and p.succession_date
        }

    def party_as_of(self, slug: str, date: dt.date | None) -> str:
        """The name in force on `date` along renamings: "National Front" in a 2021 article is
        the Rassemblement national, "LREM" in 2016 is En Marche. Mergers are not followed."""
        if date is None:
            return slug
        seen = {slug}
        party = self.parties[slug]
        while (party.succession_kind == "renamed" and party.succeeded_by in self.parties
               and party.succession_date and date >= party.succession_date):
            party = self.parties[party.succeeded_by]
            if party.slug in seen:
                break
            seen.add(party.slug)
        while party.slug in self._renamed_from:
            before = self.parties[self._renamed_from[party.slug]]
            if before.slug in seen or date >= before.succession_date:
                break
            seen.add(before.slug)
            party = before
        return party.slug


def snapshot_from_db() -> Gazetteer:
    """Three queries: parties, figures, memberships."""
    from archive.models import Figure, Membership, Party

    parties = [
        PartyEntry(
            slug=p.slug, name=p.name, short_name=p.short_name, aliases=tuple(p.aliases or ()),
            ambiguous_aliases=tuple(p.ambiguous_aliases or ()), founded=p.founded,
            succeeded_by=p.succeeded_by.slug if p.succeeded_by else None,
            succession_date=p.succession_date, succession_kind=p.succession_kind,
            dissolved=p.dissolved,
        )
        for p in Party.objects.select_related("succeeded_by")
    ]
    spans: dict[int, list[Span]] = {}
    for figure_id, party_slug, start, end in Membership.objects.values_list(
        "figure_id", "party__slug", "start", "end"
    ):
        spans.setdefault(figure_id, []).append(Span(party_slug, start, end))
    figures = [
        FigureEntry(
            slug=f.slug, name=f.name, given_name=f.given_name, family_name=f.family_name,
            aliases=tuple(f.aliases or ()), ambiguous_aliases=tuple(f.ambiguous_aliases or ()),
            memberships=tuple(spans.get(f.pk, ())),
        )
        for f in Figure.objects.all()
    ]
    return Gazetteer.of(figures, parties)
