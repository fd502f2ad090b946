"""A fresh, real Whoosh index root in a temp dir, and helpers to look inside it."""

from pathlib import Path

import pytest
from haystack import connections
from whoosh.index import exists_in, open_dir
from whoosh.query import Term

from archive.models import IndexTask
from archive.search.location import live_index_dir


@pytest.fixture
def index_root(tmp_path, settings) -> Path:
    from archive.search.whoosh_index import close_all

    root = tmp_path / "index"
    settings.HAYSTACK_CONNECTIONS = {
        **settings.HAYSTACK_CONNECTIONS,
        "default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(root)},
    }
    connections.reload("default")
    yield root
    close_all()
    connections.reload("default")


def indexed_ids(path: Path | None = None) -> set[int]:
    """Article ids in the live index, read with raw Whoosh (independent of our backend)."""
    path = path or live_index_dir()
    if not exists_in(str(path)):
        return set()
    with open_dir(str(path)).searcher() as searcher:
        return {int(doc["django_id"]) for doc in searcher.all_stored_fields()}


def ids_with(field: str, value: str) -> set[int]:
    """Article ids whose whole-value field holds ``value`` in the live index."""
    with open_dir(str(live_index_dir())).searcher() as searcher:
        return {int(hit["django_id"]) for hit in searcher.search(Term(field, value), limit=None)}


def queued(action: str | None = None) -> list[int]:
    qs = IndexTask.objects.order_by("id")
    if action:
        qs = qs.filter(action=action)
    return list(qs.values_list("object_id", flat=True))
