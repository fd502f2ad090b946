"""The index's postings format: Whoosh's W3 blocks, with each block's document numbers and
weights stored apart from its positions.

Whoosh 2.7 pickles a block of 128 postings as one tuple (ids, weights, positions) and
compresses it: reading a common word to match or rank it (ids and weights only) decodes
every position too, about 40 ms for a word in 50,000 articles. Here a block's data is a
head (ids as little-endian uint32 deltas, then the weights as float32 unless all are 1) then
the pickled positions, compressed together (blocks under MIN_COMPRESS bytes are not): the
positions are unpickled only when a phrase or a highlight asks for them, so the same word
reads in a few milliseconds, as numpy arrays.

Segments remember the codec that wrote them (Whoosh pickles it in the table of contents), so
segments of the older format (``ArchiveCodec``) stay readable beside new ones, and the first
rebuild or merge rewrites them in this format.
"""

from __future__ import annotations

import operator
import struct
import sys
import zlib
from array import array
from itertools import chain
from pickle import dumps, loads

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.util.numeric import length_to_byte

#: Starts a posting list of this format (Whoosh's own is b"W3Bl").
MAGIC = b"ArB2"
_HEAD_SIZE = struct.Struct("!I")
_ALL_ONE, _EACH = 0, 1  # how a block's weights are stored
_IDS = np.dtype("<u4")
_WEIGHTS = np.dtype("<f4")
_SWAP = sys.byteorder != "little"  # blocks are little-endian on every machine
#: Blocks whose data is shorter than this are not compressed.
MIN_COMPRESS = 64


class SplitBlockWriter(W3PostingsWriter):
    """Writes a posting list in blocks whose ids and weights decode without the positions."""

    def _write_block(self, last: bool = False) -> None:
        # Plain Python over array("I")/array("f"): most blocks hold a handful of postings
        # (the rare words), where numpy's per-call overhead would cost more than the work.
        if not self._blockcount:
            self._postfile.write(MAGIC)
        self._terminfo.add_block(self)
        ids, weights = self._ids, self._weights
        deltas = array("I", map(operator.sub, ids, chain((0,), ids)))
        all_one = weights.count(1.0) == len(weights)
        if _SWAP:
            deltas.byteswap()
            weights = array("f", weights)
            weights.byteswap()
        head = bytes([_ALL_ONE if all_one else _EACH]) + deltas.tobytes()
        if not all_one:
            head += weights.tobytes()
        body = head + dumps(self._mini_values(), 2)
        # Tiny blocks are stored as they are: zlib costs more than it saves there.
        level = self._compression if len(body) >= MIN_COMPRESS else 0
        data = _HEAD_SIZE.pack(len(head)) + (zlib.compress(body, level) if level else body)
        info = dumps((len(ids), ids[-1], self._maxweight, level,
                      length_to_byte(self._minlength), length_to_byte(self._maxlength)), 2)
        length = len(info) + len(data)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()

    def add_block_postings(self, postings) -> None:
        """A term's postings, (field, term, docnum, weight, value) tuples in docnum order, a
        block at a time: what ``add_posting`` for each does, without its per-posting checks
        and calls (archive/search/whoosh_pool.py). No length statistics (the codec keeps
        none)."""
        limit = self._blocklimit
        for start in range(0, len(postings), limit):
            if len(self._ids) >= limit:
                self._write_block()
            block = postings[start:start + limit]
            weights = [p[3] for p in block]
            self._ids.extend([p[2] for p in block])
            self._weights.extend(weights)
            self._maxweight = max(self._maxweight, *weights)
            self._values.extend([p[4] for p in block if p[4]])


class SplitBlockMatcher(W3LeafMatcher):
    """Whoosh's block matcher over SplitBlockWriter's blocks: ``block_arrays()`` gives a
    block's ids and weights as numpy arrays; positions are decoded on first ``value()``."""

    def _read_header(self) -> None:
        self._postfile.seek(self._startoffset)
        magic = self._postfile.read(4)
        if magic != MAGIC:
            raise ValueError(f"not a posting list of this index format (tag {magic!r})")
        self._baseoffset = self._postfile.tell()

    def _goto(self, position: int) -> None:
        super()._goto(position)
        self._head: tuple[np.ndarray, np.ndarray | None] | None = None
        self._body: bytes | None = None
        self._head_size = 0

    def block_arrays(self) -> tuple[np.ndarray, np.ndarray | None]:
        """(docnums, weights or None when all are 1.0) of the current block."""
        if self._head is None:
            head = self._block_body()[:self._head_size]
            count = self._blocklength
            ids = np.cumsum(np.frombuffer(head, dtype=_IDS, count=count, offset=1),
                            dtype=np.int64)
            weights = (np.frombuffer(head, dtype=_WEIGHTS, count=count, offset=1 + 4 * count)
                       if head[0] == _EACH else None)
            self._head = (ids, weights)
        return self._head

    def _block_body(self) -> bytes:
        """The block's data, decompressed (one read, one inflate); no unpickling."""
        if self._body is None:
            data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
            self._head_size = _HEAD_SIZE.unpack_from(data)[0]
            body = data[4:]
            self._body = zlib.decompress(body) if self._compression else body
        return self._body

    def _read_ids(self) -> None:
        self._ids = array("I", self.block_arrays()[0].astype(np.uint32).tobytes())

    def _read_weights(self) -> None:
        weights = self.block_arrays()[1]
        self._weights = (array("f", [1.0]) * self._blocklength if weights is None
                         else array("f", weights.astype(np.float32).tobytes()))

    def _read_values(self) -> None:
        body = self._block_body()
        self._data = (None, None, loads(body[self._head_size:]))
        super()._read_values()  # Whoosh's own de-minifying of the values


class SplitBlockCodec(W3Codec):
    """Whoosh's W3 codec with SplitBlockWriter's postings (term vectors keep Whoosh's), no
    per-block length statistics (computing them reads every posting's field length back
    from disk at commit: a third of the indexing time; block skipping stays correct, its
    bound is just looser), and zlib's fastest level."""

    length_stats = False

    def __init__(self, blocklimit: int = 128, compression: int = 1, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=compression,
                         inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids: bool = False):
        if byteids:
            return super().postings_writer(dbfile, byteids=True)
        return SplitBlockWriter(dbfile, blocklimit=self._blocklimit, byteids=False,
                                compression=self._compression, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return SplitBlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
