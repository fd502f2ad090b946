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


def test_a_common_word_and_a_common_figure_are_answered_by_and_ing_both_indexes(
        postgres_engine):
    """A word in half the articles and a figure in a third, in French: at PostgreSQL's default
    operator cost, and with the English branch in the OR although the search is for French
    articles, the planner took the figure's index alone and tested the word on each of its
    rows' out-of-line vectors (36,000 at 100,000 articles: 150-370 ms, against 30 ms for the
    two bitmaps AND-ed)."""
    from haystack.backends import SQ

    from archive.search.postgres.query import plan_from_sq, render_where

    with connection.cursor() as cursor:
        # A table of its own with the search table's columns and indexes: the plan must not
        # depend on what earlier tests left in search_article (dead rows in its indexes).
        cursor.execute("CREATE TEMP TABLE planner_probe (LIKE search_article INCLUDING ALL)")
        cursor.execute("""INSERT INTO planner_probe (article_id, language, figure, title_vector,
                                                     document)
                          SELECT 10000000 + i, CASE WHEN i % 5 = 0 THEN 'en' ELSE 'fr' END,
                                 CASE WHEN i % 3 = 0 THEN ARRAY['une-figure'] ELSE '{}' END,
                                 ''::tsvector,
                                 to_tsvector('simple', CASE WHEN i % 2 = 0 THEN 'budget '
                                                            ELSE '' END || 'mot' || i % 97
                                                       || repeat(' texte', 200))
                          FROM generate_series(1, 20000) AS i""")
        # The GIN indexes' pending lists merged (as autovacuum would, when it chooses to):
        # the planner costs a GIN scan by them, so the plan would depend on its timing.
        cursor.execute("""SELECT gin_clean_pending_list(indexrelid) FROM pg_index
                          JOIN pg_class ON pg_class.oid = indexrelid
                          JOIN pg_am ON pg_am.oid = pg_class.relam
                          WHERE indrelid = 'planner_probe'::regclass AND amname = 'gin'""")
        cursor.execute("ANALYZE planner_probe")
    plan = plan_from_sq(SQ(content=Clean("budget")) & SQ(figure="une-figure") & SQ(language="fr"))
    for leaf in plan.text_leaves():
        leaf.tsquery = {"fr": "'budget'", "en": "'budget'", "title": "'budget'"}
    where, params = render_where(plan)
    assert "language = 'en' AND document" not in where  # a search of French articles
    shown = explain(f"SELECT array_agg(article_id) FROM planner_probe WHERE {where}", params)
    assert "BitmapAnd" in shown, shown
    assert "document @@" not in shown.split("Recheck Cond")[0] and "Filter: ((document" \
        not in shown, shown


def test_a_relevance_page_weighs_walking_the_date_index_for_the_whole_rank_window(
        postgres_engine, monkeypatch):
    """The ranked window reads rank_window matches whatever the page's size: weighed for the
    page's 20 instead, a word and a figure in 6,000 of 100,000 articles walked the date index
    testing 8,000 rows' vectors (60 ms) rather than AND the indexes and sort (20 ms)."""
    articles = [ArticleFactory(body=f"Le sénat vote {i}.") for i in range(8)]
    postgres_engine.add(*articles)
    asked = []
    real = paging.walk_in_order

    def walk_in_order(cursor, table, hits, needed):
        asked.append(needed)
        return real(cursor, table, hits, needed)

    monkeypatch.setattr(paging, "walk_in_order", walk_in_order)
    sqs = SearchQuerySet(using="postgres").filter(content=Clean("sénat"))
    assert len(sqs[0:3]) == 3
    assert asked == [postgres_engine.backend.rank_window]
    asked.clear()
    assert len(sqs.order_by("-published")[0:3]) == 3
    assert asked == [3]
