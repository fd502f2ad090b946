"""More-like-this for the PostgreSQL engine: the article's most distinctive lexemes, OR-ed and
ranked like a search."""

from __future__ import annotations

import math

from archive.search.postgres import paging
from archive.search.postgres.planner import index_scans
from archive.search.postgres.query import QueryPlan, render_where, text_predicate
from archive.search.postgres.schema import LANGUAGE_BRANCHES
from archive.search.postgres.tsqueries import quote_lexeme, resolve

#: Terms of the article considered and kept; document frequencies are counted up to
#: DF_CAP (enough to tell rare from common).
CANDIDATES = 20
TERMS = 12
DF_CAP = 300
#: Matches are counted up to this many (the callers show the first few).
HITS_CAP = 1000


def more_like_this(backend, article, plan: QueryPlan | None, start: int,
                   end: int | None) -> tuple[list[tuple], int]:
    """(page rows, hits): articles sharing this one's most distinctive terms, its CANDIDATES
    most frequent lexemes weighted by tf x idf, the best TERMS OR-ed and ranked like a
    search, the article itself left out, narrowed by ``plan``. The count stops at HITS_CAP:
    an OR of common words matches most of the archive, and counting all of it was most of
    an article page's time."""
    table = backend.table
    pk = int(article.pk)
    with index_scans(backend.read_alias(), True) as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        total = cursor.fetchone()[0] or 1
        # The article's lexemes are stems of its own language's configuration: their
        # document frequencies are counted among the articles analysed with it.
        same_language = LANGUAGE_BRANCHES["en" if article.language == "en" else "fr"]
        cursor.execute(
            f"""SELECT t.lexeme, t.tf,
                       (SELECT count(*) FROM (SELECT 1 FROM {table}
                         WHERE {same_language}
                           AND document @@ quote_literal(t.lexeme)::tsquery
                         LIMIT {DF_CAP}) AS d) AS df
                FROM (SELECT u.lexeme, cardinality(u.positions) AS tf
                      FROM {table} s, unnest(s.document) AS u
                      WHERE s.article_id = %s AND length(u.lexeme) > 2
                        AND u.lexeme !~ '^[0-9]+$'
                      ORDER BY tf DESC, u.lexeme LIMIT {CANDIDATES}) AS t""", [pk])
        weighted = sorted(((tf * math.log(1 + total / df), lexeme)
                           for lexeme, tf, df in cursor.fetchall() if df),
                          reverse=True)[:TERMS]
        if not weighted:
            return [], 0
        tsquery = " | ".join(quote_lexeme(lexeme) for _, lexeme in weighted)
        where, params = ("true", [])
        if plan:
            resolve(cursor, plan.text_leaves())
            where, params = render_where(plan)
        predicate = text_predicate(tsquery, tsquery)
        full_where = f"({where}) AND {predicate.sql} AND article_id <> %s"
        full_params = [*params, *predicate.params, pk]
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE "
                       f"{full_where} LIMIT {HITS_CAP}) AS capped", full_params)
        hits = cursor.fetchone()[0]
        stop = hits if end is None else min(int(end), hits)
        # hits is capped: the matches of a dozen OR-ed terms are most of the archive, so
        # the date index is walked (text=False keeps that plan).
        page = paging.page(cursor, table, full_where, full_params, [], (tsquery, tsquery),
                           start, stop, hits=hits, text=False,
                           rank_window=backend.rank_window) if stop > start else []
    return page, hits
