"""Atomic rebuilds: index everything into a new generation directory, swap it in on success.

Readers keep searching the old generation for the whole run and switch at the pointer swap
(archive/search/location.py); an exception, a kill or a full disk leaves the old index live
and the half-built directory is discarded.

Changes made while a rebuild runs are not lost: the writer keeps applying them to the live
(old) index but parks their tasks instead of deleting them, and the rebuild releases them when
it ends, so they are applied again to whichever generation is live by then. A marker file
(``root/REBUILDING`` with the rebuild's pid) tells the writer; if the rebuild process died,
the writer notices the dead pid, removes the marker and releases the parked tasks itself.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from haystack import connections

from archive.search import queue
from archive.search.filelock import FileLock
from archive.search.location import (
    cleanup_generations,
    discard_generation,
    index_root,
    new_generation_dir,
    swap_in,
    writing_to,
)

logger = logging.getLogger(__name__)

MARKER = "REBUILDING"
REBUILD_LOCK = "rebuild.lock"

Progress = Callable[[str, int, int], None]


@dataclass
class RebuildReport:
    generation: Path
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    replayed_tasks: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __str__(self) -> str:
        rate = self.total / self.seconds if self.seconds else 0.0
        per_model = ", ".join(f"{n} {label}" for label, n in self.counts.items()) or "nothing"
        return (f"Indexed {per_model} into {self.generation.name} in {self.seconds:.1f} s "
                f"({rate:.0f} documents/s); {self.replayed_tasks} queued changes replayed")


def _marker(using: str) -> Path:
    return index_root(using) / MARKER


def _write_marker(marker: Path, generation: str) -> None:
    """Written beside and renamed into place: a writer reading the marker while it is being
    written must not see an empty or half-written file, take it for a dead rebuild's, delete
    it and complete tasks the running rebuild may have read before their change."""
    partial = marker.with_name(f".{marker.name}.{os.getpid()}")
    partial.write_text(json.dumps({"pid": os.getpid(), "generation": generation}))
    os.replace(partial, marker)


def rebuild_in_progress(using: str = "default") -> bool:
    return _marker(using).exists()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_abandoned_rebuild(using: str = "default") -> bool:
    """Clean up after a rebuild that was killed (marker of a dead pid) or that ended while the
    writer was parking a batch: parked tasks are released whenever no rebuild runs."""
    marker = _marker(using)
    try:
        info = json.loads(marker.read_text())
        pid = int(info["pid"])
    except FileNotFoundError:
        # No rebuild: tasks parked by a writer that raced with the end of the last one go back.
        queue.release_parked()
        return False
    except (ValueError, KeyError, TypeError):
        pid = -1
    if pid > 0 and _pid_alive(pid):
        return False
    logger.warning("Rebuild marker %s left by a dead process; releasing its parked tasks", marker)
    queue.release_parked()
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()
    return True


def fresh_backend(path: Path, using: str = "default"):
    """A backend writing into ``path`` (not the live index)."""
    engine = connections[using]
    return engine.backend(using, **{**engine.options, "PATH": str(path)})


class Indexable:
    """Every object of ``index.index_queryset()`` (or of those with primary keys ``pks``) in
    primary key order, read ``batch_size`` at a time (keyset pagination, prefetches per
    chunk), calling ``progress`` after each chunk. A backend consumes a chunk while the
    next is read: the PostgreSQL engine's statements run while the next chunk loads.

    Sized: ``len()`` is the count when it was made, so that a backend can choose how to
    write a long batch (the Whoosh backend's sub-processes); ``seen`` counts what iterating
    gave, which is what was indexed."""

    def __init__(self, index, using: str = "default", *, pks=None, batch_size: int = 1000,
                 progress: Progress | None = None, label: str = "") -> None:
        self.base = index.index_queryset(using=using)
        if pks is not None:
            self.base = self.base.filter(pk__in=pks)
        self.total = self.base.count()
        self.batch_size = batch_size
        self.progress = progress
        self.label = label
        self.seen = 0

    def __len__(self) -> int:
        return self.total

    def __iter__(self):
        last_pk = None
        while True:
            qs = self.base.order_by("pk")
            if last_pk is not None:
                qs = qs.filter(pk__gt=last_pk)
            batch = list(qs[:self.batch_size])
            if not batch:
                return
            for obj in batch:
                self.seen += 1
                yield obj
            last_pk = batch[-1].pk
            if self.progress:
                self.progress(self.label, self.seen, self.total)


def index_everything(backend, using: str = "default", *, batch_size: int = 1000,
                     progress: Progress | None = None) -> dict[str, int]:
    """Send every indexable object of every registered SearchIndex to ``backend`` in ONE
    ``update()`` call per model, fed lazily chunk by chunk: one Whoosh writer and one commit
    for the whole generation. Committing per chunk instead makes Whoosh merge the growing
    segments again and again (4x the CPU at 3,000 articles, worse as the index grows)."""
    counts: dict[str, int] = {}
    unified = connections[using].get_unified_index()
    for model in unified.get_indexed_models():
        index = unified.get_index(model)
        objects = Indexable(index, using, batch_size=batch_size, progress=progress,
                            label=model._meta.label_lower)
        backend.update(index, objects)
        counts[objects.label] = objects.seen
    return counts


def rebuild(using: str = "default", *, batch_size: int = 1000,
            progress: Progress | None = None) -> RebuildReport:
    """Build a complete new generation and make it live; the old one serves until then.

    Raises ``LockHeld`` if another rebuild runs, and re-raises whatever stopped the indexing
    (after discarding the new directory; the live index is untouched)."""
    root = index_root(using)
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    live_backend = connections[using].get_backend()
    with FileLock(root / REBUILD_LOCK):
        recover_abandoned_rebuild(using)
        if hasattr(live_backend, "rebuild_beside"):  # a database engine: staging tables
            return _rebuild_beside(live_backend, using, batch_size, progress, started)
        generation = new_generation_dir(root)
        marker = _marker(using)
        _write_marker(marker, generation.name)
        report = RebuildReport(generation=generation)
        try:
            with writing_to(generation):
                backend = fresh_backend(generation, using)
                backend.setup()  # creates the (empty) index even when there is nothing to add
                report.counts = index_everything(backend, using, batch_size=batch_size,
                                                 progress=progress)
            swap_in(generation, root)
        except BaseException:
            logger.exception("Rebuild into %s failed; the live index is unchanged",
                             generation.name)
            discard_generation(generation, root)
            raise
        finally:
            with contextlib.suppress(FileNotFoundError):
                marker.unlink()
            report.replayed_tasks = queue.release_parked()
        report.seconds = time.perf_counter() - started
    cleanup_generations(root)
    return report


def _rebuild_beside(live_backend, using: str, batch_size: int, progress: Progress | None,
                    started: float) -> RebuildReport:
    """The same contract for engines that build beside the live index themselves
    (``backend.rebuild_beside()``, e.g. PostgreSQL staging tables swapped in one
    transaction): the marker parks the writer's tasks for replay, a failure leaves the live
    index as it was."""
    marker = _marker(using)
    _write_marker(marker, "staging")
    report = RebuildReport(generation=Path(getattr(live_backend, "table", "staging")))
    try:
        with live_backend.rebuild_beside() as staged:
            report.counts = index_everything(staged, using, batch_size=batch_size,
                                             progress=progress)
    except BaseException:
        logger.exception("Rebuild failed; the live index is unchanged")
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()
        report.replayed_tasks = queue.release_parked()
    report.seconds = time.perf_counter() - started
    return report
