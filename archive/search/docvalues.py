"""Document sets as bitmaps, read once per index segment, so that matching, filters, counts
and facets are C-speed integer operations instead of Python loops over postings.

A ``Bits`` is one Python int whose bit ``d`` is document ``d``: AND/OR/NOT of two sets of
100,000 documents is a few microseconds, and a count is ``int.bit_count()``. Facet counts are
therefore ``(matched & value).bit_count()`` per facet value, never a read of stored documents.

Whoosh segments are immutable (deletions aside), so a segment's bitmaps are cached under its
segment id and reused by every later searcher: after an admin edit only the small new segment
is read. A ``DocValues`` joins the segments of one searcher (shifting each segment's bits by
its document offset) and holds the date order used to browse without scoring.

Not thread-safe on their own (the caches are OrderedDicts moved and popped on every read):
every use happens inside ``archive.search.backend.reading()``, which holds the live index's
lock; tests/search/test_threads.py hammers one backend from several threads.
"""

from __future__ import annotations

import bisect
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import cached_property

import numpy as np
from whoosh.idsets import DocIdSet

from archive.search.availability import SearchUnavailable
from archive.search.postings import (
    K1,
    B,
    best_documents,
    field_lengths,
    idf,
    merge_best,
    read_postings,
    scaled,
)

#: Whole-value fields whose postings are read as bitmaps when first used.
VALUE_FIELDS = (
    "figure", "party", "party_named", "party_lineage", "author", "publication", "language",
    "year", "month", "changed",
)
#: Text terms kept as bitmaps per segment (each costs at most doc_count / 8 bytes).
TERM_CACHE_SIZE = 4000
#: Best-scoring documents kept per term for ranking (see ``SegmentValues.impacts``).
IMPACT_DEPTH = 1000
IMPACT_CACHE_SIZE = 3000
#: Full posting lists kept per segment for exact scoring of small result sets.
POSTINGS_CACHE_BYTES = 48 * 1024 * 1024
#: Result sets up to this size are ranked exactly (every document scored).
EXACT_SCORING_LIMIT = 5000
_BYTE_BITS = [tuple(i for i in range(8) if b >> i & 1) for b in range(256)]


class Bits(DocIdSet):
    """A set of document numbers as one int. Also a Whoosh DocIdSet (``filter=`` of a
    search), through ``__contains__``."""

    __slots__ = ("value", "_bytes")

    def __init__(self, value: int = 0) -> None:
        self.value = value
        self._bytes: bytes | None = None

    @classmethod
    def from_ids(cls, ids: Iterable[int]) -> Bits:
        if isinstance(ids, array):
            docs = np.frombuffer(ids, dtype=np.int32) if ids.itemsize == 4 else np.asarray(ids)
        else:
            docs = np.fromiter(ids, dtype=np.int64)
        if not len(docs):
            return cls(0)
        flags = np.zeros(int(docs.max()) + 1, dtype=bool)
        flags[docs] = True
        return cls(int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little"))

    @classmethod
    def first(cls, count: int) -> Bits:
        """Documents 0 .. count-1."""
        return cls((1 << count) - 1)

    def as_bytes(self) -> bytes:
        if self._bytes is None:
            self._bytes = self.value.to_bytes((self.value.bit_length() + 7) // 8, "little")
        return self._bytes

    def __contains__(self, d: int) -> bool:
        b = self.as_bytes()
        i = d >> 3
        return i < len(b) and bool(b[i] >> (d & 7) & 1)

    def __iter__(self) -> Iterator[int]:
        for i, byte in enumerate(self.as_bytes()):
            if byte:
                base = i << 3
                for off in _BYTE_BITS[byte]:
                    yield base + off

    def __len__(self) -> int:
        return self.value.bit_count()

    def __bool__(self) -> bool:
        return self.value != 0

    def __and__(self, other: Bits) -> Bits:
        return Bits(self.value & other.value)

    def __or__(self, other: Bits) -> Bits:
        return Bits(self.value | other.value)

    def __sub__(self, other: Bits) -> Bits:
        return Bits(self.value & ~other.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bits) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def count_and(self, other: Bits) -> int:
        return (self.value & other.value).bit_count()

    def shifted(self, offset: int) -> Bits:
        return Bits(self.value << offset) if offset else self

    def __repr__(self) -> str:
        return f"Bits({len(self)} documents)"


class SegmentValues:
    """What one segment holds, as segment-local bitmaps (deleted documents included: callers
    intersect with ``live``), plus its pk and date columns."""

    def __init__(self, reader) -> None:
        self.doc_count = reader.doc_count_all()
        self._fields: dict[str, dict[str, Bits]] = {}
        self._terms: OrderedDict[tuple[str, str], Bits] = OrderedDict()
        self._impacts: OrderedDict[tuple[str, str], tuple[array, array]] = OrderedDict()
        self._postings: OrderedDict[tuple[str, str], tuple[array, array]] = OrderedDict()
        self._postings_bytes = 0
        self._lengths: dict[str, np.ndarray | None] = {}
        self.pks = _column(reader, "article_id", self.doc_count, 0)
        if len(self.pks) != self.doc_count or not all(self.pks):
            # Every document has its article's pk: a damaged column would silently drop
            # results (an empty CSV), so the segment is reported unreadable instead.
            raise SearchUnavailable(f"index unreadable: the article_id column of segment "
                                    f"{_segment_name(reader)} is damaged")
        self.dates = _column(reader, "published", self.doc_count, None)

    def field(self, reader, name: str) -> dict[str, Bits]:
        values = self._fields.get(name)
        if values is None:
            values = {}
            if name in reader.schema:
                for btext in reader.lexicon(name):
                    text = btext.decode("utf-8")
                    values[text] = Bits.from_ids(read_postings(reader, name, text)[0])
            self._fields[name] = values
        return values

    def term(self, reader, fieldname: str, text: str) -> Bits:
        key = (fieldname, text)
        bits = self._terms.get(key)
        if bits is None:
            bits = self._read(reader, fieldname, text)[0]
        else:
            self._terms.move_to_end(key)
        return bits

    def impacts(self, reader, fieldname: str, text: str) -> tuple[array, array]:
        """The IMPACT_DEPTH documents of this segment where the term weighs most, best first,
        with their BM25 term-frequency part (the idf, a property of the whole index, is
        ``DocValues.impacts``'s: these lists outlive the searcher they were read for). Read
        once per term and segment: ranking a query then costs a few thousand additions
        instead of scoring every matching document."""
        key = (fieldname, text)
        found = self._impacts.get(key)
        if found is None:
            found = self._read(reader, fieldname, text)[1]
        else:
            self._impacts.move_to_end(key)
        return found

    def _read(self, reader, fieldname: str, text: str) -> tuple[Bits, tuple[array, array]]:
        """One pass over a term's postings fills both caches (a text query needs both)."""
        key = (fieldname, text)
        ids, weights = self.postings(reader, fieldname, text)
        bits = Bits.from_ids(ids)
        lengths = self.norm(reader, fieldname)[2]
        found = best_documents(ids, weights, lengths, self._avg_length(reader, fieldname),
                               IMPACT_DEPTH)
        self._terms[key] = bits
        self._impacts[key] = found
        if len(self._terms) > TERM_CACHE_SIZE:
            self._terms.popitem(last=False)
        if len(self._impacts) > IMPACT_CACHE_SIZE:
            self._impacts.popitem(last=False)
        return bits, found

    def postings(self, reader, fieldname: str, text: str) -> tuple[array, array]:
        """All (docnum, weight) of a term, as arrays; the recently used ones are kept (up to
        POSTINGS_CACHE_BYTES) for exact scoring of small result sets."""
        key = (fieldname, text)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        found = self._postings[key] = read_postings(reader, fieldname, text)
        ids = found[0]
        self._postings_bytes += 8 * len(ids)
        while self._postings_bytes > POSTINGS_CACHE_BYTES and len(self._postings) > 1:
            _, (old, _) = self._postings.popitem(last=False)
            self._postings_bytes -= 8 * len(old)
        return found

    def norm(self, reader, fieldname: str) -> tuple[float, float, np.ndarray | None]:
        """BM25 length normalisation of a field: (k1 * (1 - b), k1 * b / avgdl, lengths)."""
        if fieldname not in self._lengths:
            self._lengths[fieldname] = field_lengths(reader, fieldname)
        k1b = K1 * B / self._avg_length(reader, fieldname)
        return K1 * (1 - B), k1b, self._lengths[fieldname]

    def _avg_length(self, reader, fieldname: str) -> float:
        return (reader.field_length(fieldname) / max(self.doc_count, 1)) or 1.0


def _segment_name(reader) -> str:
    segment = reader.segment() if hasattr(reader, "segment") else None
    return segment.segment_id() if segment is not None else "?"


def _column(reader, name: str, count: int, default):
    if not reader.has_column(name):
        return [default] * count
    values = list(reader.column_reader(name, translate=False))
    missing = reader.schema[name].column_type.default_value()
    return [default if v == missing or v is None else v for v in values]


class DocValues:
    """The bitmaps and orders of one searcher, in its global document numbers."""

    def __init__(self, searcher, cache: dict[str, SegmentValues]) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves: list[tuple[object, int, SegmentValues]] = []
        fresh: dict[str, SegmentValues] = {}
        live = 0
        for reader, offset in self.reader.leaf_readers():
            segment = reader.segment() if hasattr(reader, "segment") else None
            if segment is None:  # an empty index
                continue
            key = f"{segment.segment_id()}:{reader.doc_count_all()}"
            values = cache.get(key) or SegmentValues(reader)
            fresh[key] = values
            self.leaves.append((reader, offset, values))
            seg_live = Bits.first(values.doc_count)
            if reader.has_deletions():
                seg_live = seg_live - Bits.from_ids(list(segment.deleted_docs()))
            live |= seg_live.value << offset
        cache.clear()
        cache.update(fresh)
        self.live = Bits(live)
        self.doc_count_all = sum(v.doc_count for _, _, v in self.leaves)
        self.pks: list[int] = [pk for _, _, v in self.leaves for pk in v.pks]
        self.dates: list = [d for _, _, v in self.leaves for d in v.dates]
        self._globals: dict[str, dict[str, Bits]] = {}
        self._terms: OrderedDict[tuple[str, str], Bits] = OrderedDict()
        self._ranges: OrderedDict[tuple, Bits] = OrderedDict()
        self._df: dict[tuple[str, str], int] = {}
        self._impacts: OrderedDict[tuple[str, str], tuple[array, array]] = OrderedDict()

    # -- date order (built on first use: relevance searches never need it) ------------------
    @cached_property
    def _dated(self) -> list[int]:
        """Live dated documents, oldest first (ties by pk)."""
        dates, pks = self.dates, self.pks
        return sorted((d for d in self.live if dates[d] is not None),
                      key=lambda d: (dates[d], pks[d]))

    @cached_property
    def _date_keys(self) -> list:
        return [self.dates[d] for d in self._dated]

    @cached_property
    def _undated(self) -> list[int]:
        return sorted((d for d in self.live if self.dates[d] is None),
                      key=self.pks.__getitem__, reverse=True)

    @cached_property
    def oldest(self) -> list[int]:
        return self._dated + self._undated

    @cached_property
    def newest(self) -> list[int]:
        return self._dated[::-1] + self._undated

    @cached_property
    def _rank_newest(self) -> list[int]:
        return _ranks(self.newest, self.doc_count_all)

    @cached_property
    def _rank_oldest(self) -> list[int]:
        return _ranks(self.oldest, self.doc_count_all)

    # -- sets ------------------------------------------------------------------------------
    def field(self, name: str) -> dict[str, Bits]:
        """value -> documents holding it (may include deleted documents)."""
        values = self._globals.get(name)
        if values is None:
            values = {}
            for reader, offset, seg in self.leaves:
                for value, bits in seg.field(reader, name).items():
                    shifted = bits.shifted(offset)
                    values[value] = values[value] | shifted if value in values else shifted
            self._globals[name] = values
        return values

    def docs(self, name: str, value: str) -> Bits:
        return self.field(name).get(value, Bits(0))

    def all_of(self, name: str, values: Iterable[str]) -> Bits:
        """Live documents holding every one of ``values`` (filters AND when repeated)."""
        result = self.live
        for value in values:
            result = result & self.docs(name, value)
        return result

    def term(self, fieldname: str, text: str) -> Bits:
        """Documents whose ``fieldname`` holds the indexed term ``text``."""
        if len(self.leaves) == 1:
            reader, _, seg = self.leaves[0]
            return seg.term(reader, fieldname, text)
        key = (fieldname, text)
        bits = self._terms.get(key)
        if bits is None:
            value = 0
            for reader, offset, seg in self.leaves:
                value |= seg.term(reader, fieldname, text).value << offset
            bits = self._terms[key] = Bits(value)
            if len(self._terms) > TERM_CACHE_SIZE:
                self._terms.popitem(last=False)
        return bits

    def prefix(self, fieldname: str, prefix: str, limit: int = 200) -> Bits:
        """Documents holding any term starting with ``prefix`` (the first ``limit`` terms)."""
        value = 0
        for i, btext in enumerate(self.reader.expand_prefix(fieldname, prefix)):
            if i >= limit:
                break
            text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            value |= self.term(fieldname, text).value
        return Bits(value)

    def impacts(self, fieldname: str, text: str) -> tuple[array, array]:
        """The documents where a term weighs most, best first, with their BM25 weights: the
        segments' lists merged, times the term's idf over the whole index (its document
        frequency and size, as the exact scorer uses: a document in a small new segment
        weighs what it would in a big one)."""
        key = (fieldname, text)
        found = self._impacts.get(key)
        if found is None:
            docs, norms = merge_best(
                [(offset, *seg.impacts(reader, fieldname, text))
                 for reader, offset, seg in self.leaves], IMPACT_DEPTH)
            factor = idf(self.doc_count_all, self.doc_frequency(fieldname, text)) * (K1 + 1)
            found = self._impacts[key] = docs, scaled(norms, factor)
            if len(self._impacts) > IMPACT_CACHE_SIZE:
                self._impacts.popitem(last=False)
        return found

    def exact_scores(self, pairs: list[tuple[str, str]], docs: Bits) -> dict[int, float]:
        """BM25 of every document of ``docs`` for the (field, term) pairs: exact relevance
        for small result sets (the best-documents lists may miss a narrow filter's
        documents). A vectorised binary search per segment and term in cached postings."""
        ordered = sorted(docs)
        scores = dict.fromkeys(ordered, 0.0)
        found = np.asarray(ordered, dtype=np.int64)
        total = self.doc_count_all
        for fieldname, text in dict.fromkeys(pairs):
            per_segment = []
            df = 0
            for reader, offset, seg in self.leaves:
                ids, weights = seg.postings(reader, fieldname, text)
                df += len(ids)
                per_segment.append((reader, offset, seg, ids, weights))
            if not df:
                continue
            factor = idf(total, df) * (K1 + 1)
            for reader, offset, seg, ids, weights in per_segment:
                if not ids:
                    continue
                k1a, k1b, lengths = seg.norm(reader, fieldname)
                lo, hi = np.searchsorted(found, [offset, offset + seg.doc_count])
                local = found[lo:hi] - offset
                postings = np.frombuffer(ids, dtype=np.int32)
                at = np.minimum(np.searchsorted(postings, local), len(postings) - 1)
                hit = postings[at] == local
                local, at = local[hit], at[hit]
                w = np.frombuffer(weights, dtype=np.float32)[at].astype(np.float64)
                n = K1 if lengths is None else k1a + k1b * lengths[local]
                for d, score in zip((local + offset).tolist(), (factor * w / (w + n)).tolist(),
                                    strict=True):
                    scores[d] += score
        return scores

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """Documents holding a term (cached: more-like-this asks for hundreds of terms)."""
        key = (fieldname, text)
        df = self._df.get(key)
        if df is None:
            df = self._df[key] = self.reader.doc_frequency(fieldname, text)
            if len(self._df) > 200_000:
                self._df.clear()
        return df

    def dated_between(self, start, end) -> Bits:
        """Live documents whose date column lies in [start, end) (raw column values; either
        bound may be None)."""
        key = (start, end)
        bits = self._ranges.get(key)
        if bits is None:
            lo = 0 if start is None else bisect.bisect_left(self._date_keys, start)
            hi = len(self._date_keys) if end is None else bisect.bisect_left(self._date_keys, end)
            bits = self._ranges[key] = Bits.from_ids(self._dated[lo:hi])
            if len(self._ranges) > 64:
                self._ranges.popitem(last=False)
        return bits

    # -- counts and order ------------------------------------------------------------------
    def counts(self, name: str, within: Bits | None) -> dict[str, int]:
        """Facet counts over ``within`` (None: every live document)."""
        base = (self.live if within is None else within).value
        result = {}
        for value, bits in self.field(name).items():
            n = (bits.value & base).bit_count()
            if n:
                result[value] = n
        return result

    def ordered(self, docs: Bits | None, sort: str, start: int, stop: int) -> list[int]:
        """One page of ``docs`` (None: all live documents) in date order, without scoring."""
        order = self.oldest if sort == "oldest" else self.newest
        if docs is None:
            return order[start:stop]
        size = len(docs)
        if size * 8 >= len(order):  # dense: walk the date order
            page, seen = [], 0
            for d in order:
                if d in docs:
                    if seen >= start:
                        page.append(d)
                        if len(page) >= stop - start:
                            break
                    seen += 1
            return page
        rank = self._rank_oldest if sort == "oldest" else self._rank_newest
        return sorted(docs, key=rank.__getitem__)[start:stop]

    def pk(self, docnum: int) -> int:
        return self.pks[docnum]


def _ranks(order: list[int], size: int) -> list[int]:
    rank = [size] * size
    for i, d in enumerate(order):
        rank[d] = i
    return rank
