"""/healthz and ensure_index on the PostgreSQL engine: the "index" is the search_article
table, whose row count is compared with the published articles (issue 14, item 7)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from archive.models import IndexTask
from archive.search.postgres import schema
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgres_site(postgres_default, settings):
    settings.ARCHIVE_SEARCH_ENGINE = "postgres"
    return postgres_default


def ensure_index() -> str:
    out = io.StringIO()
    call_command("ensure_index", stdout=out)
    return out.getvalue()


def test_a_table_never_built_is_missing_until_ensure_index_builds_it(client, postgres_site):
    ArticleFactory.create_batch(3, body="retraites")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reason"].startswith("index missing")
    assert response.json()["search_engine"] == "postgres"
    output = ensure_index()
    assert "search_article was never built); rebuilding it" in output
    assert "Search index repaired: 3 documents for 3 published articles" in output
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["documents"]["indexed"] == 3


def test_rows_dropped_from_search_article_are_503_and_ensure_index_repairs(client,
                                                                          postgres_site):
    articles = ArticleFactory.create_batch(3, body="retraites")
    ensure_index()
    IndexTask.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {schema.ARTICLES} WHERE article_id = ANY(%s)",
                       [[a.pk for a in articles[:2]]])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reason"] == "index holds 1 documents, the database 3 (0 queued)"
    output = ensure_index()
    assert "index holds 1 documents, the database 3 (0 queued); rebuilding it" in output
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["documents"] == {"indexed": 3, "expected": 3, "queued": 0}
    assert client.get("/api/search?q=retraites").json()["count"] == 3
