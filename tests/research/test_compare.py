"""Compare: articles per month per series, normalised by the month's articles, from the one
search selector; an SVG chart with linked points, a table, CSV and JSON."""

import csv
import io
import re

import pytest

from archive.search.params import SearchParams
from archive.search.selector import facet_counts, search_articles
from archive.selectors.compare import compare_series, parse_compare_params
from tests.web.openapi_check import check, response_schema

pytestmark = pytest.mark.django_db


def series_of(querydict):
    params, messages = parse_compare_params(querydict)
    return compare_series(params), messages


def test_facet_counts_agree_with_search_totals(indexed_archive):
    params = SearchParams(q="melenchon")
    months = facet_counts(params, "month")
    assert months == {"2017-06": 1, "2021-07": 1}
    assert sum(months.values()) == search_articles(params).total
    assert facet_counts(SearchParams(parties=("rassemblement-national",)), "year") == {
        "2017": 1, "2021": 1}
    assert facet_counts(SearchParams(), "figure", limit=1) == {"jean-luc-melenchon": 2}
    assert facet_counts(SearchParams(figures=("nobody",)), "month") == {}
    with pytest.raises(ValueError, match="body"):
        facet_counts(SearchParams(), "body")


def test_figure_series_is_a_share_of_the_months_articles(indexed_archive):
    result, messages = series_of({"figure": "jean-luc-melenchon"})
    assert messages == []
    assert result.months[0] == "2017-06" and result.months[-1] == "2021-07"
    assert len(result.months) == 50
    points = {p.month: p for p in result.series[0].points}
    assert (points["2017-06"].count, points["2017-06"].total, points["2017-06"].share) == (
        1, 1, 1.0)
    assert (points["2017-11"].count, points["2017-11"].total) == (0, 1)
    assert points["2018-03"].share == 0.0


def test_party_series_follows_lineage_and_search_series_takes_words(indexed_archive):
    result, _ = series_of({"party": "rassemblement-national", "q": "congrès"})
    party, words = result.series
    assert party.spec.label == "Rassemblement national"
    assert {p.month for p in party.points if p.count} == {"2017-11", "2021-07"}
    assert {p.month for p in words.points if p.count} == {"2017-11"}


def test_split_by_publication_normalises_within_each(indexed_archive):
    result, _ = series_of({"figure": "jean-luc-melenchon", "split": "publication"})
    assert result.series[0].publication == "left-voice"  # the most frequent first
    assert len(result.series) == 2  # and the publication of the 2017-11 article
    assert result.series[1].total == 0
    assert result.series[0].label == "Jean-Luc Mélenchon · Left Voice"
    assert {p.month: p.total for p in result.series[0].points if p.total} == {
        "2017-06": 1, "2021-07": 1}


def test_unknown_and_excess_series_are_explained(indexed_archive):
    query = "&".join(["figure=nobody"] + [f"q=word{i}" for i in range(7)])
    from django.http import QueryDict

    result, messages = series_of(QueryDict(query))
    assert any("nobody" in m for m in messages)
    assert any("first 6" in m for m in messages)
    assert len(result.series) == 5  # 6 kept, the unknown figure left out


def test_page_draws_a_csp_safe_chart_whose_points_open_their_search(client, indexed_archive):
    response = client.get("/compare/?figure=jean-luc-melenchon&party=la-france-insoumise")
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index("<svg class=\"chart chart-lines\""):html.index("</svg>",
                                                                         html.index("chart-lines"))]
    assert "style=" not in svg and "<script" not in svg
    assert svg.count("<polyline") == 2
    assert ('href="/search/?figure=jean-luc-melenchon&amp;from=2017-06-01&amp;to=2017-06-30"'
            in svg)
    assert "100.0 %" in html  # the table fallback
    followed = client.get("/search/?figure=jean-luc-melenchon&from=2017-06-01&to=2017-06-30")
    assert followed.context["result"].total == 1
    assert 'href="?figure=jean-luc-melenchon&amp;party=la-france-insoumise&amp;scale=count"' \
        in html


def test_page_without_series_invites_one_and_bad_input_is_a_message(client, indexed_archive):
    assert "Add a figure" in client.get("/compare/").content.decode()
    response = client.get("/compare/?figure=nobody&scale=weird&from=nope")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Unknown figure" in text and "Unknown scale" in text and "must be a date" in text


def test_csv_has_one_row_per_series_and_month(client, indexed_archive):
    response = client.get("/compare/export.csv?figure=marine-le-pen&scale=count")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == len(re.findall(r"\n", response.content.decode())) - 1
    nov = next(r for r in rows if r["month"] == "2017-11")
    assert (nov["series"], nov["count"], nov["total"], nov["share"]) == (
        "Marine Le Pen", "1", "1", "1.000000")
    assert client.get("/compare/export.csv?figure=nobody").status_code == 400


def test_api_compare_matches_its_schema(client, indexed_archive):
    openapi = client.get("/api/openapi.json").json()
    response = client.get("/api/compare?figure=marine-le-pen&q=melenchon")
    assert response.status_code == 200
    schema = response_schema(openapi, "/api/compare", 200)
    assert check(response.json(), schema, openapi) == []
    data = response.json()
    assert [s["kind"] for s in data["series"]] == ["figure", "q"]
    assert data["series"][0]["points"][0]["search"].startswith("http://testserver/search/?")
    bad = client.get("/api/compare?party=nothing")
    assert bad.status_code == 400 and bad.json()["errors"]


def test_typed_series_labels_are_escaped_in_the_chart(client, indexed_archive):
    html = client.get('/compare/?q=melenchon "<b>x</b>"&q=melenchon').content.decode()
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
