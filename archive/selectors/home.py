"""What the home page shows: latest articles, most-mentioned figures and parties, counts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.utils import timezone

from archive.models import Article, Capture, Election, Figure, Party, Publication
from archive.models.sources import LANGUAGES
from archive.selectors.activity import (
    TIE_SCAN,
    TopList,
    names,
    ranked_figures,
    ranked_parties,
    without_ties,
)
from archive.tallies import read
from archive.tallies.buckets import ALL, FIGURE, PARTY, PUBLICATION, month_of


@dataclass(frozen=True)
class Totals:
    articles: int
    figures: int
    parties: int
    publications: int


@dataclass(frozen=True)
class Holding:
    """A group of the archive's articles (a publication, a year, a language) and its size."""

    label: str
    key: str
    count: int
    is_language: bool = False

    @property
    def name(self) -> str:
        """Language names are translated when shown, not when cached."""
        return str(dict(LANGUAGES).get(self.key, self.label)) if self.is_language else self.label


@dataclass(frozen=True)
class Holdings:
    publications: list[Holding]
    years: list[Holding]
    languages: list[Holding]
    first: dt.date | None
    last: dt.date | None


@dataclass(frozen=True)
class Ranking:
    month: dt.date | None
    month_is_current: bool
    figures_month: TopList
    parties_month: TopList
    figures_overall: TopList
    parties_overall: TopList
    totals: Totals
    holdings: Holdings


#: Names in each "most mentioned" list at most.
RANKED = 10


@dataclass(frozen=True)
class HomePage:
    latest: list[Article]
    ranking: Ranking


def home_page(latest: int = 10) -> HomePage:
    articles = list(Article.objects.published().for_listing().newest_first()[:latest])
    return HomePage(latest=articles, ranking=ranking())


def ranking() -> Ranking:
    """'This month' is the current month, or the archive's latest month when it has nothing
    yet (an archive of 2017-2022 read in a later year). Parties count with their lineage, as
    on their pages and in the parties index."""
    this_month = timezone.localdate().replace(day=1)
    archive = read.months(ALL)
    span = read.span_of(archive)
    month = this_month
    if span is None or span[1] < this_month:
        month = span[1] if span else None
    key = month_of(month) if month else None
    figures = {"month": read.in_month(FIGURE, key) if key else {},
               "overall": read.totals(FIGURE)}
    parties = {"month": read.in_month(PARTY, key) if key else {},
               "overall": read.totals(PARTY)}
    figure_names = names(Figure, set().union(*figures.values()))
    party_names = names(Party, set().union(*parties.values()))

    def top(ranked, counts: dict[int, int], found) -> TopList:
        return without_ties(ranked(counts, TIE_SCAN, found), RANKED)

    return Ranking(
        month=month,
        month_is_current=month == this_month,
        figures_month=top(ranked_figures, figures["month"], figure_names),
        parties_month=top(ranked_parties, parties["month"], party_names),
        figures_overall=top(ranked_figures, figures["overall"], figure_names),
        parties_overall=top(ranked_parties, parties["overall"], party_names),
        totals=totals(sum(archive.values())),
        holdings=holdings(archive),
    )


def totals(articles: int | None = None) -> Totals:
    return Totals(
        articles=read.total(ALL, 0) if articles is None else articles,
        figures=Figure.objects.count(),
        parties=Party.objects.count(),
        publications=Publication.objects.count(),
    )


def holdings(archive: dict[int, int] | None = None, publications: int = 8) -> Holdings:
    """What the archive holds: articles by publication (largest first), by year and by
    language, and the dates of its first and last articles."""
    by_publication = read.totals(PUBLICATION)
    by_publication.pop(0, None)  # articles of no publication
    names = {pk: (name, slug) for pk, name, slug in Publication.objects.filter(
        pk__in=list(by_publication)).values_list("pk", "name", "slug")}
    largest = sorted(names, key=lambda pk: (-by_publication[pk], names[pk][0]))[:publications]
    years: dict[int, int] = {}
    for month, n in read.dated(read.months(ALL) if archive is None else archive).items():
        years[month.year] = years.get(month.year, 0) + n
    languages = sorted(read.languages().items(), key=lambda kv: (-kv[1], kv[0]))
    span = Article.objects.published().aggregate(first=Min("published_on"),
                                                 last=Max("published_on"))
    return Holdings(
        publications=[Holding(names[pk][0], names[pk][1], by_publication[pk]) for pk in largest],
        years=[Holding(str(year), str(year), years[year]) for year in sorted(years)],
        languages=[Holding(code, code, n, is_language=True) for code, n in languages],
        first=span["first"], last=span["last"],
    )


@dataclass(frozen=True)
class AboutPage:
    totals: Totals
    holdings: Holdings
    licences: list[Holding]
    elections: int


def about_page() -> AboutPage:
    licences = (Capture.objects.filter(article__status=Article.Status.PUBLISHED)
                .exclude(licence="").values("licence")
                .annotate(n=Count("article", distinct=True)).order_by("-n"))
    return AboutPage(
        totals=totals(), holdings=holdings(),
        licences=[Holding(r["licence"], r["licence"], r["n"]) for r in licences],
        elections=Election.objects.count(),
    )
