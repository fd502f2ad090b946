"""Writing the Whoosh index: segment-at-a-time commits, the merge policy, and a rebuild's
documents analysed by several processes.

- ``SegmentedWriter``: one Whoosh writer for a long ``update()`` (or a whole rebuild inside
  ``bulk()``), committed a segment at a time before Whoosh's posting pool spills to disk;
  into an index that already has documents, ``PreviousVersions`` finds every previous
  version from one read of the segments' pk columns (Whoosh's ``update_document`` opens a
  reader of every segment per document).
- ``tiered_merge``: the queue writer's small segments merged by size class.
- ``ParallelWriter``: a long batch (a rebuild, a deep queue: at least PARALLEL_MIN_DOCS
  documents) written by ``procs`` sub-processes (Whoosh's ``MpWriter`` with one segment per
  sub-process): this process prepares the documents from the database and deletes their
  previous versions, the sub-processes analyse them and write their segments, so a long
  batch uses every core it is given. Job file k goes to sub-process k % procs and segments
  are committed in that order: the layout depends on ``procs``, not on timing. A
  sub-process that dies fails the commit loudly (MpWriter alone would commit without its
  segment), and cancelling stops the sub-processes (MpWriter's cancel does not reach them,
  and a waiting one would keep the process alive).
"""

from __future__ import annotations

import pickle
import queue as stdlib_queue
from multiprocessing import Queue

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name

from archive.search.whoosh_pool import TermPoolWriter

#: compound=False: Whoosh reads a compound segment file through BytesIO, which copies every
#: sub-file into memory (a reader's RSS would hold the whole index twice); plain segment
#: files are read in place.
WRITER_OPTIONS = {"limitmb": 256, "compound": False}
#: A long update() commits a segment when Whoosh's in-memory posting pool is this full
#: (before it spills to disk: about 5,000 articles of 800 words at limitmb=256) or after
#: BULK_SEGMENT_DOCS articles.
POOL_FILL = 0.85
BULK_SEGMENT_DOCS = 20_000
#: With sub-processes, each one's pool is out of sight: a commit every this many articles
#: per sub-process keeps each pool under its limit (see POOL_FILL).
PARALLEL_SEGMENT_DOCS = 4_000
#: Batches shorter than this are written in this process: starting sub-processes costs more
#: than they save on a few hundred documents (an edit, a small import, the tests' corpora).
PARALLEL_MIN_DOCS = 1000
#: Documents per job file handed to a sub-process.
PARALLEL_BATCH = 100
#: Job files waiting per sub-process.
JOBS_PER_QUEUE = 4
#: Seconds between liveness checks while a job waits for room, or the parent for a segment.
PUT_WAIT = 1.0

#: Segments of one size class (a power of ten of documents) merged together when this many;
#: only segments under MERGE_MAX_DOCS (the queue writer's small batches) are ever merged.
MERGE_FACTOR = 10
MERGE_MAX_DOCS = 1000


class SubprocessFailed(RuntimeError):
    """A sub-process analysing documents for the index died: its segment is missing."""


class TermPoolTask(SubWriterTask):
    """Sub-process ``number`` of a ParallelWriter: Whoosh's SubWriterTask (one segment of its
    own, the ``multisegment`` mode) writing through a TermPoolWriter, taking jobs from a
    queue of its own and returning its segment tagged with its number."""

    def __init__(self, number: int, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.number = number

    def run(self) -> None:
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = TermPoolWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:  # the parent commits
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        segment = writer._finalize_segment()
        self.resultqueue.put((self.number, segment), timeout=5)


class ParallelWriter(MpWriter):
    """MpWriter with one segment per sub-process, each written through a TermPoolWriter, a
    layout that does not depend on timing, and failures that cannot pass silently.

    Job file k goes to sub-process k % procs (a job queue each) and the segments are
    committed in sub-process order: two writes of the same documents give the same segments,
    so BM25's per-segment statistics, and the order of near-equal scores, are the same from
    one rebuild to the next (with a shared queue, which sub-process took a job varied)."""

    def __init__(self, ix, procs: int, **kwargs) -> None:
        super().__init__(ix, procs=procs, batchsize=PARALLEL_BATCH, multisegment=True,
                         **kwargs)
        self.jobs = 0

    def _new_task(self) -> TermPoolTask:
        task = TermPoolTask(len(self.tasks), self.storage, self.indexname,
                            Queue(JOBS_PER_QUEUE), self.resultqueue, self.subargs,
                            multisegment=True)
        self.tasks.append(task)
        task.start()
        return task

    def _check_tasks(self) -> None:
        dead = [task for task in self.tasks if not task.is_alive() and task.exitcode]
        if dead:
            raise SubprocessFailed(f"an indexing sub-process exited with status "
                                   f"{dead[0].exitcode}: its documents are not indexed")

    def _put(self, task: TermPoolTask, job) -> None:
        """Waiting for room in a job queue, notice a sub-process that died instead of
        waiting forever."""
        while True:
            try:
                task.jobqueue.put(job, timeout=PUT_WAIT)
                return
            except stdlib_queue.Full:
                self._check_tasks()

    def _enqueue(self) -> None:
        """The buffered documents to a job file for sub-process ``jobs % procs``."""
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            for item in self.docbuffer:
                pickle.dump(item, f, pickle.HIGHEST_PROTOCOL)
        job, self.docbuffer = (filename, len(self.docbuffer)), []
        number = self.jobs % self.procs
        self.jobs += 1
        if number == len(self.tasks):
            self._new_task()
        self._put(self.tasks[number], job)

    def _commit(self, mergetype, optimize, merge):
        """MpWriter's multisegment commit, with the segments in sub-process order."""
        if self.docbuffer:
            self._enqueue()
        for task in self.tasks:
            self._put(task, None)
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        results = {}
        while len(results) < len(self.tasks):
            finished = not any(task.is_alive() for task in self.tasks)
            try:
                number, segment = self.resultqueue.get(timeout=PUT_WAIT)
            except stdlib_queue.Empty:
                self._check_tasks()
                if finished:  # all had exited before this wait: nothing more can come
                    raise SubprocessFailed("an indexing sub-process failed before returning "
                                           "its segment: this commit lacks its documents") from None
                continue
            results[number] = segment
        for task in self.tasks:
            task.join()
        finalsegments += [results[number] for number in sorted(results)]
        if self._added:
            finalsegments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(finalsegments)
        self._finish()

    def cancel(self) -> None:
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
            task.join()
        self.tasks = []
        if not self.is_closed:  # a failed commit has closed it already
            super().cancel()


#: The column that holds each document's article pk (whoosh_schema.article_schema).
PK_FIELD = "article_id"


class PreviousVersions:
    """Where the committed segments hold each article: pk -> global document numbers, from
    every segment's pk column, read once per writer. Whoosh's ``delete_by_term`` per document
    looks the term up in every segment: a deep queue's 5,000 updates into 31 segments were
    155,000 lookups, a third of the writer's time."""

    def __init__(self, writer) -> None:
        self.docs: dict[int, list[int]] = {}
        #: False when a segment has no pk column: ``pop`` then finds nothing, the caller
        #: falls back to the unique fields.
        self.complete = True
        reader = writer.reader()
        try:
            for leaf, offset in reader.leaf_readers():
                if not leaf.doc_count_all():
                    continue
                if not leaf.has_column(PK_FIELD):
                    self.complete = False
                    continue
                deleted = leaf.is_deleted if leaf.has_deletions() else None
                docs = self.docs
                for n, pk in enumerate(leaf.column_reader(PK_FIELD, translate=False)):
                    if deleted is None or not deleted(n):
                        docs.setdefault(pk, []).append(offset + n)
        finally:
            reader.close()

    def pop(self, pk: int | None) -> list[int] | None:
        """The document numbers to delete before ``pk`` is added again (``[]``: none exist),
        or None when they cannot be known from the column."""
        if pk is None or not self.complete:
            return None
        return self.docs.pop(pk, [])


def unique_fields(schema) -> list[str]:
    return [name for name, field in schema.items() if field.unique]


class SegmentedWriter:
    """A Whoosh writer that commits a segment whenever its posting pool is nearly full.

    ``open_writer(procs)`` gives a Whoosh writer; ``procs`` > 1 spreads the analysis over
    that many sub-processes when the batch is known to hold at least PARALLEL_MIN_DOCS
    documents (``expected``; previous versions are still deleted here, in this process)."""

    def __init__(self, open_writer, *, fresh: bool, procs: int = 1,
                 expected: int | None = None, segment_docs: int | None = None) -> None:
        self.open_writer = open_writer
        self.fresh = fresh
        long_batch = expected is not None and expected >= PARALLEL_MIN_DOCS
        self.procs = procs if long_batch and procs > 1 else 1
        self.segment_docs = segment_docs or (
            PARALLEL_SEGMENT_DOCS * self.procs if self.procs > 1 else BULK_SEGMENT_DOCS)
        self.writer = None
        self.previous: PreviousVersions | None = None
        self.searcher = None
        self.unique: list[str] = []
        self.count = 0

    def add(self, doc: dict) -> None:
        if self.writer is None:
            self.writer = self.open_writer(self.procs)
            self.previous = None if self.fresh else PreviousVersions(self.writer)
            # writer.schema reads the table of contents again on every access (1 ms)
            self.unique = unique_fields(self.writer.schema)
        if self.previous is not None:
            self._delete_previous(doc)
        self.writer.add_document(**doc)
        self.count += 1
        pool = None if self.procs > 1 else getattr(self.writer, "pool", None)
        full = pool is not None and pool.currentsize > POOL_FILL * pool.limit
        if full or self.count >= self.segment_docs:
            self.commit()

    def _delete_previous(self, doc: dict) -> None:
        docnums = self.previous.pop(doc.get(PK_FIELD))
        if docnums is not None:
            for docnum in docnums:
                self.writer.delete_document(docnum)
            return
        # Not found by pk (a document without one, a segment without the column): by the
        # unique fields, with one searcher for the whole writer (Whoosh's update_document
        # opens a reader of every segment per document).
        if self.searcher is None:
            self.searcher = self.writer.searcher()
        for name in self.unique:
            if doc.get(name) is not None:
                self.writer.delete_by_term(name, doc[name], searcher=self.searcher)

    def commit(self) -> None:
        self._close_previous()
        writer, self.writer, self.count = self.writer, None, 0
        if writer is not None:
            try:
                writer.commit(mergetype=tiered_merge)
            except BaseException:
                if isinstance(writer, ParallelWriter):
                    writer.cancel()
                raise

    def cancel(self) -> None:
        self._close_previous()
        writer, self.writer, self.count = self.writer, None, 0
        if writer is not None:
            writer.cancel()

    def _close_previous(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
        self.searcher = self.previous = None


def tiered_merge(writer, segments):
    """Whoosh merge policy for the queue writer's small commits: when MERGE_FACTOR segments
    of under MERGE_MAX_DOCS documents share a size class (1-9, 10-99, 100-999), merge them
    into one, so live updates do not pile up segments (every query pays per segment). Big
    segments are left alone: merging re-sorts every posting through Whoosh's pool, minutes
    at 100,000 articles, and a rebuild is the way to compact them."""
    from whoosh.reading import SegmentReader

    tiers: dict[int, list] = {}
    for segment in segments:
        size = segment.doc_count_all()
        if size < MERGE_MAX_DOCS:
            tiers.setdefault(len(str(max(size, 1))), []).append(segment)
    merging = [seg for tier in tiers.values() if len(tier) >= MERGE_FACTOR for seg in tier]
    for segment in merging:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    merged = {id(seg) for seg in merging}
    return [seg for seg in segments if id(seg) not in merged]
