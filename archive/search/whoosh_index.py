"""The live Whoosh index of a process: opening a directory (readers never create one), one
searcher per directory refreshed when a writer committed, its doc values, and the lock that
readers hold while they use them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from archive.search.availability import IndexMissing
from archive.search.docvalues import DocValues, SegmentValues
from archive.search.location import live_index_dir
from archive.search.whoosh_schema import article_schema


def open_existing(path: Path | str) -> whoosh_index.Index:
    """The index in ``path`` for reading; ``IndexMissing`` when there is none (readers never
    create one: an empty index would hide a deleted directory behind empty results)."""
    path = Path(path)
    if not path.is_dir():
        raise IndexMissing(path)
    storage = FileStorage(str(path))
    if not whoosh_index.exists(storage):  # a damaged table of contents raises here
        raise IndexMissing(path)
    return storage.open_index()


def open_or_create(path: Path | str) -> whoosh_index.Index:
    """For writers only (update_index, the queue writer, a rebuild's new generation)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    storage = FileStorage(str(path))
    if whoosh_index.exists(storage):
        return storage.open_index()
    return storage.create_index(article_schema())


@dataclass
class Snapshot:
    """A searcher and its doc values, valid while the LiveIndex lock is held."""

    searcher: object
    values: DocValues
    path: Path


class LiveIndex:
    """One open index directory in this process: its searcher, refreshed when a writer
    committed, and the per-segment values cache."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()
        self.index = open_existing(path)
        self._searcher = None
        self._values: DocValues | None = None
        self._segments: dict[str, SegmentValues] = {}
        self.closed = False

    def snapshot(self) -> Snapshot:
        """Call with ``self.lock`` held."""
        if self.closed:
            raise RuntimeError("snapshot() of a closed LiveIndex")
        if self._searcher is None:
            self._searcher = self.index.searcher()
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
        if self._values is None or self._values.searcher is not self._searcher:
            self._values = DocValues(self._searcher, self._segments)
        return Snapshot(self._searcher, self._values, self.path)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._values = None
            self._segments.clear()


_live: dict[Path, LiveIndex] = {}
_live_lock = threading.Lock()


def live_index(path: Path | None = None) -> LiveIndex:
    """The process's LiveIndex for the live directory; older generations are closed once a
    new one is live."""
    path = Path(path or live_index_dir())
    current = _live.get(path)
    if current is not None:
        if path.is_dir():
            return current
        with _live_lock:  # deleted under us: open files would keep answering, stale
            if _live.get(path) is current:
                _live.pop(path).close()
        raise IndexMissing(path)
    with _live_lock:
        current = _live.get(path)
        if current is None:
            current = LiveIndex(path)
            for old_path in [p for p in _live if p.parent == path.parent or p == path.parent]:
                _live.pop(old_path).close()
            _live[path] = current
    return current


@contextmanager
def reading() -> Iterator[Snapshot]:
    """The current searcher of the live index, held for the block: one reader at a time per
    process, because Whoosh readers and the doc values' LRU caches (OrderedDicts moved and
    popped on every read) are not thread-safe. gunicorn's threads serialise here for the
    index work only; loading pages from the database runs outside the lock."""
    while True:
        live = live_index()
        with live.lock:
            if live.closed:  # a rebuild swapped a new generation in meanwhile
                continue
            yield live.snapshot()
            return


def close_all() -> None:
    """Close every open searcher (tests, and after deleting an index directory)."""
    with _live_lock:
        for live in _live.values():
            live.close()
        _live.clear()
