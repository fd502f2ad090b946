"""What the home page shows: latest articles, most-mentioned figures and parties, counts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from archive.models import Article, Figure, Party, Publication
from archive.selectors.activity import Ranked, published_mentions, top_figures, top_parties
from archive.selectors.caching import cached


@dataclass(frozen=True)
class Totals:
    articles: int
    figures: int
    parties: int
    publications: int


@dataclass(frozen=True)
class Ranking:
    month: dt.date | None
    month_is_current: bool
    figures_month: list[Ranked]
    parties_month: list[Ranked]
    figures_overall: list[Ranked]
    parties_overall: list[Ranked]
    totals: Totals


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
    return Ranking(
        month=month,
        month_is_current=month == this_month,
        figures_month=top_figures(in_month),
        parties_month=top_parties(in_month),
        figures_overall=top_figures(published_mentions()),
        parties_overall=top_parties(published_mentions()),
        totals=Totals(
            articles=Article.objects.published().count(),
            figures=Figure.objects.count(),
            parties=Party.objects.count(),
            publications=Publication.objects.count(),
        ),
    )
