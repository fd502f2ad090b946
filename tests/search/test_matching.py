"""The bitmap evaluation of a query agrees with Whoosh's own evaluation of the same query."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from archive.search.backend import reading
from archive.search.entities import name_table
from archive.search.matching import matching_docs
from archive.search.query import negative_query, parse_query, positive_query

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
                          '-"front national"', "FN", "Le Pen Marine", "le pen", "author:x"])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TOKENS, min_size=1, max_size=5))
def test_bitmaps_agree_with_whoosh(corpus, tokens):
    parsed = parse_query(" ".join(tokens), corpus)
    positive, negative = positive_query(parsed), negative_query(parsed)
    with reading() as snap:
        ours = matching_docs(parsed, snap.values, snap.searcher)
        if positive is None and negative is None:
            assert ours is None
            return
        whole = wq.And([positive or wq.Every(), *([wq.Not(negative)] if negative else [])])
        theirs = set(snap.searcher.docs_for_query(whole))
        assert set(ours) == theirs
