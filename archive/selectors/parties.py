"""The parties index and a party's page."""

from dataclasses import dataclass

from archive.models import AllianceMembership, Article, Candidacy, Party, lineage_map
from archive.selectors.activity import (
    MonthCount,
    Ranked,
    archive_months,
    members_mentioned_most,
    party_mentions,
    per_month,
)
from archive.selectors.caching import cached
from archive.selectors.figures import (
    LATEST,
    IndexEntry,
    Letter,
    group_by_initial,
    initial,
    mention_counts,
)


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
    return cached("party-index", _party_index)


def lineage_article_counts(lineages: dict[int, list[int]] | None = None) -> dict[int, int]:
    """party id -> published articles naming a party of its lineage: the figure on the
    parties index, the party page and the search's party facet (one lineage map, the
    models'). Two queries: per-party counts, and the articles of the parties whose lineage
    has more than one name."""
    lineages = lineage_map() if lineages is None else lineages
    own = mention_counts("party")
    shared = {pk for ids in lineages.values() if len(ids) > 1 for pk in ids}
    articles: dict[int, set[int]] = {}
    if shared:
        for party_id, article_id in (party_mentions(sorted(shared))
                                     .values_list("party_id", "article_id").distinct()):
            articles.setdefault(party_id, set()).add(article_id)
    counts = {}
    for pk, ids in lineages.items():
        if len(ids) == 1:
            counts[pk] = own.get(pk, 0)
        else:
            counts[pk] = len(set().union(*(articles.get(i, set()) for i in ids)))
    return counts


def lineage_article_count(party_ids: list[int]) -> int:
    return party_mentions(party_ids).values("article_id").distinct().count()


def _party_index() -> list[Letter]:
    rows = list(Party.objects.values("id", "name", "slug", "short_name", "succeeded_by_id",
                                     "succession_kind", "succession_date"))
    counts = lineage_article_counts(lineage_map({
        r["id"]: (r["succeeded_by_id"], r["succession_kind"], r["succession_date"])
        for r in rows}))
    entries = [IndexEntry(r["name"], r["slug"], r["short_name"], counts.get(r["id"], 0))
               for r in rows]
    entries.sort(key=lambda e: (initial(e.name), e.name.casefold()))
    return group_by_initial(entries, key=lambda e: e.name)


def party_page(party: Party) -> PartyPage:
    """Counts and lists follow the party's lineage (the Front National's articles count for
    the Rassemblement National), as search does by default."""
    lineage = party.lineage()
    ids = [p.pk for p in lineage]
    # The aggregates scan every mention of the lineage: cached like the index pages.
    months = cached(f"party-months:{party.pk}", lambda: per_month(party_mentions(ids),
                                                                   archive_months()))
    return PartyPage(
        party=party,
        lineage=lineage,
        alliances=list(party.alliance_links.select_related("alliance").order_by("start", "id")),
        members=list(party.member_links.select_related("party").order_by("party__name")),
        months=months,
        members_mentioned=cached(f"party-members:{party.pk}",
                                 lambda: members_mentioned_most(ids)),
        candidacies=list(
            Candidacy.objects.filter(party_id__in=ids)
            .select_related("figure", "election")
            .order_by("-election__first_round", "figure__family_name", "id")[:50]
        ),
        latest=list(Article.objects.published().of_party(party).for_listing()
                    .newest_first()[:LATEST]),
        article_count=cached(f"party-count:{party.pk}", lambda: lineage_article_count(ids)),
    )
