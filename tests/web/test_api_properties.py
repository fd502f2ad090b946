"""Hypothesis over the published OpenAPI schema: whatever the parameters, the API answers
with JSON that matches the documented shape for its status, and never with a 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.openapi_check import check

pytestmark = pytest.mark.django_db

KNOWN = ["melenchon", "jean-luc-melenchon", "rassemblement-national", "front-national",
         "la-france-insoumise", "left-voice", "nathaniel-flakin", "2017", "2017-06",
         "2021-07-05", "relevance", "newest", "oldest", "fr", "en", "0", "1", "2", "-1",
         "99999", '"phrase', "figure:ruffin", "-macron", "OR", ""]
VALUES = st.one_of(st.sampled_from(KNOWN), st.text(max_size=40))

HYPOTHESIS = settings(max_examples=60, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


@pytest.fixture
def openapi(client, indexed_archive) -> dict:
    return client.get("/api/openapi.json").json()


def search_parameters(openapi: dict) -> st.SearchStrategy[dict]:
    """A strategy for /api/search query strings, drawn from the documented parameters."""
    fields = {}
    for parameter in openapi["paths"]["/api/search"]["get"]["parameters"]:
        schema = parameter["schema"]
        is_list = any(option.get("type") == "array" for option in schema.get("anyOf", []))
        value = st.lists(VALUES, max_size=3) if is_list else VALUES
        fields[parameter["name"]] = value
    return st.fixed_dictionaries({}, optional=fields)


def assert_documented(openapi: dict, path: str, response) -> None:
    assert response.status_code < 500, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    documented = openapi["paths"][path]["get"]["responses"]
    assert str(response.status_code) in documented, response.status_code
    schema = documented[str(response.status_code)]["content"]["application/json"]["schema"]
    assert check(response.json(), schema, openapi) == []


def _clean(value: str) -> str:
    # The test client cannot send NUL in a URL; every other character goes through.
    return value.replace("\x00", "")


def test_search_answers_any_parameters_as_documented(client, openapi):
    @HYPOTHESIS
    @given(search_parameters(openapi))
    def run(query):
        data = {k: ([_clean(v) for v in val] if isinstance(val, list) else _clean(val))
                for k, val in query.items()}
        assert_documented(openapi, "/api/search", client.get("/api/search", data))

    run()


def test_detail_endpoints_answer_any_path_as_documented(client, openapi):
    @HYPOTHESIS
    @given(st.sampled_from(["articles/{article_id}", "figures/{slug}", "parties/{slug}"]),
           st.one_of(st.sampled_from(KNOWN), st.integers(-5, 10**12).map(str),
                     st.text(alphabet=st.characters(blacklist_categories=["Cs"],
                                                    blacklist_characters="/?#%\x00"),
                             min_size=1, max_size=30)))
    def run(template, value):
        from urllib.parse import quote

        path = "/api/" + template
        url = path.replace("{article_id}", quote(value)).replace("{slug}", quote(value))
        response = client.get(url)
        if response.status_code == 404 and not response["Content-Type"].startswith(
                "application/json"):
            pytest.fail(f"{url} gave a non-JSON 404")
        assert_documented(openapi, path, response)

    run()
