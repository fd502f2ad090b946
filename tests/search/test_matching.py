"""The Whoosh backend's bitmap evaluation of a compiled SQ tree agrees with Whoosh's own
evaluation of the same tree."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from archive.search.entities import name_table
from archive.search.matching import EVERYTHING, compile_sq, matching_docs, to_whoosh
from archive.search.query import parse_query, query_sq
from archive.search.whoosh_index import reading

VOCABULARY = ["retraites", "réforme", "budget", "élections", "Mélenchon", "front", "national",
              "le", "des", "voted", "citizens", "climat"]


@pytest.fixture
def corpus(make_article, politics, search_index):
    import random

    rng = random.Random(3)
    for i in range(14):
        words = rng.choices(VOCABULARY, k=12)
        make_article(title=" ".join(words[:3]), body=" ".join(words),
                     language="en" if i % 4 == 0 else "fr",
                     figures=[politics["jlm"]] if i % 3 == 0 else [],
                     parties=[politics["fn"]] if i % 5 == 0 else [],
                     published_on=dt.date(2017, 1, 1) + dt.timedelta(days=40 * i))
    return name_table()


TOKENS = st.sampled_from([*VOCABULARY, "OR", "-retraites", "-budget", '"front national"',
                          '"réforme des retraites"', "figure:melenchon", "party:RN", "JLM",
                          "title:budget", 'title:"budget retraites"', "-figure:melenchon",
                          '-"front national"', "FN", "Le Pen Marine", "le pen", "author:x", "2017",
                          "insoumise"])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TOKENS, min_size=1, max_size=5))
def test_bitmaps_agree_with_whoosh(corpus, tokens):
    sq = query_sq(parse_query(" ".join(tokens), corpus))
    node = compile_sq(sq) if sq is not None else EVERYTHING
    with reading() as snap:
        ours = matching_docs(node, snap.values, snap.searcher)
        reference = to_whoosh(node)
        if reference is None:
            assert ours is None
            return
        theirs = set(snap.searcher.docs_for_query(wq.And([wq.Every(), reference])))
        assert set(ours) == theirs
