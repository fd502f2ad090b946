"""Every date and number parameter at its limits, on every surface of a search (page, Atom
feed, CSV export, API): a message, never a 500 and never a file cut after its header."""

import csv
import datetime as dt
import io

import pytest

from archive.search.params import EARLIEST, LATEST, SearchParams, parse_search_params
from archive.search.selector import iter_search_articles, search_articles
from tests.web.test_data_out import entry_titles, parse_atom

pytestmark = pytest.mark.django_db

ALL_TITLES = {"Mélenchon et Ruffin en campagne", "Le Front national avant le congrès",
              "Le Rassemblement national face à Mélenchon"}

EXTREME_DATES = ["to=9999", "to=9999-12-31", "from=0001-01-01", "from=9999", "to=0001-01-01",
                 "from=0001-01-01&to=9999-12-31", "from=9999-12-31&to=0001-01-01", "to=0001",
                 "from=9999-12"]
EXTREME_NUMBERS = ["page=" + "9" * 30, "page=" + "9" * 5000, "per_page=" + "9" * 30,
                   "page=500&per_page=100", "page=-" + "9" * 30, "per_page=0", "page=1e9",
                   "page=%EF%BC%95", "page=1.5", "per_page=100&q=melenchon&page=500"]


def body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming
            else response.content).decode()


@pytest.mark.parametrize("raw,expected", [
    ({"to": "9999"}, (None, LATEST)),
    ({"to": "9999-12-31"}, (None, LATEST)),
    ({"from": "0001-01-01"}, (EARLIEST, None)),
    ({"from": "9999"}, (LATEST, None)),
    ({"from": "0001-01-01", "to": "9999-12-31"}, (EARLIEST, LATEST)),
])
def test_dates_outside_the_range_are_moved_to_its_ends_with_a_message(raw, expected):
    params, messages = parse_search_params(raw)
    assert (params.date_from, params.date_to) == expected
    assert any("must lie between 1000-01-01 and 2999-12-31" in m for m in messages)


def test_dates_inside_the_range_give_no_message():
    params, messages = parse_search_params({"from": "1000-01-01", "to": "2999-12-31"})
    assert messages == [] and (params.date_from, params.date_to) == (EARLIEST, LATEST)


def test_selector_takes_the_largest_dates_built_by_hand(indexed_archive):
    """The selector is a public function: params not made by the parser must not overflow."""
    params = SearchParams(sort="newest", date_from=dt.date.min, date_to=dt.date.max)
    assert search_articles(params).total == 3
    assert {a.title for a in iter_search_articles(params, 10)} == ALL_TITLES


@pytest.mark.parametrize("query", EXTREME_DATES + EXTREME_NUMBERS)
def test_search_page_answers_a_message(client, indexed_archive, query):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 200
    assert 'class="messages' in body(response) or "must" in body(response)


def test_search_page_to_9999_lists_everything_and_says_why(client, indexed_archive):
    html = body(client.get("/search/?to=9999"))
    assert "9999-12-31 was replaced by 2999-12-31" in html
    for title in ALL_TITLES:
        assert title in html


@pytest.mark.parametrize("query", EXTREME_DATES + EXTREME_NUMBERS)
def test_search_feed_is_a_feed(client, indexed_archive, query):
    parse_atom(client.get(f"/search/feed/?{query}"))


def test_search_feed_to_9999_has_every_article(client, indexed_archive):
    root = parse_atom(client.get("/search/feed/?to=9999-12-31&from=0001-01-01"))
    assert set(entry_titles(root)) == ALL_TITLES


@pytest.mark.parametrize("query", EXTREME_DATES + EXTREME_NUMBERS)
def test_csv_export_is_a_message_or_a_whole_file(client, indexed_archive, query):
    response = client.get(f"/search/export.csv?{query}")
    text = body(response)
    if response.status_code == 400:
        assert text.startswith("Malformed search parameters:") and "must" in text
    else:
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][0] == "id" and all(len(row) == len(rows[0]) for row in rows)


def test_csv_export_to_9999_says_what_was_wrong(client, indexed_archive):
    response = client.get("/search/export.csv?to=9999")
    assert response.status_code == 400
    assert "must lie between 1000-01-01 and 2999-12-31" in body(response)


def test_csv_export_in_range_is_whole(client, indexed_archive):
    response = client.get("/search/export.csv?from=1000-01-01&to=2999-12-31")
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert {r["title"] for r in rows} == ALL_TITLES


@pytest.mark.parametrize("query", EXTREME_DATES + EXTREME_NUMBERS)
def test_api_search_answers_json(client, indexed_archive, query):
    response = client.get(f"/api/search?{query}")
    assert response.status_code in (200, 400)
    data = response.json()
    if response.status_code == 400:
        assert data["detail"] == "Malformed search parameters" and data["errors"]
    else:
        assert data["count"] >= 0


def test_api_search_to_9999_is_400_with_the_reason(client, indexed_archive):
    response = client.get("/api/search?to=9999-12-31")
    assert response.status_code == 400
    assert any("2999-12-31" in e for e in response.json()["errors"])
