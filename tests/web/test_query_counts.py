"""Every page runs a fixed number of SQL queries, whatever the size of the archive: the same
bound holds for a small archive and one 15 times larger."""

import pytest

from tests.web.conftest import build_archive

pytestmark = pytest.mark.django_db

PAGES = {
    "/": 18,  # tallies: the archive by month, rankings, holdings; + the exact date span
    "/about/": 15,
    "/elections/": 2,
    "/figures/": 3,
    "/parties/": 3,
    "/figures/jean-luc-melenchon/": 12,  # tallies: months, archive span, co-mentions + names
    "/parties/rassemblement-national/": 17,  # + candidacies, + its share (latest_of_party)
    "/authors/nathaniel-flakin/": 8,
    "/publications/left-voice/": 8,
    "/figures/jean-luc-melenchon/feed/": 5,
    "/parties/rassemblement-national/feed/": 8,
    "/robots.txt": 0,
    "/opensearch.xml": 0,
    "/sitemap.xml": 8,
    "/sitemap-articles.xml": 3,
    "/api/figures/jean-luc-melenchon": 12,
    "/api/parties/rassemblement-national": 17,
}


@pytest.mark.parametrize("extra", [0, 30])
@pytest.mark.parametrize("url", PAGES)
def test_page_query_count_is_bounded(client, django_assert_max_num_queries, url, extra):
    build_archive(extra_articles=extra)
    with django_assert_max_num_queries(PAGES[url]):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [0, 30])
def test_article_page_query_count_is_bounded(client, django_assert_max_num_queries, extra):
    archive = build_archive(extra_articles=extra)
    for article in (archive.articles[0], archive.articles[-1]):
        with django_assert_max_num_queries(10):
            assert client.get(article.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(f"/api/articles/{article.pk}").status_code == 200


def test_healthz_query_count(client, django_assert_max_num_queries, indexed_archive):
    with django_assert_max_num_queries(1):
        assert client.get("/healthz").status_code == 200
