"""``manage.py benchmark --engine postgres``: the PostgreSQL engine on a synthetic corpus in the
configured PostgreSQL database (DATABASE_URL), with stock ``ts_rank`` over every match as the
anchor. Measures a rebuild, the writer's incremental updates, and the query mix through
haystack's SearchQuerySet as the selector builds it (page, count, facets, snippets)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from haystack.backends import SQ
from haystack.inputs import Clean, Exact
from haystack.query import SearchQuerySet

FACETS = ("figure", "party", "author", "publication", "language", "year")


@dataclass
class Figures:
    articles: int
    load: str = ""
    rebuild_seconds: float = 0.0
    rebuild_rate: float = 0.0
    incremental: int = 0
    incremental_rate: float = 0.0
    table_mb: float = 0.0
    ops: dict[str, tuple[float, float]] = field(default_factory=dict)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _timed(fn: Callable, inputs: list, repeat: int) -> tuple[float, float]:
    for value in inputs[:3]:
        fn(value)
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(inputs[i % len(inputs)])
        times.append((time.perf_counter() - start) * 1000)
    return _percentile(times, 50), _percentile(times, 95)


def _page(sqs) -> None:
    sqs = sqs.models()
    for name in FACETS:
        sqs = sqs.facet(name, **({} if name == "year" else {"limit": 15}))
    sqs = sqs.highlight()
    page = list(sqs[0:20])
    sqs.count()
    sqs.facet_counts()
    for result in page:
        result.highlighted  # noqa: B018


def _words(text: str) -> SQ:
    query = SQ()
    for word in text.split():
        query &= SQ(content=Clean(word))
    return query


def stock_ts_rank(text: str, *, phrase: bool = False, where: str = "true",
                  params: tuple = (), facets: bool = False) -> None:
    """The anchor: every match ranked by stock ts_rank (no window, no cache), the count and,
    with ``facets``, each facet as its own GROUP BY over the matches."""
    function = "phraseto_tsquery" if phrase else "plainto_tsquery"
    q = f"{function}('archive_fr', %s)"
    match = f"document @@ {q} AND {where}"
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
    (archive/dev/search_bench.py ``anchor_ops``)."""
    def filtered(kw):
        stock_ts_rank(kw["q"], where="figure @> ARRAY[%s] AND language = %s",
                      params=(kw["figures"][0], kw["lang"]), facets=True)

    return {
        "2-word query": (stock_ts_rank, inputs.pairs),
        "phrase": (lambda q: stock_ts_rank(q.strip('"'), phrase=True), inputs.phrases),
        "query + 2 filters + facets": (filtered, inputs.filtered),
    }, lambda: None


def run(articles: int, *, seed: int = 1, repeat: int = 30,
        log: Callable[[str], None] = print) -> Figures:
    from haystack import connections

    from archive.dev.corpus import generate
    from archive.dev.search_bench import choose_inputs
    from archive.models import Article
    from archive.search import queue
    from archive.search.rebuild import rebuild
    from archive.search.writer import IndexWriter

    if connection.vendor != "postgresql" or "postgres" not in str(
            connections["default"].options.get("ENGINE")):
        raise RuntimeError("--engine postgres needs DATABASE_URL on PostgreSQL and "
                           "ARCHIVE_SEARCH_ENGINE=postgres")
    figures = Figures(articles=articles)
    log(f"corpus: {generate(articles, seed)}")
    started = time.perf_counter()
    report = rebuild("default", batch_size=1000)
    figures.rebuild_seconds = time.perf_counter() - started
    figures.rebuild_rate = report.total / figures.rebuild_seconds
    log(f"rebuild: {report}")
    ids = list(Article.objects.published().order_by("-pk").values_list("pk", flat=True)[:5000])
    queue.enqueue_article_updates(ids)
    started = time.perf_counter()
    drained = IndexWriter().drain()
    figures.incremental = drained.updated
    figures.incremental_rate = drained.updated / (time.perf_counter() - started)
    log(f"writer: {drained}")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_article")
        cursor.execute("SELECT pg_total_relation_size('search_article') / 1e6")
        figures.table_mb = float(cursor.fetchone()[0])
    inputs = choose_inputs(30)
    sqs = SearchQuerySet()
    ops = {
        "2-word query": (lambda q: _page(sqs.filter(_words(q))), inputs.pairs),
        "2-word, stock ts_rank (anchor)": (stock_ts_rank, inputs.pairs),
        "phrase": (lambda q: _page(sqs.filter(content=Exact(q.strip('"')))), inputs.phrases),
        "query + 2 filters + facets": (
            lambda kw: _page(sqs.filter(_words(kw["q"])).filter(figure=kw["figures"][0])
                             .filter(language=kw["lang"])), inputs.filtered),
        "browse, all facets": (lambda n: _page(sqs.order_by("-published")), [1, 2, 3]),
        "more like this": (lambda a: list(sqs.more_like_this(a)[:5]), inputs.mlt_articles),
        "suggestion": (lambda q: sqs.filter(_words(q)).spelling_suggestion(),
                       inputs.misspelled),
    }
    for name, (fn, values) in ops.items():
        figures.ops[name] = _timed(fn, values, repeat)
        log(f"{name}: p50 {figures.ops[name][0]:.0f} ms, p95 {figures.ops[name][1]:.0f} ms")
    figures.load = "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return figures


def format_table(f: Figures) -> str:
    lines = [f"PostgreSQL engine, {f.articles:,} articles ({f.load})",
             f"  rebuild             {f.rebuild_seconds:.1f} s ({f.rebuild_rate:.0f} articles/s)",
             f"  writer (incremental) {f.incremental} articles, {f.incremental_rate:.0f}/s",
             f"  search_article      {f.table_mb:.0f} MB with indexes",
             "  operation                          p50 ms   p95 ms"]
    lines += [f"  {name:<34} {p50:>6.0f}   {p95:>6.0f}" for name, (p50, p95) in f.ops.items()]
    return "\n".join(lines)
