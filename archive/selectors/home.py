"""What the home page shows: latest articles, most-mentioned figures and parties, counts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.db.models.functions import ExtractYear
from django.utils import timezone

from archive.models import Article, Capture, Election, Figure, Party, Publication
from archive.models.sources import LANGUAGES
from archive.selectors.activity import (
    TIE_SCAN,
    TopList,
    published_mentions,
    top_figures,
    top_parties,
    without_ties,
)
from archive.selectors.caching import cached


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
    return HomePage(latest=articles, ranking=cached("home-ranking", _ranking))


def _ranking() -> Ranking:
    """'This month' is the current month, or the archive's latest month when it has nothing
    yet (an archive of 2017-2022 read in a later year)."""
    today = timezone.localdate()
    this_month = today.replace(day=1)
    newest = Article.objects.published().aggregate(newest=Max("published_on"))["newest"]
    month = this_month
    if newest is None or newest < this_month:
        month = newest.replace(day=1) if newest else None
    next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) if month else None
    in_month = published_mentions().filter(
        article__published_on__gte=month, article__published_on__lt=next_month
    ) if month else published_mentions().none()
    def top(ranked, mentions) -> TopList:
        return without_ties(ranked(mentions, TIE_SCAN), RANKED)

    return Ranking(
        month=month,
        month_is_current=month == this_month,
        figures_month=top(top_figures, in_month),
        parties_month=top(top_parties, in_month),
        figures_overall=top(top_figures, published_mentions()),
        parties_overall=top(top_parties, published_mentions()),
        totals=Totals(
            articles=Article.objects.published().count(),
            figures=Figure.objects.count(),
            parties=Party.objects.count(),
            publications=Publication.objects.count(),
        ),
        holdings=holdings(),
    )


def holdings(publications: int = 8) -> Holdings:
    """What the archive holds: articles by publication (largest first), by year and by
    language, and the dates of its first and last articles."""
    published = Article.objects.published()
    by_publication = (published.filter(publication__isnull=False)
                      .values("publication__name", "publication__slug")
                      .annotate(n=Count("id")).order_by("-n", "publication__name"))
    by_year = (published.filter(published_on__isnull=False)
               .annotate(year=ExtractYear("published_on")).values("year")
               .annotate(n=Count("id")).order_by("year"))
    by_language = published.values("language").annotate(n=Count("id")).order_by("-n")
    span = published.aggregate(first=Min("published_on"), last=Max("published_on"))
    return Holdings(
        publications=[Holding(r["publication__name"], r["publication__slug"], r["n"])
                      for r in by_publication[:publications]],
        years=[Holding(str(r["year"]), str(r["year"]), r["n"]) for r in by_year],
        languages=[Holding(r["language"], r["language"], r["n"], is_language=True)
                   for r in by_language],
        first=span["first"], last=span["last"],
    )


@dataclass(frozen=True)
class AboutPage:
    totals: Totals
    holdings: Holdings
    licences: list[Holding]
    elections: int


def about_page() -> AboutPage:
    ranking = cached("home-ranking", _ranking)
    licences = (Capture.objects.filter(article__status=Article.Status.PUBLISHED)
                .exclude(licence="").values("licence")
                .annotate(n=Count("article", distinct=True)).order_by("-n"))
    return AboutPage(
        totals=ranking.totals, holdings=ranking.holdings,
        licences=[Holding(r["licence"], r["licence"], r["n"]) for r in licences],
        elections=Election.objects.count(),
    )
