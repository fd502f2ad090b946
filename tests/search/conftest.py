"""A fresh, real Whoosh index per test, in tmp_path, filled through the project's backend."""

from __future__ import annotations

import datetime as dt

import haystack
import pytest

from archive.models import Article
from archive.search import whoosh_index
from tests.factories import (
    ArticleFactory,
    FigureFactory,
    MentionFactory,
    PartyFactory,
    PublicationFactory,
)

ENGINE = "archive.search.backend.ArchiveWhooshEngine"


class IndexHelper:
    """Index factory-built articles the way the queue writer and update_index do."""

    def __init__(self, path) -> None:
        self.path = path

    @property
    def backend(self):
        return haystack.connections["default"].get_backend()

    @property
    def article_index(self):
        return haystack.connections["default"].get_unified_index().get_index(Article)

    def add(self, *articles: Article) -> None:
        idx = self.article_index
        self.backend.update(idx, idx.index_queryset().filter(pk__in=[a.pk for a in articles]))

    def remove(self, *articles: Article) -> None:
        self.backend.remove_many(f"archive.article.{a.pk}" for a in articles)


@pytest.fixture
def search_index(tmp_path, settings, db):
    path = tmp_path / "index"
    connections = {"default": {"ENGINE": ENGINE, "PATH": str(path)}}
    settings.HAYSTACK_CONNECTIONS = connections
    settings.INDEX_DIR = path
    previous = haystack.connections.connections_info
    haystack.connections.connections_info = connections
    haystack.connections.reload("default")
    whoosh_index.open_or_create(path)  # what make setup leaves: an index, empty at first
    yield IndexHelper(path)
    whoosh_index.close_all()
    haystack.connections.connections_info = previous
    haystack.connections.reload("default")


@pytest.fixture
def make_article(search_index):
    """article(title=..., body=..., figures=[...], parties=[...]) -> an indexed article."""

    def make(*, figures=(), parties=(), index=True, **fields) -> Article:
        fields.setdefault("published_on", dt.date(2021, 7, 5))
        article = ArticleFactory(**fields)
        for figure in figures:
            MentionFactory(article=article, figure=figure)
        for party in parties:
            MentionFactory(article=article, party=party)
        if index:
            search_index.add(article)
        return article

    return make


@pytest.fixture
def politics(db):
    """A small gazetteer: FN renamed RN (2018), two figures with aliases."""
    fn = PartyFactory(name="Front national", short_name="FN", slug="front-national",
                      aliases=["Front National"])
    rn = PartyFactory(name="Rassemblement national", short_name="RN",
                      slug="rassemblement-national")
    fn.succeeded_by = rn
    fn.succession_date = dt.date(2018, 6, 1)
    fn.save()
    lfi = PartyFactory(name="La France insoumise", short_name="LFI", slug="la-france-insoumise")
    jlm = FigureFactory(name="Jean-Luc Mélenchon", given_name="Jean-Luc",
                        family_name="Mélenchon", slug="jean-luc-melenchon",
                        aliases=["Mélenchon", "JLM"])
    mlp = FigureFactory(name="Marine Le Pen", given_name="Marine", family_name="Le Pen",
                        slug="marine-le-pen", aliases=[], ambiguous_aliases=["Le Pen"])
    jmlp = FigureFactory(name="Jean-Marie Le Pen", given_name="Jean-Marie",
                         family_name="Le Pen", slug="jean-marie-le-pen",
                         ambiguous_aliases=["Le Pen"])
    lemonde = PublicationFactory(name="Le Monde", slug="le-monde")
    return {"fn": fn, "rn": rn, "lfi": lfi, "jlm": jlm, "mlp": mlp, "jmlp": jmlp,
            "lemonde": lemonde}

