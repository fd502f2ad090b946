"""The search contract: every behaviour of search, run against every engine.

Engines are the names of ``settings.SEARCH_ENGINES`` ("whoosh", "postgres"); the ``engine``
fixture makes that engine haystack's "default" connection (what the selector reads) on an
empty index of its own, and ``index`` fills it through haystack's ``backend.update()``, the
path update_index, rebuild_index and the queue writer take.

Adding an engine is one line: append its name to ``ENGINES`` below (for PostgreSQL:
``ENGINES = ["whoosh", "postgres"]``). Engines listed in ``NEEDS_POSTGRESQL`` run when the
test database is PostgreSQL (``make test``'s second run) and are skipped on SQLite.
"""

from __future__ import annotations

import haystack
import pytest
from django.db import connection

from archive.models import Article

ENGINES = ["whoosh", "postgres"]
NEEDS_POSTGRESQL = {"postgres"}


class Index:
    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def backend(self):
        return haystack.connections["default"].get_backend()

    def add(self, *articles: Article) -> None:
        """Index these articles (all published ones when none are given)."""
        idx = haystack.connections["default"].get_unified_index().get_index(Article)
        queryset = idx.index_queryset()
        if articles:
            queryset = queryset.filter(pk__in=[a.pk for a in articles])
        self.backend.update(idx, queryset)


@pytest.fixture(params=ENGINES)
def engine(request, settings, tmp_path, db):
    name = request.param
    if name in NEEDS_POSTGRESQL and connection.vendor != "postgresql":
        pytest.skip(f"the {name} engine needs a PostgreSQL database")
    path = tmp_path / "index"
    connections = {"default": {**settings.SEARCH_ENGINES[name], "PATH": str(path)}}
    settings.HAYSTACK_CONNECTIONS = connections
    settings.INDEX_DIR = path
    settings.ARCHIVE_SEARCH_ENGINE = name
    previous = haystack.connections.connections_info
    haystack.connections.connections_info = connections
    haystack.connections.reload("default")
    haystack.connections["default"].get_backend().clear()
    yield Index(name)
    if name == "whoosh":
        from archive.search.whoosh_index import close_all

        close_all()
    haystack.connections.connections_info = previous
    haystack.connections.reload("default")
