"""The JSON API: answers match the published OpenAPI schema, errors are JSON, CORS on GET."""

import pytest

from tests.web.openapi_check import check, response_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client, db) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def assert_conforms(openapi, path, response):
    schema = response_schema(openapi, path, response.status_code)
    assert check(response.json(), schema, openapi) == []


def test_openapi_documents_every_operation(openapi):
    assert set(openapi["paths"]) == {"/api/search", "/api/articles/{article_id}",
                                     "/api/figures/{slug}", "/api/parties/{slug}",
                                     "/api/articles", "/api/figures", "/api/parties",
                                     "/api/compare", "/api/network",
                                     "/api/elections", "/api/elections/{slug}"}
    names = {p["name"] for p in openapi["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "figure", "party", "author", "publication", "lang", "from", "to", "sort",
            "page", "lineage"} <= names


def test_docs_page_is_served_without_inline_script(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"swagger-ui-bundle.js" in response.content


def test_api_root_links_to_schema(client, db):
    assert client.get("/api/").json()["openapi"] == "http://testserver/api/openapi.json"


def test_article_endpoint_matches_schema(client, openapi, archive):
    article = archive.articles[2]
    response = client.get(f"/api/articles/{article.pk}")
    assert response.status_code == 200
    assert_conforms(openapi, "/api/articles/{article_id}", response)
    data = response.json()
    assert data["title"] == article.title
    parties = {m["slug"]: m["party_then"]["slug"] for m in data["figures"]}
    assert parties["marine-le-pen"] == "rassemblement-national"


def test_figure_endpoint_matches_schema(client, openapi, archive):
    response = client.get("/api/figures/marine-le-pen")
    assert_conforms(openapi, "/api/figures/{slug}", response)
    data = response.json()
    assert [m["month"] for m in data["mentions_per_month"] if m["count"]] == ["2017-11",
                                                                             "2021-07"]
    assert data["feed"] == "http://testserver/figures/marine-le-pen/feed/"


def test_party_endpoint_matches_schema(client, openapi, archive):
    response = client.get("/api/parties/front-national")
    assert_conforms(openapi, "/api/parties/{slug}", response)
    assert [p["slug"] for p in response.json()["lineage"]] == ["front-national",
                                                               "rassemblement-national"]


@pytest.mark.parametrize("url", ["/api/figures/nobody", "/api/parties/nothing",
                                 "/api/articles/999999"])
def test_unknown_objects_are_404_json(client, archive, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["detail"]


def test_malformed_article_id_is_400_json(client, db):
    response = client.get("/api/articles/abc")
    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid parameters"


def test_get_answers_allow_any_origin(client, archive):
    response = client.get("/api/figures/marine-le-pen", headers={"Origin": "https://x.test"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/figures/marine-le-pen/feed/")["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/")


def test_preflight_is_answered(client, db):
    response = client.options("/api/search", headers={
        "Origin": "https://x.test", "Access-Control-Request-Method": "GET"})
    assert response.status_code == 204
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_api_does_not_accept_writes(client, archive):
    response = client.post("/api/figures/marine-le-pen")
    assert response.status_code == 405


@pytest.mark.parametrize("path", ["/api/articles", "/api/figures", "/api/parties"])
def test_lists_are_paginated_and_match_schema(client, openapi, indexed_archive, path):
    response = client.get(f"{path}?per_page=2")
    assert response.status_code == 200
    assert_conforms(openapi, path, response)
    data = response.json()
    assert len(data["results"]) == 2 and data["count"] > 2
    assert data["next"] == f"http://testserver{path}?per_page=2&page=2"
    last = client.get(f"{path}?per_page=2&page={data['num_pages']}").json()
    assert last["next"] is None and last["previous"]
    assert client.get(f"{path}?page=0").status_code == 400
    assert client.get(f"{path}?per_page=abc").json()["detail"] == "Invalid parameters"


def test_list_counts_come_from_the_index(client, indexed_archive):
    figures = {f["slug"]: f["article_count"] for f in client.get("/api/figures").json()["results"]}
    assert figures["jean-luc-melenchon"] == 2
    parties = {p["slug"]: p["article_count"]
               for p in client.get("/api/parties").json()["results"]}
    assert parties["front-national"] == parties["rassemblement-national"] == 2
    articles = client.get("/api/articles").json()["results"]
    assert articles[0]["title"] == "Le Rassemblement national face à Mélenchon"
