"""SQLite's planner statistics: a page's articles are looked up by primary key, not by a walk
of the status index over every article, once the archive has been analysed (after migrate,
after an import that grew it)."""

import pytest
from django.db import connection

from archive.models import Article
from archive.planner_stats import analyze, analyze_if_grown
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's ANALYZE")]


def plan(pks) -> str:
    sql, params = Article.objects.published().for_listing().filter(pk__in=pks).query \
        .sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def test_a_page_of_articles_is_read_by_primary_key_after_analysis():
    Article.objects.bulk_create(ArticleFactory.build_batch(2000, publication=None))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    pks = list(Article.objects.values_list("pk", flat=True)[:20])
    assert "INTEGER PRIMARY KEY" not in plan(pks).split("|")[0]  # guessed: the status index
    assert analyze()
    assert "archive_article USING INTEGER PRIMARY KEY" in plan(pks)


def test_migrate_analyses_and_imports_reanalyse_when_the_archive_grew():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1")  # post_migrate ran ANALYZE
        assert cursor.fetchone()[0] > 0
    ArticleFactory.create_batch(5)
    assert analyze_if_grown()  # analysed on an empty table: grown
    assert not analyze_if_grown()  # nothing new since
    ArticleFactory.create_batch(6)
    assert analyze_if_grown()
