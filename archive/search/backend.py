"""The project's haystack backend: haystack's Whoosh backend with our schema, a fast writer and
one long-lived searcher per process.

What changes from the stock backend, and why (issue 6):
- Schema (``article_schema``, archive/search/whoosh_schema.py): folding and per-language
  stemming analyzers (archive/search/analysis.py), whole-value KEYWORD/ID facet fields, UTC
  dates in a column, the article pk in a column; the body is indexed, not stored (pages come
  from the database).
- Location: the live directory is ``archive.search.location.live_index_dir()``, asked before
  each operation, so an atomic rebuild (a new directory swapped in) is picked up by readers.
- Reading (archive/search/whoosh_index.py): ``live_index().snapshot()`` keeps one searcher
  per index directory and process, refreshed only when the index changed, with per-segment
  doc values for facets and date order (archive/search/docvalues.py).
- Writing (archive/search/whoosh_writing.py): one ``limitmb=256`` writer per ``update()``
  call (or one for a whole rebuild inside ``bulk()``), committed a segment at a time;
  a long batch (a rebuild, a deep queue) analysed by ``INDEX_PROCS`` sub-processes;
  documents prepared from prefetched rows, the project's codec (``SplitBlockCodec``:
  postings blocks with positions apart, no per-block length statistics) and a tiered merge
  policy that keeps the segment count low; a locked index raises ``whoosh.index.LockError`` after
  ``LOCK_TIMEOUT`` instead of being swallowed, so the caller (the queue writer) retries.

haystack's own API (SearchQuerySet, update_index, rebuild_index, clear_index) keeps working;
SearchQuerySet reads run through ``ArchiveWhooshSearchQuery`` (the SQ tree compiled to our own
evaluation, archive/search/matching.py) and archive/search/whoosh_search.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import MultifieldParser

from archive.search import whoosh_schema
from archive.search.codec import SplitBlockCodec
from archive.search.location import live_index_dir
from archive.search.whoosh_index import open_existing, open_or_create, reading
from archive.search.whoosh_pool import TermPoolWriter
from archive.search.whoosh_schema import (
    CONTENT_FIELD,
    CONTENT_FIELDS,
    article_schema,
    whoosh_document,
)
from archive.search.whoosh_writing import (
    WRITER_OPTIONS,
    ParallelWriter,
    SegmentedWriter,
    tiered_merge,
)

#: Seconds a writer waits for the index lock before raising LockError.
LOCK_TIMEOUT = 10.0
#: Indexes written before whoosh_schema.py name these by their former place, this module
#: (the pickled schema's positions format, older segments' codec).
PackedPositions = whoosh_schema.PackedPositions
ArchiveCodec = whoosh_schema.ArchiveCodec


class ArchiveWhooshSearchBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # Writes must never be swallowed: the queue writer retries what raises.
        self.silently_fail = False
        # Suggestions are cheap here (asked only when a search finds almost nothing).
        self.include_spelling = connection_options.get("INCLUDE_SPELLING", True)
        #: Processes analysing the documents of a long batch (settings.ARCHIVE_INDEX_PROCS).
        self.index_procs = int(connection_options.get("INDEX_PROCS",
                                                      settings.ARCHIVE_INDEX_PROCS))

    # -- location and schema -------------------------------------------------------------
    def setup(self):
        path = live_index_dir()
        self.path = str(path)
        self.content_field_name, self.schema = CONTENT_FIELD, article_schema()
        self.parser = MultifieldParser(CONTENT_FIELDS, schema=self.schema)
        self.index = open_or_create(path)
        self.storage = self.index.storage
        self.setup_complete = True

    def _ensure(self) -> None:
        if not self.setup_complete or self.path != str(live_index_dir()):
            self.setup()

    def _ensure_readable(self) -> None:
        """Like ``_ensure`` for reads: the schema and parser, and the live index only if it
        exists (``IndexMissing`` otherwise), never a new empty one."""
        path = live_index_dir()
        if self.setup_complete and self.path == str(path) and path.is_dir():
            return
        self.path = str(path)
        self.content_field_name, self.schema = CONTENT_FIELD, article_schema()
        self.parser = MultifieldParser(CONTENT_FIELDS, schema=self.schema)
        self.index = open_existing(path)
        self.storage = self.index.storage
        self.setup_complete = True

    # -- writing ---------------------------------------------------------------------------
    def writer(self, procs: int = 1):
        """A Whoosh writer on the live index (``procs`` > 1: a ParallelWriter, for a long
        batch)."""
        self._ensure()
        options = {"timeout": LOCK_TIMEOUT, "codec": SplitBlockCodec(), **WRITER_OPTIONS}
        if procs > 1:
            return ParallelWriter(self.index, procs, **options)
        return TermPoolWriter(self.index, **options)

    def _segmented(self, expected: int | None = None) -> SegmentedWriter:
        fresh = self.index.doc_count_all() == 0
        return SegmentedWriter(self.writer, fresh=fresh, procs=self.index_procs,
                               expected=expected)

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Every ``update()`` inside the block shares one writer: several update() calls
        then fill the same segments (see ``update``)."""
        self._ensure()
        self._bulk = self._segmented()
        try:
            yield
        except BaseException:
            self._bulk.cancel()
            raise
        else:
            self._bulk.commit()
        finally:
            self._bulk = None

    def update(self, index, iterable, commit=True):
        """Index ``iterable`` (best from ``index.index_queryset()``: no query per object, and
        it may be a lazy generator over the whole table).

        A batch goes in one writer and one commit (a failure cancels it); a long iterable is
        committed a segment at a time, whenever Whoosh's posting pool is nearly full: beyond
        that (about 5,000 articles at limitmb=256) the pool spills to disk and pickles every
        posting, which halves the indexing rate. Into an empty index (a rebuild's
        new generation) documents are added without the search for a previous version."""
        self._ensure()
        if hasattr(index, "begin_batch"):
            index.begin_batch()
        bulk = getattr(self, "_bulk", None)
        writer = bulk or self._segmented(len(iterable) if isinstance(iterable, Sized) else None)
        count = 0
        schema = self.index.schema  # read from the table of contents on every access
        try:
            for obj in iterable:
                try:
                    doc = whoosh_document(index.full_prepare(obj), schema)
                except SkipDocument:
                    continue
                writer.add(doc)
                count += 1
        except BaseException:
            if bulk is None:
                writer.cancel()
            raise
        if bulk is None:
            writer.commit()
        return count

    def remove(self, obj_or_string, commit=True):
        self.remove_many([get_identifier(obj_or_string)])

    def remove_many(self, identifiers: Iterable[str]) -> None:
        """Delete documents by haystack identifier ("archive.article.12") in one commit;
        raises when the index is locked for longer than LOCK_TIMEOUT."""
        identifiers = list(identifiers)
        if not identifiers:
            return
        writer = self.writer()
        try:
            with writer.searcher() as searcher:  # one for all (Whoosh opens one per term)
                for ident in identifiers:
                    writer.delete_by_term("id", ident, searcher=searcher)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=tiered_merge)

    def clear(self, models=None, commit=True):
        """Empty the index in place (a new empty generation of the same directory); rebuilds
        that must keep serving use a new directory instead (archive/search/location.py)."""
        self._ensure()
        self.index = FileStorage(self.path).create_index(self.schema)
        self.setup_complete = True

    # -- health ------------------------------------------------------------------------------
    def verify(self) -> None:
        """Raise ``SearchUnavailable`` unless the live index opens and reads: the searcher
        readers use (every segment's pk column is checked as it is loaded) and a sample of
        each segment's postings (``sample_segments``), for /healthz and ensure_index."""
        self._ensure_readable()
        with reading() as snap:
            sample_segments(snap.searcher, snap.path)

    # -- haystack reading API -----------------------------------------------------------
    def search(self, query_string, **kwargs):
        """haystack's search: a tree compiled by ArchiveWhooshSearchQuery runs on the cached
        bitmaps and the one scorer (archive/search/whoosh_search.py); a raw query string
        (``SearchQuerySet().raw_search()``) goes to Whoosh's own parser and scoring."""
        self._ensure_readable()
        if isinstance(query_string, str):
            return super().search(query_string, **kwargs)
        from archive.search import whoosh_search

        with reading() as snap:
            return whoosh_search.search(snap, query_string,
                                        include_spelling=self.include_spelling, **kwargs)

    def more_like_this(self, model_instance, additional_query_string=None, start_offset=0,
                       end_offset=None, models=None, limit_to_registered_models=None,
                       result_class=None, **kwargs):
        """Similar articles from the article's own text (the body is not stored in the
        index), through the cached best-documents lists."""
        from archive.search import whoosh_search
        from archive.search.matching import EVERYTHING

        self._ensure_readable()
        node = additional_query_string if not isinstance(
            additional_query_string, str | type(None)) else EVERYTHING
        with reading() as snap:
            return whoosh_search.more_like_this(snap, model_instance, node,
                                                start_offset=start_offset,
                                                end_offset=end_offset, result_class=result_class)


#: Segments whose sample read well, by name and the size and mtime of their files: a segment
#: never changes once written, so it is read again only when one of its files does.
_sampled: set[tuple] = set()
SAMPLED_KEEP = 10_000
SAMPLED_FIELDS = ("text_fr", "text_en", "title", "figure", "party_lineage", "publication")


def sample_segments(searcher, path: Path) -> None:
    """Read the first term's postings of a few fields in every segment (a damaged postings
    file fails there, as the searches it would break); cheap, and done once per segment."""
    listing = sorted(os.scandir(path), key=lambda e: e.name)
    for reader, _offset in searcher.reader().leaf_readers():
        segment = reader.segment() if hasattr(reader, "segment") else None
        if segment is None:
            continue
        name = segment.segment_id()
        key = (str(path), name, tuple((e.name, e.stat().st_size, e.stat().st_mtime_ns)
                                      for e in listing if e.name.startswith(name + ".")))
        if key in _sampled:
            continue
        if len(_sampled) > SAMPLED_KEEP:  # merged-away segments: forget them all, re-read once
            _sampled.clear()
        for fieldname in SAMPLED_FIELDS:
            if fieldname in reader.schema:
                for term in reader.lexicon(fieldname):
                    for _doc in reader.postings(fieldname, term).all_ids():
                        pass
                    break
        _sampled.add(key)


class ArchiveWhooshSearchQuery(WhooshSearchQuery):
    """haystack's SearchQuery for our backend: ``build_query`` compiles the SQ tree into the
    backend's native tree (archive/search/matching.py) instead of a Whoosh query string, as
    haystack's own backends turn it into theirs."""

    def build_query(self):
        from archive.search.matching import compile_sq

        return compile_sq(self.query_filter)

    def __str__(self) -> str:
        return repr(self.build_query())

    def run_mlt(self, **kwargs):
        # haystack's base run_mlt drops the slice: pass it, as its Solr backend does.
        kwargs.setdefault("start_offset", self.start_offset)
        if self.end_offset is not None:
            kwargs.setdefault("end_offset", self.end_offset)
        super().run_mlt(**kwargs)


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshSearchBackend
    query = ArchiveWhooshSearchQuery
