from hypothesis import given
from hypothesis import strategies as st

from archive.search.docvalues import Bits
from archive.search.params import SearchParams
from archive.search.selector import search_articles
from archive.search.whoosh_index import reading

ids = st.sets(st.integers(min_value=0, max_value=3000), max_size=200)


@given(ids, ids)
def test_bits_behave_like_sets(a, b):
    x, y = Bits.from_ids(list(a)), Bits.from_ids(list(b))
    assert set(x & y) == a & b and set(x | y) == a | b and set(x - y) == a - b
    assert len(x) == len(a) and all(d in x for d in a) and 3001 not in x


def test_documents_from_several_segments_keep_their_values(make_article, politics):
    # Each make_article commits separately: one segment per article.
    first = make_article(title="A", body="retraites", figures=[politics["jlm"]])
    make_article(title="B", body="retraites", figures=[politics["mlp"]])
    make_article(title="C", body="budget", figures=[politics["jlm"]])
    with reading() as snap:
        assert len(snap.values.leaves) >= 2
    result = search_articles(SearchParams(q="retraites", figures=("jean-luc-melenchon",)))
    assert [h.article for h in result.hits] == [first]
    counts = {v.value: v.count for v in search_articles(SearchParams()).facets["figure"]}
    assert counts == {"jean-luc-melenchon": 2, "marine-le-pen": 1}


def test_deleted_documents_leave_counts(make_article, politics, search_index):
    gone = make_article(title="A", body="x", figures=[politics["jlm"]])
    make_article(title="B", body="x", figures=[politics["jlm"]])
    search_index.remove(gone)
    counts = {v.value: v.count for v in search_articles(SearchParams()).facets["figure"]}
    assert counts == {"jean-luc-melenchon": 1}
