"""A page of PostgreSQL search results, in relevance or date order.

Relevance, with one scorer for every page: the *rank window* is the ``RANK_WINDOW`` newest
matches (by published date, then id); those are ordered by ``ts_rank`` (title weight A above
body weight D, length-normalised), every other match follows in newest-first order with score
0. Ranking therefore reads at most RANK_WINDOW documents' vectors, however common the words,
and since the window and the date order are the same for every page, paging through all
results never repeats or skips an article. A query matching fewer than RANK_WINDOW articles
(most reader queries) is ranked entirely.
"""

from __future__ import annotations

from collections.abc import Sequence

RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D (body), C, B, A (title)
#: Testing a word on one article's out-of-line vector costs about this many times reading
#: one heap row (0.019 ms against 0.0013 ms at 100,000 articles): see ``walk_in_order``.
WALK_COST = 15


def page(cursor, table: str, where: str, params: list, sort_by, rank, start: int, stop: int,
         *, hits: int, text: bool, rank_window: int) -> list[tuple]:
    cols = "article_id, {score}, published, language, title"
    newest = "published DESC NULLS LAST, article_id DESC"
    order = order_by(sort_by) if sort_by else (None if rank else newest)
    matches, with_m, cond = table, "", where
    # Relevance reads the whole rank window whatever the page (its LIMIT is the window).
    if text and not walk_in_order(cursor, table, hits, rank_window if order is None else stop):
        # Few matches: the GIN indexes AND-ed, then sorted; the planner would rather walk
        # the date index testing the word on each article's out-of-line vector.
        with_m = (f"m AS MATERIALIZED (SELECT article_id, published, language, title, "
                  f"year, month FROM {table} WHERE {where})")
        matches, cond = "m", "true"
    head = f"WITH {with_m} " if with_m else ""
    if order is not None:
        cursor.execute(f"{head}SELECT {cols.format(score='0.0')} FROM {matches} "
                       f"WHERE {cond} ORDER BY {order} OFFSET %s LIMIT %s",
                       [*params, start, stop - start])
        return cursor.fetchall()
    window = rank_window
    rows: list[tuple] = []
    if start < window:
        fr, en = rank
        ranked = (f"ts_rank('{RANK_WEIGHTS}', s.document, CASE WHEN s.language = 'en' "
                  f"THEN %s::tsquery ELSE %s::tsquery END, 1)")
        ctes = ", ".join(filter(None, [
            with_m, f"w AS (SELECT article_id FROM {matches} WHERE {cond} "
                    f"ORDER BY {newest} LIMIT %s)"]))
        cursor.execute(
            f"""WITH {ctes}
                SELECT s.article_id, {ranked} AS score, s.published, s.language, s.title
                FROM w JOIN {table} AS s USING (article_id)
                ORDER BY score DESC, s.published DESC NULLS LAST, s.article_id DESC
                OFFSET %s LIMIT %s""",
            [*params, window, en or fr, fr or en, start, min(stop, window) - start])
        rows = cursor.fetchall()
    if stop > window:
        tail_start = max(start, window)
        cursor.execute(f"{head}SELECT {cols.format(score='0.0')} FROM {matches} "
                       f"WHERE {cond} ORDER BY {newest} OFFSET %s LIMIT %s",
                       [*params, tail_start, stop - tail_start])
        rows += cursor.fetchall()
    return rows


def walk_in_order(cursor, table: str, hits: int, needed: int) -> bool:
    """Whether to read the matches of a word search by walking the date index (which
    tests the word on each article it passes: about ``needed * rows / hits`` vectors)
    rather than collecting every match through the GIN indexes and sorting them
    (``hits`` heap rows, each WALK_COST times cheaper than a vector)."""
    if hits <= 0:
        return False
    cursor.execute("SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = %s::regclass",
                   [table])
    row = cursor.fetchone()
    rows = float(row[0]) if row else hits
    return needed * rows / hits * WALK_COST < hits


def order_by(sort_by: Sequence[str]) -> str:
    out = []
    for item in sort_by:
        descending = item.startswith("-")
        name = item.lstrip("-")
        if name not in {"published", "article_id", "year", "month", "django_id", "id"}:
            raise ValueError(f"cannot order the PostgreSQL search by {name!r}")
        if name in {"django_id", "id"}:
            name = "article_id"
        out.append(f"{name} {'DESC' if descending else 'ASC'} NULLS LAST")
    first_desc = sort_by[0].startswith("-")
    if first_desc:
        out.append("article_id DESC")
    else:  # oldest first; undated articles (last) newest id first, as in the Whoosh engine
        out.append("CASE WHEN published IS NULL THEN -article_id ELSE article_id END")
    return ", ".join(out)
