"""The elections index and an election's page: rounds, candidates with their party as of the
vote and first-round share, the winner, articles around the vote, candidacies by
constituency (legislative elections)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from archive.folding import fold
from archive.models import Article, Candidacy, Election, Party
from archive.selectors.activity import published_mentions

#: The articles "around" an election: from this long before its first round...
BEFORE = dt.timedelta(days=60)
#: ...to this long after its last round.
AFTER = dt.timedelta(days=30)
LATEST = 10


@dataclass(frozen=True)
class ElectionSummary:
    election: Election
    candidates: int
    winners: list[Candidacy]


@dataclass(frozen=True)
class CandidateRow:
    candidacy: Candidacy
    party: Party | None
    share: Decimal | None
    elected: bool
    article_count: int
    search_url: str


@dataclass(frozen=True)
class Constituency:
    name: str
    rows: list[CandidateRow]


@dataclass(frozen=True)
class ElectionPage:
    election: Election
    rounds: list[dt.date]
    window_from: dt.date
    window_to: dt.date
    candidates: list[CandidateRow]
    winners: list[CandidateRow]
    constituencies: list[Constituency]
    query: str
    matching: int
    articles: list[Article]
    search_url: str


def election_index() -> list[ElectionSummary]:
    elections = (
        Election.objects.annotate(n=Count("candidacies"))
        .prefetch_related(Prefetch(
            "candidacies",
            queryset=Candidacy.objects.filter(result="elected").select_related("figure", "party"),
            to_attr="elected",
        ))
        .order_by("-first_round", "kind")
    )
    return [ElectionSummary(e, e.n, e.elected) for e in elections]


def window(election: Election) -> tuple[dt.date, dt.date]:
    last = election.second_round or election.first_round
    return election.first_round - BEFORE, last + AFTER


def search_url(*, figures: list[str], date_from: dt.date, date_to: dt.date) -> str:
    query = [("figure", slug) for slug in figures]
    query += [("from", date_from.isoformat()), ("to", date_to.isoformat()), ("sort", "newest")]
    return f"{reverse('search')}?{urlencode(query)}"


def _party_then(candidacy: Candidacy, on: dt.date) -> Party | None:
    """The party the candidacy names, else the candidate's party on the first round."""
    return candidacy.party or candidacy.figure.party_on(on)


def election_page(election: Election, query: str = "") -> ElectionPage:
    start, end = window(election)
    candidacies = list(
        election.candidacies.select_related("figure", "party")
        .order_by(*(["constituency"] if election.kind == Election.Kind.LEGISLATIVE else []),
                  "-first_round_share", "figure__family_name", "figure__name")
    )
    figure_ids = {c.figure_id for c in candidacies}
    around = published_mentions().filter(
        figure_id__in=figure_ids, article__published_on__gte=start,
        article__published_on__lte=end,
    )
    counts = dict(around.values_list("figure_id").annotate(n=Count("id")).order_by())
    rows = [
        CandidateRow(
            candidacy=c, party=_party_then(c, election.first_round), share=c.first_round_share,
            elected=c.elected, article_count=counts.get(c.figure_id, 0),
            search_url=search_url(figures=[c.figure.slug], date_from=start, date_to=end),
        )
        for c in candidacies
    ]
    folded = fold(query)
    shown = [r for r in rows if not folded or folded in _haystack(r)]
    constituencies: dict[str, list[CandidateRow]] = {}
    if election.kind == Election.Kind.LEGISLATIVE:
        for row in shown:
            constituencies.setdefault(row.candidacy.constituency, []).append(row)
    articles = list(
        Article.objects.published().for_listing()
        .filter(Q(published_on__gte=start, published_on__lte=end),
                pk__in=around.values("article_id"))
        .newest_first()[:LATEST]
    )
    return ElectionPage(
        election=election,
        rounds=[d for d in (election.first_round, election.second_round) if d],
        window_from=start, window_to=end,
        candidates=shown,
        winners=[r for r in rows if r.elected],
        constituencies=[Constituency(name, group) for name, group in constituencies.items()],
        query=query, matching=len(shown),
        articles=articles,
        search_url=search_url(figures=[], date_from=start, date_to=end),
    )


def _haystack(row: CandidateRow) -> str:
    c = row.candidacy
    party = row.party.name if row.party else ""
    short = row.party.short_name if row.party else ""
    return fold(" ".join([c.figure.name, c.constituency, c.label, party, short]))
