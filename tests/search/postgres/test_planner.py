"""What the engine tells PostgreSQL's planner (archive/search/postgres/planner.py) and how it
reads the matches of a word search in date order (backend ``_walk_in_order``): either way
gives the same pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from haystack.inputs import Clean
from haystack.query import SearchQuerySet

from archive.search.postgres import facets as pg_facets
from archive.search.postgres import paging
from archive.search.postgres.planner import BITMAP_MEMORY, index_scans
from archive.search.postgres.query import text_predicate
from tests.factories import ArticleFactory, FigureFactory, MentionFactory

pytestmark = pytest.mark.django_db


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_word_statements_run_without_sequential_scans_or_jit_and_leave_no_trace(
        postgres_engine):
    """A statement whose only plan is a sequential scan (a small table) is costed at 10^10
    under enable_seqscan = off: JIT then compiled it (0.5 s for a 0.3 ms query)."""
    jit_before, work_mem_before = setting("jit"), setting("work_mem")
    with transaction.atomic():
        with index_scans("default", True) as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone()[0] == "off"
            # The bitmap of 400,000 matches of 1,000,000 went lossy at the default 4MB (8.5 s).
            cursor.execute("SHOW work_mem")
            assert cursor.fetchone()[0] == BITMAP_MEMORY
        assert setting("jit") == jit_before  # restored inside the caller's transaction
        assert setting("enable_seqscan") == "on"
        assert setting("work_mem") == work_mem_before


def pages(sqs) -> list:
    """The ranked first page, a page in the tail past the rank window, newest and oldest."""
    return [[int(r.pk) for r in sqs[0:5]], [int(r.pk) for r in sqs[6:12]],
            [int(r.pk) for r in sqs.order_by("-published")[0:8]],
            [int(r.pk) for r in sqs.order_by("published")[3:9]], sqs.count()]


def test_walking_the_date_index_and_sorting_the_matches_give_the_same_pages(
        postgres_engine, settings, monkeypatch):
    figure = FigureFactory()
    articles = []
    for i in range(24):
        made = ArticleFactory(title=f"Sénat {i}" if i % 3 else f"Autre {i}",
                              body="Le sénat vote. " * (1 + i % 4) if i % 2 else "Rien.",
                              published_on=dt.date(2020, 1, 1) + dt.timedelta(days=i % 9))
        if i % 4:
            MentionFactory(article=made, figure=figure)
        articles.append(made)
    postgres_engine.add(*articles)
    backend = postgres_engine.backend
    monkeypatch.setattr(backend, "rank_window", 6)  # a tail past the window on page 2
    sqs = SearchQuerySet(using="postgres").filter(content=Clean("sénat"))
    filtered = sqs.filter(figure=figure.slug)
    answers = {}
    for cost in (0, 10**9):  # 0: always walk the date index; 10^9: always collect and sort
        monkeypatch.setattr(paging, "WALK_COST", cost)
        pg_facets.FACET_CACHE.clear()
        answers[cost] = (pages(sqs), pages(filtered))
    assert answers[0] == answers[10**9]
    assert answers[0][1][4] > 5 and answers[0][0][4] > answers[0][1][4]


def explain(sql: str, params: list) -> str:
    with index_scans("default", True) as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_word_of_two_stems_is_answered_by_the_partial_indexes_without_reading_vectors(
        postgres_engine):
    """"politique" stems to 'polit' in French and 'politiqu' in English: with one document
    index, PostgreSQL re-tested every match's out-of-line vector against the whole OR
    (31,000 matches: 740 ms for a count instead of 100)."""
    french = ArticleFactory(language="fr", body="La politique du gouvernement.")
    english = ArticleFactory(language="en", body="Government politique, a loan word.")
    postgres_engine.add(french, english)
    sqs = SearchQuerySet(using="postgres").filter(content=Clean("politique"))
    assert {int(r.pk) for r in sqs} == {french.pk, english.pk}
    with connection.cursor() as cursor:  # a table of some size, half English, then analysed
        cursor.execute("""INSERT INTO search_article (article_id, language, title_vector,
                                                      document)
                          SELECT 10000000 + i, CASE WHEN i % 2 = 0 THEN 'en' ELSE 'fr' END,
                                 ''::tsvector, to_tsvector('simple', 'mot' || i % 97)
                          FROM generate_series(1, 4000) AS i""")
        cursor.execute("ANALYZE search_article")
    predicate = text_predicate("'polit'", "'politiqu'")
    plan = explain(f"SELECT count(*) FROM search_article WHERE {predicate.sql}",
                   predicate.params)
    assert "search_article_document_en" in plan and "search_article_document_fr" in plan, plan
    assert "Filter" not in plan, plan
