"""The parties index and a party's page."""

from dataclasses import dataclass

from archive.models import AllianceMembership, Article, Candidacy, Party
from archive.selectors.activity import MonthCount, Ranked, members_mentioned_most, party_months
from archive.selectors.figures import LATEST, IndexEntry, Letter, group_by_initial, initial
from archive.tallies import read
from archive.tallies.buckets import PARTY


@dataclass(frozen=True)
class PartyPage:
    party: Party
    lineage: list[Party]
    alliances: list[AllianceMembership]
    members: list[AllianceMembership]
    months: list[MonthCount]
    members_mentioned: list[Ranked]
    candidacies: list[Candidacy]
    latest: list[Article]
    article_count: int


def party_index() -> list[Letter]:
    """Each party with the published articles naming a party of its lineage (the figure on
    its page and in the search's party facet)."""
    counts = read.totals(PARTY)
    rows = Party.objects.values("id", "name", "slug", "short_name")
    entries = [IndexEntry(r["name"], r["slug"], r["short_name"], counts.get(r["id"], 0))
               for r in rows]
    entries.sort(key=lambda e: (initial(e.name), e.name.casefold()))
    return group_by_initial(entries, key=lambda e: e.name)


def party_page(party: Party) -> PartyPage:
    """Counts and lists follow the party's lineage (the Front National's articles count for
    the Rassemblement National), as search does by default."""
    lineage = party.lineage()
    ids = [p.pk for p in lineage]
    months, article_count = party_months(party)
    return PartyPage(
        party=party,
        lineage=lineage,
        alliances=list(party.alliance_links.select_related("alliance").order_by("start", "id")),
        members=list(party.member_links.select_related("party").order_by("party__name")),
        months=months,
        members_mentioned=members_mentioned_most(party),
        candidacies=list(
            Candidacy.objects.filter(party_id__in=ids)
            .select_related("figure", "election")
            .order_by("-election__first_round", "figure__family_name", "id")[:50]
        ),
        latest=list(Article.objects.published().of_party(party).for_listing()
                    .newest_first()[:LATEST]),
        article_count=article_count,
    )
