"""The search page, its feed, its CSV export and /api/search: all through the one selector,
on a real index built in a temp dir."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from tests.web.openapi_check import check, response_schema
from tests.web.test_data_out import ATOM, entry_titles, parse_atom

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [hit["article"].title for hit in response.context["hits"]]


def test_search_finds_without_accents_and_highlights(client, indexed_archive):
    response = client.get("/search/?q=melenchon")
    assert response.status_code == 200
    assert set(titles(response)) == {"Mélenchon et Ruffin en campagne",
                                     "Le Rassemblement national face à Mélenchon"}
    assert "<mark>" in response.content.decode()


def test_search_without_query_lists_newest_first(client, indexed_archive):
    response = client.get("/search/")
    assert titles(response)[0] == "Le Rassemblement national face à Mélenchon"
    assert response.context["result"].total == 3


def test_facet_link_adds_a_filter_and_chip_removes_it(client, indexed_archive):
    html = client.get("/search/?q=melenchon").content.decode()
    assert 'href="?q=melenchon&amp;party=la-france-insoumise"' in html
    filtered = client.get("/search/?q=melenchon&party=la-france-insoumise")
    assert titles(filtered) == ["Mélenchon et Ruffin en campagne"]
    chips = filtered.context["chips"]
    assert [(c.kind, c.value) for c in chips] == [("party", "la-france-insoumise")]
    assert 'class="chip" href="?q=melenchon"' in filtered.content.decode()


def test_party_filter_follows_lineage_unless_asked(client, indexed_archive):
    with_lineage = client.get("/search/?party=rassemblement-national")
    assert len(titles(with_lineage)) == 2
    own_name = client.get("/search/?party=rassemblement-national&lineage=0")
    assert titles(own_name) == ["Le Rassemblement national face à Mélenchon"]


def test_year_facet_sets_the_date_range(client, indexed_archive):
    html = client.get("/search/").content.decode()
    assert 'href="?from=2017&amp;to=2017"' in html
    assert len(titles(client.get("/search/?from=2017&to=2017"))) == 2


def test_sort_oldest(client, indexed_archive):
    assert titles(client.get("/search/?sort=oldest"))[0] == "Mélenchon et Ruffin en campagne"


@pytest.mark.parametrize("query", [
    "from=notadate", "to=2017-13-45", "sort=sideways", "page=abc", "page=-3", "page=999999",
    "lang=xx", "figure=%3Cscript%3E", "party=no-such-party", "q=%22unclosed", "q=OR",
    "q=-", "q=figure:", "q=" + "x" * 3000, "lineage=maybe", "q=%00%01", "from=2022&to=2017",
])
def test_malformed_parameters_give_a_message_not_an_error(client, indexed_archive, query):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 200


def test_malformed_date_is_explained_on_the_page(client, indexed_archive):
    html = client.get("/search/?from=notadate").content.decode()
    assert "must be a date" in html


def test_empty_state_helps(client, indexed_archive):
    html = client.get("/search/?q=zzzqqq").content.decode()
    assert "No article matches" in html and 'href="/search/help/"' in html


def test_query_naming_a_figure_offers_a_jump(client, indexed_archive):
    response = client.get("/search/?q=marine+le+pen")
    assert response.context["result"].entity == indexed_archive.le_pen
    assert 'Looking for <a href="/figures/marine-le-pen/">' in response.content.decode()


def test_search_page_states_export_limit(client, indexed_archive):
    html = client.get("/search/?q=melenchon").content.decode()
    assert "up to 10,000 rows" in html
    assert 'href="/search/export.csv?q=melenchon"' in html
    assert 'href="/search/feed/?q=melenchon"' in html


def test_pagination_keeps_filters(client, db, index_root):
    from archive.search.rebuild import rebuild
    from tests.web.conftest import build_archive

    build_archive(extra_articles=25)
    rebuild()
    response = client.get("/search/?figure=jean-luc-melenchon")
    assert response.context["result"].num_pages == 2
    assert 'href="?figure=jean-luc-melenchon&amp;page=2"' in response.content.decode()
    assert len(titles(client.get("/search/?figure=jean-luc-melenchon&page=2"))) == 7


def test_search_query_count_does_not_grow(client, db, index_root,
                                          django_assert_max_num_queries):
    from archive.search.rebuild import rebuild
    from tests.web.conftest import build_archive

    build_archive(extra_articles=40)
    rebuild()
    with django_assert_max_num_queries(12):
        assert client.get("/search/?q=melenchon&party=la-france-insoumise").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/search/feed/?q=melenchon").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/search?q=melenchon").status_code == 200


def test_search_feed_is_atom_newest_first(client, indexed_archive):
    root = parse_atom(client.get("/search/feed/?q=melenchon&sort=oldest"))
    assert entry_titles(root) == ["Le Rassemblement national face à Mélenchon",
                                  "Mélenchon et Ruffin en campagne"]
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        "http://testserver/search/?q=melenchon&sort=oldest")


def test_search_feed_with_bad_parameters_is_still_a_feed(client, indexed_archive):
    parse_atom(client.get("/search/feed/?from=nope&page=x"))


def test_csv_export_streams_every_result(client, indexed_archive):
    response = client.get("/search/export.csv?q=melenchon")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {r["title"] for r in rows} == {"Mélenchon et Ruffin en campagne",
                                         "Le Rassemblement national face à Mélenchon"}
    first = next(r for r in rows if r["title"].startswith("Mélenchon et"))
    assert first["authors"] == "Nathaniel Flakin"
    assert first["published_on"] == "2017-06-03"
    assert first["archive_url"].startswith("http://testserver/articles/")


def test_csv_export_neutralises_formulas(client, indexed_archive):
    from tests import factories as f

    assert f  # the cell guard is a pure function
    from archive.views.export import safe_cell

    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("Mélenchon") == "Mélenchon"


def test_csv_export_rejects_malformed_parameters(client, indexed_archive):
    response = client.get("/search/export.csv?from=nope")
    assert response.status_code == 400
    assert "must be a date" in response.content.decode()


def test_csv_export_runs_few_queries(client, db, index_root, django_assert_max_num_queries):
    from archive.search.rebuild import rebuild
    from tests.web.conftest import build_archive

    build_archive(extra_articles=40)
    rebuild()
    # Name-table checks, then two queries (articles, authors) per chunk of 500 rows.
    with django_assert_max_num_queries(12):
        response = client.get("/search/export.csv")
        rows = b"".join(response.streaming_content).decode().splitlines()
    assert len(rows) == 44


def test_api_search_matches_schema(client, indexed_archive):
    openapi = client.get("/api/openapi.json").json()
    response = client.get("/api/search?q=melenchon&party=la-france-insoumise")
    assert response.status_code == 200
    assert check(response.json(), response_schema(openapi, "/api/search", 200), openapi) == []
    data = response.json()
    assert data["count"] == 1 and data["next"] is None
    assert data["results"][0]["title"] == "Mélenchon et Ruffin en campagne"
    assert any(v["selected"] for v in data["facets"]["party"])


def test_api_search_next_link(client, db, index_root):
    from archive.search.rebuild import rebuild
    from tests.web.conftest import build_archive

    build_archive(extra_articles=25)
    rebuild()
    data = client.get("/api/search?figure=jean-luc-melenchon").json()
    assert data["next"] == "http://testserver/api/search?figure=jean-luc-melenchon&page=2"


def test_api_search_malformed_is_400_json(client, indexed_archive):
    response = client.get("/api/search?from=nope&sort=sideways")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Malformed search parameters" and len(body["errors"]) == 2


def test_article_page_lists_similar_articles(client, indexed_archive):
    page = client.get(indexed_archive.articles[0].get_absolute_url()).context["page"]
    assert indexed_archive.articles[0] not in page.similar


def test_hostile_snippet_is_escaped(client, db, index_root):
    from archive.search.rebuild import rebuild
    from tests import factories as f

    f.ArticleFactory(title="Hostile", body="melenchon <script>alert(1)</script> "
                                          '<a href="javascript:alert(2)">x</a>')
    rebuild()
    html = client.get("/search/?q=melenchon").content.decode()
    snippet = html[html.index('<p class="snippet">'):]
    snippet = snippet[:snippet.index("</p>")]
    assert "<script>" not in snippet and "<a " not in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet


def test_opensearch_template_answers(client, indexed_archive):
    root = ET.fromstring(client.get("/opensearch.xml").content)
    assert root is not None
    assert client.get("/search/?q=melenchon").status_code == 200


def test_did_you_mean_links_to_the_corrected_query(client, indexed_archive):
    response = client.get("/search/?q=melenchan&lang=fr")
    suggestion = response.context["result"].suggestion
    assert suggestion == "melenchon"
    assert 'Did you mean <a href="?q=melenchon&amp;lang=fr">melenchon</a>' in (
        response.content.decode())


def test_a_one_year_range_shows_the_year_as_selected(client, indexed_archive):
    response = client.get("/search/?from=2017&to=2017")
    years = next(g for g in response.context["facet_groups"] if g["name"] == "year")["values"]
    assert [(v.value, v.selected) for v in years] == [("2017", True)]
    assert '<a href="?" aria-current="true">' in response.content.decode()
