"""The PostgreSQL engine on the test database, beside a real Whoosh index of the same articles.

These tests need the test database on PostgreSQL: `make test` runs them in its PostgreSQL pass
(a cluster from tests/pgcluster.py). Elsewhere they skip, saying so; with
ARCHIVE_REQUIRE_POSTGRES=1 and no PostgreSQL pass to follow, they fail instead.

For other suites (e.g. tests/search/contract/): ``postgres_engine`` gives an ``EngineHelper``
whose ``alias`` is a haystack connection of the PostgreSQL engine; ``SearchQuerySet(using=
helper.alias)`` searches it, ``helper.add(*articles)`` / ``helper.remove(*articles)`` index.
"""

from __future__ import annotations

import os

import haystack
import pytest
from django.db import connection

from archive.models import Article
from archive.search.postgres import schema

ENGINE = "archive.search.postgres.engine.PostgresEngine"
ALIAS = "postgres"


def require_postgres() -> None:
    if connection.vendor == "postgresql":
        return
    reason = ("the PostgreSQL search engine needs DATABASE_URL on PostgreSQL "
              "(`make test` runs these tests in its PostgreSQL pass)")
    if (os.environ.get("ARCHIVE_REQUIRE_POSTGRES") == "1"
            and os.environ.get("ARCHIVE_POSTGRES_PASS_FOLLOWS") != "1"):
        pytest.fail(f"{reason}; ARCHIVE_REQUIRE_POSTGRES=1 demands it")
    pytest.skip(reason)


class EngineHelper:
    """Index factory-built articles into one haystack connection, as the writer does."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    @property
    def backend(self):
        return haystack.connections[self.alias].get_backend()

    @property
    def article_index(self):
        return haystack.connections[self.alias].get_unified_index().get_index(Article)

    def add(self, *articles: Article) -> None:
        idx = self.article_index
        self.backend.update(idx, idx.index_queryset().filter(pk__in=[a.pk for a in articles]))

    def remove(self, *articles: Article) -> None:
        self.backend.remove_many(f"archive.article.{a.pk}" for a in articles)


def _add_connection(settings, alias: str, options: dict) -> None:
    connections = {**haystack.connections.connections_info, alias: options}
    settings.HAYSTACK_CONNECTIONS = connections
    haystack.connections.connections_info = connections
    haystack.connections.reload(alias)


@pytest.fixture
def postgres_engine(search_index, settings, db):
    """The PostgreSQL engine as haystack connection "postgres" (next to the Whoosh index of
    ``search_index`` as "default"), on empty, never built tables of the test database (as a
    fresh database has them, whatever an earlier test of this worker committed)."""
    require_postgres()
    _add_connection(settings, ALIAS, {"ENGINE": ENGINE, "INCLUDE_SPELLING": True})
    helper = EngineHelper(ALIAS)
    helper.backend.setup()
    helper.backend.clear()
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON TABLE {schema.ARTICLES} IS NULL")
    yield helper
    haystack.connections.thread_local.connections.pop(ALIAS, None)


@pytest.fixture
def postgres_default(postgres_engine, settings):
    """The PostgreSQL engine as haystack's "default" connection (what
    ARCHIVE_SEARCH_ENGINE=postgres configures): the writer, rebuild and commands use it."""
    options = {"ENGINE": ENGINE, "INCLUDE_SPELLING": True}
    connections = {**haystack.connections.connections_info, "default": options}
    settings.HAYSTACK_CONNECTIONS = connections
    haystack.connections.connections_info = connections
    haystack.connections.reload("default")
    return EngineHelper("default")


class BothEngines:
    """The same articles indexed into Whoosh ("default") and PostgreSQL ("postgres")."""

    def __init__(self, whoosh, postgres: EngineHelper) -> None:
        self.whoosh, self.postgres = whoosh, postgres

    def add(self, *articles: Article) -> None:
        self.whoosh.add(*articles)
        self.postgres.add(*articles)


@pytest.fixture
def both_engines(search_index, postgres_engine) -> BothEngines:
    return BothEngines(search_index, postgres_engine)


__all__ = ["ALIAS", "ENGINE", "EngineHelper", "schema"]
