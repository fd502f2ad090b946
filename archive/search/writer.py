"""The single index writer: applies queued IndexTask rows to the live index in batches.

Whoosh allows one writer per index; web processes therefore never write, they only queue
(archive/derived/signals.py). This writer holds a lock file so that a second copy exits at once,
reads the due tasks, coalesces them per article, loads those articles with one query and sends
them to the backend in one update (and the gone or hidden ones in one removal). Tasks are
deleted only once the index holds the change; a failure (a locked index, a full disk, a bad
document) is logged, counted on the rows and retried with backoff, never dropped.

Whether an article goes in or out is decided from the database at apply time, not from the
queued action: the last committed state always wins, whatever order the tasks came in.

The hand-over with a rebuild (docs/search.md, "Rebuilds and the queue"): a batch is completed
only if no rebuild runs *and* the live generation is still the one it was applied to, checked
in that order after applying; a batch applied to a generation that a swap has since replaced
keeps its tasks, and the next batch applies them again to the new one.
"""

from __future__ import annotations

import faulthandler
import logging
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import close_old_connections
from haystack import connections
from haystack.constants import ID
from whoosh.index import LockError

from archive.models import Article, IndexTask
from archive.search import queue
from archive.search.filelock import FileLock, LockHeld
from archive.search.location import index_root, live_index_dir
from archive.search.rebuild import Indexable, rebuild_in_progress, recover_abandoned_rebuild

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5
WRITER_LOCK = "writer.lock"
#: Tasks claimed at most per batch. An edit is a batch of one; a deep queue (an import, a
#: detection run) goes in long batches: one commit per few thousand articles, segments
#: large enough never to be merged again (whoosh_writing.tiered_merge), and the Whoosh
#: backend's sub-processes for the analysis. In batches of 500, merging their segments took
#: 45 % of the writer's time at 100,000 articles.
BATCH = 5000
#: Articles read from the database at a time within a batch.
LOAD_CHUNK = 500


@dataclass
class WriterReport:
    batches: int = 0
    updated: int = 0
    removed: int = 0
    failed_tasks: int = 0
    parked_tasks: int = 0
    #: Applied to a generation that a rebuild's swap replaced before they were completed.
    reapplied_tasks: int = 0

    def __str__(self) -> str:
        return (f"{self.batches} batches: {self.updated} articles indexed, {self.removed} removed, "
                f"{self.failed_tasks} tasks to retry, {self.parked_tasks} kept for replay, "
                f"{self.reapplied_tasks} applied again after a swap")


def writer_lock_path(using: str = "default") -> Path:
    """Beside the index root, not inside it: deleting the index directory (by hand, or a
    restore) must not delete the lock a running writer holds, or a second writer would take a
    new one and run beside it."""
    root = index_root(using)
    return root.parent / f"{root.name}.{WRITER_LOCK}"


def writer_lock(using: str = "default") -> FileLock:
    return FileLock(writer_lock_path(using))


class IndexWriter:
    """Applies the queue. Call ``run_batch()``/``drain()`` while holding ``writer_lock()``
    (``run()`` and the index_writer command do that)."""

    def __init__(self, using: str = "default", batch_size: int = BATCH, *,
                 after_apply: Callable[[Sequence[IndexTask]], None] | None = None) -> None:
        self.using = using
        self.batch_size = batch_size
        #: A seam for tests: called with the tasks once they are applied to the index and
        #: before they are completed, parked or kept (a test runs a rebuild's swap there).
        self.after_apply = after_apply
        self._backend = None
        self._backend_path: Path | None = None

    # The backend is rebuilt whenever the live generation changes (after a rebuild's swap),
    # so that this long-lived process never keeps writing into a superseded directory.
    def backend(self):
        engine = connections[self.using]
        if hasattr(engine.backend, "rebuild_beside"):  # a database engine: no directory
            if self._backend is None:
                self._backend = engine.get_backend()
            return self._backend
        live = live_index_dir()
        if self._backend is None or self._backend_path != live:
            options = {**engine.options, "PATH": str(live)}
            self._backend = engine.backend(self.using, **options)
            self._backend_path = live
        return self._backend

    def article_index(self):
        return connections[self.using].get_unified_index().get_index(Article)

    def generation(self) -> str:
        """What a write goes into now: the live generation directory (Whoosh) or the live
        table (a database engine's ``generation()``). Every swap changes it, and never back
        to an earlier value (directory names are unique, a swapped-in table is a new one)."""
        backend = connections[self.using].get_backend()
        own = getattr(backend, "generation", None)
        return own() if callable(own) else str(live_index_dir())

    def run_batch(self, report: WriterReport | None = None) -> int:
        """Apply one batch of due tasks; returns how many tasks were handled (0 = idle)."""
        report = report if report is not None else WriterReport()
        tasks = queue.claim(self.batch_size)
        if not tasks:
            return 0
        report.batches += 1
        generation = self.generation()  # before anything is written
        by_article: dict[int, list[IndexTask]] = {}
        for task in tasks:
            by_article.setdefault(task.object_id, []).append(task)
        try:
            self._apply(sorted(by_article), report)
        except LockError as exc:
            # Everyone would meet the same lock: retry the whole batch later.
            self._failed(tasks, f"index locked: {exc!r}", report)
        except Exception as exc:
            if len(by_article) == 1:
                self._failed(tasks, repr(exc), report)
            else:
                logger.warning("Index batch failed (%r); applying its halves apart", exc)
                self._isolate(sorted(by_article), by_article, report, generation)
        else:
            self._done(tasks, report, generation)
        return len(tasks)

    def _isolate(self, pks: Sequence[int], by_article: dict[int, list[IndexTask]],
                 report: WriterReport, generation: str) -> None:
        """Apply a failed batch's articles in halves, halving again what fails, so that one
        bad article does not hold the others hostage and costs log2(batch) tries, not one
        commit per article."""
        half = len(pks) // 2
        for part in (pks[:half], pks[half:]):
            part_tasks = [t for pk in part for t in by_article[pk]]
            try:
                self._apply(part, report)
            except Exception as exc:
                if len(part) == 1 or isinstance(exc, LockError):
                    self._failed(part_tasks, repr(exc), report)
                else:
                    self._isolate(part, by_article, report, generation)
            else:
                self._done(part_tasks, report, generation)

    def _apply(self, article_ids: Sequence[int], report: WriterReport) -> None:
        index = self.article_index()
        present = set(index.index_queryset(using=self.using).filter(pk__in=article_ids)
                      .values_list("pk", flat=True))
        gone = [pk for pk in article_ids if pk not in present]
        backend = self.backend()
        updated = 0
        if present:
            # Read LOAD_CHUNK articles at a time: the backend writes one chunk while the
            # next loads (a deep queue's 5,000 articles took 1.5 s to load in one go, with
            # the PostgreSQL engine's statements waiting for it).
            articles = Indexable(index, self.using, pks=sorted(present), batch_size=LOAD_CHUNK)
            backend.update(index, articles)
            updated = articles.seen
        if gone:
            remove_documents(backend, [f"{queue.ARTICLE}.{pk}" for pk in gone])
        report.updated += updated
        report.removed += len(gone)

    def _done(self, tasks: Sequence[IndexTask], report: WriterReport, generation: str) -> None:
        """Forget the applied tasks only when no generation can miss them.

        Checked after applying, in this order: (1) a rebuild runs: it may have read these
        articles before the changes, so the tasks are parked and replayed on whichever
        generation is live when it ends; (2) no rebuild runs but the live generation is not
        the one read before applying: a rebuild swapped in a generation built from a snapshot
        that may predate the changes, while they went into the old one; the tasks stay queued
        and the next batch applies them to the new one; (3) otherwise complete them. That is
        safe: no swap happened between applying and (2) (generations never repeat), and a
        rebuild that swaps later wrote its marker after (1), so after these changes were
        committed, and reads them itself."""
        if self.after_apply is not None:
            self.after_apply(tasks)
        if rebuild_in_progress(self.using):
            queue.park(tasks)
            report.parked_tasks += len(tasks)
        elif self.generation() != generation:
            logger.info("A rebuild swapped in a new generation while %d task(s) were applied "
                        "to the old one; applying them again", len(tasks))
            report.reapplied_tasks += len(tasks)
        else:
            queue.complete(tasks)

    def _failed(self, tasks: Sequence[IndexTask], error: str, report: WriterReport) -> None:
        queue.fail(tasks, error)
        report.failed_tasks += len(tasks)
        attempts = max(t.attempts for t in tasks)
        log = logger.error if attempts >= 5 else logger.warning
        log("Index update of %d task(s) failed (attempt %d), will retry: %s",
            len(tasks), attempts, error)

    def drain(self, max_batches: int | None = None) -> WriterReport:
        """Apply every due task, then return (tasks in backoff stay queued)."""
        report = WriterReport()
        recover_abandoned_rebuild(self.using)
        while max_batches is None or report.batches < max_batches:
            if not self.run_batch(report):
                break
        return report

    def run(self, poll: float = POLL_SECONDS, stop: threading.Event | None = None,
            on_batch: Callable[[WriterReport], None] | None = None,
            check: Callable[[], None] | None = None) -> None:
        """Poll forever (until ``stop`` is set): an edit reaches the index within ~poll s.
        ``check`` is called before every batch (run_writer re-asserts its lock there; what it
        raises ends the loop)."""
        stop = stop or threading.Event()
        while not stop.is_set():
            if check is not None:
                check()
            close_old_connections()
            report = WriterReport()
            try:
                recover_abandoned_rebuild(self.using)
                handled = self.run_batch(report)
            except Exception:  # the database went away, say: log, wait, go on
                logger.exception("Index writer loop error")
                handled = 0
            if handled and on_batch:
                on_batch(report)
            if handled < self.batch_size:
                stop.wait(poll)


def remove_documents(backend, identifiers: Sequence[str]) -> None:
    """Delete documents by id with one Whoosh writer and one commit; raises LockError when the
    index stays locked (haystack's remove() would swallow that and open a writer per id)."""
    remove_many = getattr(backend, "remove_many", None)
    if callable(remove_many):
        remove_many(identifiers)
        return
    if not backend.setup_complete:
        backend.setup()
    index = backend.index.refresh()
    writer = index.writer(timeout=2.0)
    try:
        for identifier in identifiers:
            writer.delete_by_term(ID, identifier)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def run_writer(using: str = "default", *, once: bool = False, poll: float = POLL_SECONDS,
               stdout=None, stop: threading.Event | None = None) -> WriterReport | None:
    """Entry point of the index_writer command: take the lock, then drain or loop (until
    ``stop`` is set, or SIGTERM/SIGINT when run in the main thread)."""
    lock = writer_lock(using)
    try:
        lock.acquire()
    except LockHeld as exc:
        raise LockHeld(f"another index writer is running ({exc})") from None
    try:
        writer = IndexWriter(using)
        if once:
            return writer.drain()
        stop = stop or threading.Event()
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
            # `kill -USR1` prints where every thread is (a writer that does not stop)
            faulthandler.register(signal.SIGUSR1, all_threads=True)
        logger.info("Index writer started on %s", live_index_dir())

        def note(report: WriterReport) -> None:
            if stdout is not None:
                stdout.write(f"{time.strftime('%H:%M:%S')} {report}")
        try:
            # Should the lock file vanish anyway, take it again at once; if another writer
            # took it meanwhile, this one stops.
            writer.run(poll=poll, stop=stop, on_batch=note, check=lock.reassert)
        except LockHeld as exc:
            logger.error("Index writer stopping: its lock file was replaced (%s)", exc)
            raise LockHeld(f"another index writer took the lock ({exc})") from None
        return None
    finally:
        lock.release()
