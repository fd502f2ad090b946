"""Fixtures of the readers' pages: a small archive built with factories (FN -> RN lineage,
figures with memberships by date, articles with mentions and captures)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from archive.models import Article, Figure, Party
from tests import factories as f


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Pages cache archive-wide aggregates; each test starts from an empty cache."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Archive:
    fn: Party
    rn: Party
    lfi: Party
    melenchon: Figure
    le_pen: Figure
    ruffin: Figure
    articles: list[Article]


def build_archive(extra_articles: int = 0) -> Archive:
    rn = f.PartyFactory(name="Rassemblement national", short_name="RN",
                        slug="rassemblement-national", founded=dt.date(2018, 6, 1))
    fn = f.PartyFactory(name="Front national", short_name="FN", slug="front-national",
                        founded=dt.date(1972, 10, 5), succeeded_by=rn,
                        succession_date=dt.date(2018, 6, 1), succession_kind="renamed")
    lfi = f.PartyFactory(name="La France insoumise", short_name="LFI",
                         slug="la-france-insoumise", founded=dt.date(2016, 2, 10))
    melenchon = f.FigureFactory(name="Jean-Luc Mélenchon", given_name="Jean-Luc",
                                family_name="Mélenchon", slug="jean-luc-melenchon")
    le_pen = f.FigureFactory(name="Marine Le Pen", given_name="Marine", family_name="Le Pen",
                             slug="marine-le-pen")
    ruffin = f.FigureFactory(name="François Ruffin", given_name="François",
                             family_name="Ruffin", slug="francois-ruffin")
    f.MembershipFactory(figure=melenchon, party=lfi, start=dt.date(2016, 2, 10))
    f.MembershipFactory(figure=ruffin, party=lfi, start=dt.date(2017, 1, 1))
    f.MembershipFactory(figure=le_pen, party=fn, start=dt.date(1986, 1, 1),
                        end=dt.date(2018, 6, 1))
    f.MembershipFactory(figure=le_pen, party=rn, start=dt.date(2018, 6, 1))
    election = f.ElectionFactory(name="Présidentielle 2017", slug="presidentielle-2017")
    f.CandidacyFactory(figure=melenchon, election=election, party=lfi)
    f.CandidacyFactory(figure=le_pen, election=election, party=fn)

    left_voice = f.PublicationFactory(name="Left Voice", slug="left-voice", language="en")
    flakin = f.AuthorFactory(name="Nathaniel Flakin", slug="nathaniel-flakin")
    articles = []
    a1 = f.ArticleFactory(title="Mélenchon et Ruffin en campagne", published_on=dt.date(2017, 6, 3),
                          body="Jean-Luc Mélenchon parle.\n\nFrançois Ruffin aussi.",
                          authors=[flakin], publication=left_voice)
    a2 = f.ArticleFactory(title="Le Front national avant le congrès",
                          published_on=dt.date(2017, 11, 20), date_estimated=True,
                          body="Marine Le Pen et le Front national.")
    a3 = f.ArticleFactory(title="Le Rassemblement national face à Mélenchon",
                          published_on=dt.date(2021, 7, 5), language="en",
                          body="Marine Le Pen and Jean-Luc Mélenchon.", authors=[flakin],
                          publication=left_voice)
    f.MentionFactory(article=a1, figure=melenchon, count=3)
    f.MentionFactory(article=a1, figure=ruffin, count=2)
    f.MentionFactory(article=a1, party=lfi)
    f.MentionFactory(article=a2, figure=le_pen)
    f.MentionFactory(article=a2, party=fn, count=2)
    f.MentionFactory(article=a3, figure=le_pen)
    f.MentionFactory(article=a3, figure=melenchon)
    f.MentionFactory(article=a3, party=rn)
    articles += [a1, a2, a3]
    for i in range(extra_articles):
        article = f.ArticleFactory(title=f"Extra article {i}",
                                   published_on=dt.date(2019, 1 + i % 12, 1 + i % 27),
                                   authors=[flakin], publication=left_voice)
        f.MentionFactory(article=article, figure=melenchon)
        f.MentionFactory(article=article, figure=le_pen if i % 2 else ruffin)
        f.MentionFactory(article=article, party=rn if i % 2 else lfi)
        f.CaptureFactory(article=article)
        articles.append(article)
    return Archive(fn, rn, lfi, melenchon, le_pen, ruffin, articles)


@pytest.fixture
def archive(db) -> Archive:
    return build_archive()


@pytest.fixture
def index_root(tmp_path, settings):
    """A real, empty Whoosh index root in a temp dir (filled by `indexed_archive`)."""
    from haystack import connections

    root = tmp_path / "index"
    settings.HAYSTACK_CONNECTIONS = {
        **settings.HAYSTACK_CONNECTIONS,
        "default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(root)},
    }
    connections.reload("default")
    yield root
    connections.reload("default")


@pytest.fixture
def indexed_archive(archive, index_root) -> Archive:
    """The small archive, indexed for search by a full rebuild into the temp index."""
    from archive.search.rebuild import rebuild

    rebuild()
    return archive
