import datetime as dt

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.search.params import SearchParams, parse_search_params
from archive.search.selector import search_articles


def test_querydict_with_repeated_filters():
    params, messages = parse_search_params(
        QueryDict("q=retraites&figure=a&figure=b&party=rn&lineage=0&from=2017&to=2018-06")
    )
    assert params.figures == ("a", "b") and params.parties == ("rn",)
    assert params.lineage is False
    assert params.date_from == dt.date(2017, 1, 1) and params.date_to == dt.date(2018, 6, 30)
    assert params.sort == "relevance" and messages == []


def test_defaults_sort_newest_without_query():
    params, _ = parse_search_params({})
    assert params == SearchParams(sort="newest")


@pytest.mark.parametrize("key,value", [
    ("from", "2017-13-45"), ("to", "yesterday"), ("sort", "best"), ("lang", "de"),
    ("page", "0"), ("page", "abc"), ("page", "10" * 50), ("per_page", "-5"),
    ("party", "<script>"),
])
def test_malformed_values_are_explained_and_dropped(key, value):
    params, messages = parse_search_params({key: value})
    assert messages
    assert params.page == 1 and params.per_page == 20 and params.parties == ()


def test_reversed_dates_are_swapped():
    params, messages = parse_search_params({"from": "2019", "to": "2017"})
    assert (params.date_from, params.date_to) == (dt.date(2017, 1, 1), dt.date(2019, 12, 31))
    assert messages


PARAM_KEYS = st.sampled_from(["q", "figure", "party", "author", "publication", "lang", "from",
                              "to", "sort", "page", "per_page", "lineage"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(PARAM_KEYS, st.lists(st.text(max_size=40), max_size=3)))
def test_any_parameters_parse_without_raising(data):
    params, messages = parse_search_params(data)
    assert params.page >= 1 and 1 <= params.per_page <= 100
    assert all(isinstance(m, str) for m in messages)


@pytest.fixture
def seeded(make_article, politics):
    return make_article(title="Mélenchon", body="Jean-Luc Mélenchon et le Front national.",
                        figures=[politics["jlm"]], parties=[politics["fn"]])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=120), page=st.text(max_size=6), party=st.text(max_size=12))
def test_any_input_gives_results_or_a_message(seeded, q, page, party):
    params, messages = parse_search_params({"q": q, "page": page, "party": party})
    result = search_articles(params)
    assert len(result.hits) <= params.per_page
    if result.total and params.page <= result.num_pages:
        assert result.hits
    else:
        assert result.total == 0 or result.messages


def test_garbage_query_is_answered(seeded):
    for q in ['"', "-", "OR", "figure:", "\x00\x07", "x" * 10_000, "((((", "*:*", "title:\""]:
        params, _ = parse_search_params({"q": q})
        search_articles(params)
