"""The project's haystack backend: haystack's Whoosh backend with our schema, a fast writer and
one long-lived searcher per process.

What changes from the stock backend, and why (issue 6):
- Schema (``article_schema``): folding and per-language stemming analyzers
  (archive/search/analysis.py), whole-value KEYWORD/ID facet fields, UTC dates in a column,
  the article pk in a column; the body is indexed, not stored (pages come from the database).
- Location: the live directory is ``archive.search.location.live_index_dir()``, asked before
  each operation, so an atomic rebuild (a new directory swapped in) is picked up by readers.
- Reading: ``live_index().snapshot()`` keeps one searcher per index directory and process,
  refreshed only when the index changed, with per-segment doc values for facets and date order
  (archive/search/docvalues.py).
- Writing (archive/search/whoosh_writing.py): one ``limitmb=256`` writer per ``update()``
  call (or one for a whole rebuild inside ``bulk()``), committed a segment at a time;
  a rebuild's fresh generation analysed by ``INDEX_PROCS`` sub-processes; documents prepared
  from prefetched rows, the project's codec (``SplitBlockCodec``: postings blocks with
  positions apart, no per-block length statistics) and a tiered merge policy that keeps the
  segment count low; a locked index raises ``whoosh.index.LockError`` after
  ``LOCK_TIMEOUT`` instead of being swallowed, so the caller (the queue writer) retries.

haystack's own API (SearchQuerySet, update_index, rebuild_index, clear_index) keeps working;
SearchQuerySet reads run through ``ArchiveWhooshSearchQuery`` (the SQ tree compiled to our own
evaluation, archive/search/matching.py) and archive/search/whoosh_search.py.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import struct
import threading
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions
from whoosh.formats import tokens as format_tokens
from whoosh.qparser import MultifieldParser
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import pack_uint, unpack_uint

from archive.search.analysis import folding_analyzer, stemming_analyzer
from archive.search.availability import IndexMissing
from archive.search.codec import SplitBlockCodec
from archive.search.docvalues import DocValues, SegmentValues
from archive.search.location import live_index_dir
from archive.search.whoosh_writing import (
    WRITER_OPTIONS,
    ParallelWriter,
    SegmentedWriter,
    tiered_merge,
)

#: Seconds a writer waits for the index lock before raising LockError.
LOCK_TIMEOUT = 10.0
#: haystack's "content": the stemmed body fields (the index has no unstemmed body copy).
CONTENT_FIELDS = ["text_fr", "text_en"]
CONTENT_FIELD = "text_fr"


def _keyword() -> KEYWORD:
    return KEYWORD(commas=True, lowercase=False, scorable=False, stored=False)


class PackedPositions(Positions):
    """Whoosh's Positions format with the deltas packed as a 32-bit array instead of a pickle
    per posting: cheaper to write (a tenth of indexing time went to pickle.dumps) and to read,
    and smaller. Same header (the frequency), so every other decoder is Whoosh's own."""

    def word_values(self, value, analyzer, **kwargs):
        fb = self.field_boost
        if isinstance(value, str) and hasattr(analyzer, "word_positions"):
            poses = analyzer.word_positions(value)  # our tokenizers' fast path
        else:
            poses: dict[str, list[int]] = {}
            kwargs["positions"] = True
            for t in format_tokens(value, analyzer, kwargs):
                poses.setdefault(t.text, []).append(t.pos)
        for word, poslist in poses.items():
            yield word, len(poslist), len(poslist) * fb, self.encode(poslist)

    def encode(self, poslist):
        if len(poslist) == 1:  # most postings
            return _ONE_POSITION + _pack_position(poslist[0])
        deltas = array("I", map(operator.sub, poslist, [0, *poslist[:-1]]))
        return pack_uint(len(poslist)) + deltas.tobytes()

    def decode_positions(self, valuestring):
        deltas = array("I")
        deltas.frombytes(valuestring[_INT_SIZE:_INT_SIZE + 4 * unpack_uint(
            valuestring[:_INT_SIZE])[0]])
        return list(accumulate(deltas))


_ONE_POSITION = pack_uint(1)
_pack_position = struct.Struct("=I").pack  # the layout of array("I")


def _text(analyzer, *, stored: bool = False) -> TEXT:
    field = TEXT(analyzer=analyzer, phrase=True, stored=stored)
    field.format = PackedPositions(field_boost=1.0)
    return field


def article_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        django_ct=ID(stored=True),
        django_id=ID(stored=True),
        article_id=NUMERIC(int, bits=64, sortable=True, signed=False),
        text_fr=_text(stemming_analyzer("fr")),
        text_en=_text(stemming_analyzer("en")),
        title=_text(folding_analyzer(), stored=True),
        language=ID(),
        published=DATETIME(sortable=True),
        year=ID(),
        month=ID(),
        figure=_keyword(),
        party=_keyword(),
        party_named=_keyword(),
        party_lineage=_keyword(),
        author=_keyword(),
        publication=ID(),
        changed=ID(),
    )


class ArchiveCodec(W3Codec):
    """The codec of segments written before SplitBlockCodec (archive/search/codec.py), kept
    so that they stay readable (segments name their codec by this path): Whoosh's W3 without
    per-block length statistics and with zlib's fastest level."""

    length_stats = False

    def __init__(self, blocklimit: int = 128, compression: int = 1, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=compression,
                         inlinelimit=inlinelimit)


def whoosh_document(doc: dict, schema: Schema | None = None) -> dict:
    """A prepared haystack document as Whoosh wants it: strings, comma-joined lists, naive
    UTC datetimes, empty values and fields outside the schema left out."""
    out = {}
    names = set(schema.names()) if schema is not None else None
    for key, value in doc.items():
        if value is None or value == "" or value == [] or (names and key not in names):
            continue
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
        elif isinstance(value, dt.date):
            value = dt.datetime(value.year, value.month, value.day)
        elif isinstance(value, (list, tuple, set)):
            value = ",".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif not isinstance(value, int | float):
            value = str(value)
        out[key] = value
    return out


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


class ArchiveWhooshSearchBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # Writes must never be swallowed: the queue writer retries what raises.
        self.silently_fail = False
        # Suggestions are cheap here (asked only when a search finds almost nothing).
        self.include_spelling = connection_options.get("INCLUDE_SPELLING", True)
        #: Processes analysing the documents of a fresh index (a rebuild's generation).
        self.index_procs = int(connection_options.get("INDEX_PROCS", 1))

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
        """A Whoosh writer on the live index (``procs`` > 1: a ParallelWriter, for a fresh
        index)."""
        self._ensure()
        options = {"timeout": LOCK_TIMEOUT, "codec": SplitBlockCodec(), **WRITER_OPTIONS}
        if procs > 1:
            return ParallelWriter(self.index, procs, **options)
        return self.index.writer(**options)

    def _segmented(self) -> SegmentedWriter:
        fresh = self.index.doc_count_all() == 0
        return SegmentedWriter(self.writer, fresh=fresh, procs=self.index_procs)

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
        writer = bulk or self._segmented()
        count = 0
        try:
            for obj in iterable:
                try:
                    doc = whoosh_document(index.full_prepare(obj), self.index.schema)
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
