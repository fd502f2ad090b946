"""A term's postings read from a Whoosh segment, and the documents where it weighs most.

Reading a common word's postings is the cost of a search whose words were not used yet: at
100,000 articles a topic word sits in ~40,000 documents over ~24 segments. Its blocks decode
as numpy arrays (archive/search/codec.py), once per term and segment; everything after it
(BM25 weights, the best IMPACT_DEPTH documents, the merge over segments) is numpy over whole
arrays instead of a Python loop per posting.
"""

from __future__ import annotations

import math
from array import array
from itertools import accumulate

import numpy as np
from whoosh.matching import WrappingMatcher
from whoosh.util.numeric import byte_to_length

from archive.search.codec import SplitBlockMatcher

#: BM25 parameters (Whoosh's defaults).
K1, B = 1.2, 0.75
#: Field length of each stored length byte (Whoosh keeps lengths as one lossy byte).
LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def read_postings(reader, fieldname: str, text: str) -> tuple[array, array]:
    """All (docnum, weight) of a term, ascending docnums, a block at a time where the codec
    allows (C-speed delta decoding instead of a step per posting)."""
    ids, weights = array("i"), array("f")
    if fieldname not in reader.schema or (fieldname, text) not in reader:
        return ids, weights
    m = reader.postings(fieldname, text)
    while isinstance(m, WrappingMatcher):  # deletions: callers intersect with live docs
        m = m.child
    if isinstance(m, SplitBlockMatcher):  # the index's own format: numpy blocks
        id_blocks, weight_blocks = [], []
        while m.is_active():
            block_ids, block_weights = m.block_arrays()
            id_blocks.append(block_ids)
            weight_blocks.append(np.ones(len(block_ids), dtype=np.float32)
                                 if block_weights is None else block_weights)
            m._next_block()
        if id_blocks:
            ids.frombytes(np.concatenate(id_blocks).astype(np.int32).tobytes())
            weights.frombytes(np.concatenate(weight_blocks).astype(np.float32).tobytes())
        return ids, weights
    if all(hasattr(m, a) for a in ("_read_data", "_data", "_byteids", "_next_block")):
        while m.is_active():  # Whoosh's W3 block matcher (segments of the older format)
            if m._data is None:
                m._read_data()
            raw_ids, raw_weights = m._data[0], m._data[1]
            count = len(raw_ids)
            ids.extend(raw_ids if m._byteids else accumulate(raw_ids))
            if raw_weights is None:
                weights.extend([1.0] * count)
            elif isinstance(raw_weights, float):
                weights.extend([raw_weights] * count)
            else:
                weights.extend(raw_weights)
            m._next_block()
        return ids, weights
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


def field_lengths(reader, fieldname: str) -> np.ndarray | None:
    """Each document's length in ``fieldname`` (Whoosh's per-document length byte column),
    or None when the segment has none."""
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    except (AttributeError, ImportError, TypeError):
        return None
    if column is None:
        return None
    count = reader.doc_count_all()
    try:  # the raw bytes of the column, in one read
        raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
        if column._fixedlen != 1 or len(raw) > count:
            raise ValueError("not a byte column")
        codes = np.full(count, column._default, dtype=np.uint8)
        codes[:len(raw)] = raw
    except (AttributeError, TypeError, ValueError):
        codes = np.fromiter((column[d] for d in range(count)), dtype=np.uint8, count=count)
    return LENGTHS[codes]


def idf(doc_count: int, df: int) -> float:
    return math.log(1 + (doc_count - df + 0.5) / (df + 0.5))


def best_documents(ids: array, weights: array, lengths: np.ndarray | None, avg_length: float,
                   depth: int) -> tuple[array, array]:
    """The ``depth`` documents of one segment where the term weighs most, best first, with
    BM25's term-frequency part ``tf / (tf + k1 * (1 - b + b * length / avgdl))`` (times the
    term's idf and (k1 + 1) it is the term's BM25 contribution). Equal weights keep the
    postings' order (lowest docnum first)."""
    if not ids:
        return array("i"), array("d")
    docs = np.frombuffer(ids, dtype=np.int32)
    tf = np.frombuffer(weights, dtype=np.float32).astype(np.float64)
    if lengths is None:
        norm = tf / (tf + K1)
    else:
        norm = tf / (tf + K1 * (1 - B) + K1 * B / (avg_length or 1.0) * lengths[docs])
    chosen = top(norm, depth)
    return _array("i", docs[chosen]), _array("d", norm[chosen])


def scaled(weights: array, factor: float) -> array:
    return _array("d", np.frombuffer(weights, dtype=np.float64) * factor)


def top(values: np.ndarray, depth: int) -> np.ndarray:
    """Positions of the ``depth`` largest values, largest first; among equal values, the
    earlier position first (what ``heapq.nlargest`` with a key gives)."""
    n = len(values)
    if n > depth:
        kth = np.partition(values, n - depth)[n - depth]
        above = np.flatnonzero(values > kth)
        ties = np.flatnonzero(values == kth)[:depth - len(above)]
        positions = np.concatenate([above, ties])
    else:
        positions = np.arange(n)
    return positions[np.argsort(-values[positions], kind="stable")]


def merge_best(per_segment: list[tuple[int, array, array]], depth: int) -> tuple[array, array]:
    """The ``depth`` best (document, weight) over segments (``(offset, docs, weights)`` each,
    docs local to the segment), best first; equal weights: the higher document first."""
    parts = [(offset, docs, weights) for offset, docs, weights in per_segment if docs]
    if not parts:
        return array("i"), array("d")
    docs = np.concatenate([np.frombuffer(d, dtype=np.int32).astype(np.int64) + offset
                           for offset, d, _ in parts])
    weights = np.concatenate([np.frombuffer(w, dtype=np.float64) for _, _, w in parts])
    order = np.lexsort((-docs, -weights))[:depth]
    return _array("i", docs[order]), _array("d", weights[order])


def _array(typecode: str, values: np.ndarray) -> array:
    out = array(typecode)
    out.frombytes(values.astype(np.int32 if typecode == "i" else np.float64).tobytes())
    return out
