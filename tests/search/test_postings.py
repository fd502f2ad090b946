"""The numpy top-k and merge of archive/search/postings.py give exactly what the heapq
versions they replace gave: same documents, same order, ties included."""

import heapq
from array import array

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.postings import merge_best, top

WEIGHTS = st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.25]), max_size=60)


@settings(max_examples=200, deadline=None)
@given(WEIGHTS, st.integers(min_value=1, max_value=70))
def test_top_is_nlargest_with_ties_in_position_order(values, depth):
    expected = heapq.nlargest(depth, range(len(values)), key=values.__getitem__)
    expected = sorted(expected, key=values.__getitem__, reverse=True)
    assert top(np.array(values, dtype=np.float64), depth).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(WEIGHTS, max_size=4), st.integers(min_value=1, max_value=50))
def test_merge_is_nlargest_over_segments_with_higher_documents_first_on_ties(segments, depth):
    parts, offset = [], 0
    for weights in segments:
        docs = list(range(len(weights)))
        parts.append((offset, array("i", docs), array("d", weights)))
        offset += len(weights) + 3
    expected = heapq.nlargest(depth, ((w, d + off) for off, docs, ws in parts
                                      for d, w in zip(docs, ws, strict=True)))
    docs, weights = merge_best(parts, depth)
    assert list(zip(weights, docs, strict=True)) == expected
