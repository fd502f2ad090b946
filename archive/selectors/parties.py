"""The parties index and a party's page."""

from dataclasses import dataclass

from archive.models import AllianceMembership, Article, Candidacy, Party
from archive.selectors.activity import MonthCount, Ranked, members_mentioned_most, party_months
from archive.selectors.figures import LATEST, IndexEntry, Letter, group_by_initial, initial
from archive.tallies import read
from archive.tallies.buckets import PARTY

#: Below this share of the archive a party's newest articles are found from its whole set
#: rather than by walking the newest articles (ArticleQuerySet.of_party): at 100,000
#: articles a walk tests about LATEST / share articles, the whole set costs in proportion to
#: the party's articles, and the two meet near 5 %.
SPARSE_SHARE = 0.05


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
        latest=latest_of_party(party, LATEST),
        article_count=article_count,
    )


def latest_of_party(party: Party, limit: int) -> list[Article]:
    """The party's newest published articles (its lineage's, as on its page), for the page
    and its feed."""
    sparse = read.share(PARTY, party.pk) < SPARSE_SHARE
    return list(Article.objects.published().of_party(party, sparse=sparse).for_listing()
                .newest_first()[:limit])
