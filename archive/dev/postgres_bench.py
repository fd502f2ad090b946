"""The anchor of ``manage.py benchmark --engine postgres|both`` (archive/dev/query_mix.py):
stock PostgreSQL full-text search, every match ranked by ``ts_rank`` (no rank window, no
cache), next to the engine's figures through the selector."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection

FACETS = ("figure", "party", "author", "publication", "language", "year")


def stock_ts_rank(text: str, *, phrase: bool = False, where: str = "true",
                  params: tuple = (), facets: bool = False) -> None:
    """The anchor: every match ranked by stock ts_rank (no window, no cache), the count and,
    with ``facets``, each facet as its own GROUP BY over the matches. The words are French
    (the corpus's query words), matched in the non-English articles: the branch of the
    engine's partial document index that answers them."""
    function = "phraseto_tsquery" if phrase else "plainto_tsquery"
    q = f"{function}('archive_fr', %s)"
    match = f"language IS DISTINCT FROM 'en' AND document @@ {q} AND {where}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id FROM search_article WHERE {match} "
                       f"ORDER BY ts_rank(document, {q}) DESC LIMIT 20",
                       [text, *params, text])
        cursor.fetchall()
        cursor.execute(f"SELECT count(*) FROM search_article WHERE {match}", [text, *params])
        if facets:
            for name in FACETS:
                values = f"unnest({name})" if name in {"figure", "party", "author"} else name
                cursor.execute(f"SELECT v, count(*) FROM (SELECT {values} AS v FROM "
                               f"search_article WHERE {match}) x GROUP BY v "
                               "ORDER BY 2 DESC LIMIT 15", [text, *params])
                cursor.fetchall()


def raw_ops(inputs) -> tuple[dict, Callable[[], None]]:
    """Stock PostgreSQL full-text search as the anchor next to the engine's figures
    (archive/dev/query_mix.py ``anchor_ops``)."""
    def filtered(kw):
        stock_ts_rank(kw["q"], where="figure @> ARRAY[%s] AND language = %s",
                      params=(kw["figures"][0], kw["lang"]), facets=True)

    return {
        "2-word query": (stock_ts_rank, inputs.pairs),
        "phrase": (lambda q: stock_ts_rank(q.strip('"'), phrase=True), inputs.phrases),
        "query + 2 filters + facets": (filtered, inputs.filtered),
    }, lambda: None


def forget_texts(ids: list[int]) -> None:
    """Make the engine analyse these articles' texts at their next write, as if each had been
    edited (their digests forgotten: archive/search/postgres/writing.py)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_article SET text_hash = NULL WHERE article_id = ANY(%s)",
                       [ids])
