"""What is derived from articles follows each change through one call: the search index
(through its queue, applied by the single writer) and the tallies (counted in the change's own
transaction). Model signals call these (archive/derived/signals.py), and so do the paths
that change many articles without signals: imports, mention detection, merges.

A party's new lineage and a figure's changed memberships recount the tallies' buckets that
follow them (``lineages_changed``, ``memberships_changed``).

Inside ``batched()`` the calls are gathered and made once, for every article named, when the
block ends (still inside the caller's transaction): a detection that deletes 300 stale
mentions counts their articles once, not once per mention.
"""

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from archive import tallies
from archive.search.queue import enqueue_article_deletes, enqueue_article_updates

_local = threading.local()


def _ids(article_ids: Iterable[int]) -> list[int]:
    return sorted({pk for pk in article_ids if pk is not None})


def _pending() -> dict[str, set] | None:
    return getattr(_local, "pending", None)


def _gathered(key: str, values: Iterable) -> bool:
    """Inside ``batched()``: keep `values` for the end of the block and say so."""
    pending = _pending()
    if pending is None:
        return False
    pending[key].update(values)
    return True


def lineages_changed() -> None:
    """A party's succession changed (or parties came in bulk): the buckets that follow
    lineages and memberships are counted again."""
    if not _gathered("lineages", [True]):
        tallies.recount_gazetteer()


def memberships_changed(figure_ids: Iterable[int]) -> None:
    ids = _ids(figure_ids)
    if not _gathered("members", ids):
        tallies.recount_members(ids)


def articles_changed(article_ids: Iterable[int]) -> None:
    ids = _ids(article_ids)
    if not _gathered("changed", ids):
        enqueue_article_updates(ids)
        tallies.refresh(ids)


def articles_removed(article_ids: Iterable[int]) -> None:
    """Deleted, withdrawn or unpublished: out of search and out of the counts."""
    ids = _ids(article_ids)
    if not _gathered("removed", ids):
        enqueue_article_deletes(ids)
        tallies.refresh(ids)


@contextmanager
def batched() -> Iterator[None]:
    """Gather the calls made inside the block and make them once at its end (nested blocks
    join the outermost). The index writer decides from the database what an article's
    document becomes, so an id queued both ways is simply queued both ways."""
    if _pending() is not None:
        yield
        return
    _local.pending = {"changed": set(), "removed": set(), "lineages": set(), "members": set()}
    try:
        yield
        pending = _local.pending
    finally:
        _local.pending = None
    if pending["lineages"]:
        tallies.recount_gazetteer()
    elif pending["members"]:
        tallies.recount_members(pending["members"])
    if pending["changed"]:
        enqueue_article_updates(sorted(pending["changed"]))
    if pending["removed"]:
        enqueue_article_deletes(sorted(pending["removed"]))
    tallies.refresh(pending["changed"] | pending["removed"])
