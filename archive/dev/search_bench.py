"""The benchmark behind ``manage.py benchmark``: indexing rate, index size, memory, and the
query mix (query_mix.py) through our selector next to the same operations on raw Whoosh;
the records and tables are in bench_report.py, the timing helpers in bench_timing.py.

Where it runs: by default in a throwaway directory (a temporary SQLite database and index,
``run_isolated``), so it never touches real data; ``--data-dir`` keeps that directory so a
later run reuses (and extends) its corpus; ``--in-place`` uses the configured database and
index instead (the synthetic articles then stay there, marked is_synthetic).

How: the corpus is generated and indexed in child processes (``generate_corpus``,
``rebuild_index``), so the peak RSS of this process is that of a process that only serves
searches, like a gunicorn worker; the indexing child's peak RSS is reported separately. Each
operation is run ``warmup`` times (cold figures recorded), then ``repeat`` times with varying
inputs; p50/p95 are over those. Raw Whoosh uses one searcher opened once on the same index
directory, Whoosh's own faceting (``groupedby``), ``more_like`` and ``corrector``: the ratio
"ours / raw" is the cost of everything the selector adds (parsing, entities, facets as whole
values, highlighting, loading the page's articles from the database).
"""

from __future__ import annotations

import importlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from django.conf import settings

from archive.dev.bench_report import OPERATIONS, BenchResult, OpTiming
from archive.dev.bench_timing import dir_size_mb, machine_info, peak_rss_mb, percentile, timed
from archive.dev.query_mix import anchor_ops, choose_inputs, selector_ops, time_pages


def manage(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
                          capture_output=True, text=True, env=env, check=False)


def other_measures(articles: int) -> dict:
    """Figures of the other areas' own benchmarks, when their modules exist, sized to the run
    (at most 2,000 articles) and rolled back so that they leave the corpus as it was."""
    from django.db import transaction

    n = min(max(articles // 10, 50), 2000)
    extra = {}
    for label, module, func in (
        ("import", "archive.dev.ingest_bench", "measure_import_rate"),
        ("mention detection", "archive.dev.mention_bench", "measure_detection"),
    ):
        try:
            fn = getattr(importlib.import_module(module), func)
        except (ImportError, AttributeError):
            extra[label] = f"not measured: {module}.{func} does not exist"
            continue
        try:
            with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
                value = fn(n, tmp) if func == "measure_import_rate" else fn(n)
                transaction.set_rollback(True)
            extra[label] = asdict(value) if hasattr(value, "__dataclass_fields__") else value
        except Exception as exc:
            extra[label] = f"failed: {exc!r}"[:300]
    return extra


# -- the run ---------------------------------------------------------------------------------

def prepare_corpus(result: BenchResult, *, fresh_db: bool) -> None:
    if fresh_db:
        done = manage("migrate", "--noinput", "-v0")
        if done.returncode:
            raise RuntimeError(f"migrate failed: {done.stderr[-2000:]}")
        from archive.gazetteer.load import load_gazetteer
        from archive.models import Figure

        if not Figure.objects.exists():
            load_gazetteer()
    start = time.perf_counter()
    done = manage("generate_corpus", "--articles", str(result.articles),
                  "--seed", str(result.seed), "-v0")
    if done.returncode:
        raise RuntimeError(f"generate_corpus failed: {(done.stderr or done.stdout)[-2000:]}")
    result.corpus_seconds = round(time.perf_counter() - start, 1)


def engine_env(engine: str) -> dict:
    return {**os.environ, "ARCHIVE_SEARCH_ENGINE": engine}


def use_engine(engine: str) -> None:
    """Make ``engine`` haystack's default connection in this process (what the selector
    reads), as ARCHIVE_SEARCH_ENGINE does at start."""
    import haystack

    settings.ARCHIVE_SEARCH_ENGINE = engine
    settings.HAYSTACK_CONNECTIONS["default"] = dict(settings.SEARCH_ENGINES[engine])
    haystack.connections.connections_info = settings.HAYSTACK_CONNECTIONS
    haystack.connections.reload("default")


def index_corpus(result: BenchResult) -> None:

    start = time.perf_counter()
    done = manage("rebuild_index", "--noinput", "--batch-size", "1000",
                  env=engine_env(result.engine))
    wall = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"rebuild_index failed: {(done.stderr or done.stdout)[-2000:]}")
    match = re.search(r"Indexed (\d+) [\w.]+ into \S+ in ([\d.]+) s", done.stdout)
    docs, seconds = (int(match[1]), float(match[2])) if match else (None, wall)
    result.indexed_documents = docs
    result.indexing_seconds = round(seconds, 1)
    if docs:
        result.indexing_articles_per_s = round(docs / seconds, 1)
    result.indexing_peak_rss_mb = peak_rss_mb(resource.RUSAGE_CHILDREN)


WRITER_UPDATES = 5000


def measure_writer(result: BenchResult) -> None:
    """Incremental updates through the writer: the newest ``WRITER_UPDATES`` articles queued
    and drained by one writer, timed twice: every text analysed again (an import, edits; the
    PostgreSQL engine is made to forget the texts' digests first), then the same articles
    with their texts unchanged (what a detection run queues: new facets, same words; the
    PostgreSQL engine then keeps the vectors, Whoosh analyses every document anyway)."""
    from archive.models import Article
    from archive.search import queue
    from archive.search.filelock import LockHeld
    from archive.search.writer import IndexWriter, writer_lock

    count = min(WRITER_UPDATES, max(1, result.articles // 10))
    ids = list(Article.objects.published().order_by("-pk").values_list("pk", flat=True)[:count])
    rates = []
    try:
        with writer_lock():
            IndexWriter().drain()
            for forget in (True, False):
                if forget and result.engine == "postgres":
                    from archive.dev.postgres_bench import forget_texts

                    forget_texts(ids)
                queue.enqueue_article_updates(ids)
                start = time.perf_counter()
                drained = IndexWriter().drain()
                seconds = time.perf_counter() - start
                rates.append(round(drained.updated / seconds, 1) if drained.updated else None)
    except LockHeld:
        result.notes.append("an index writer is running: writer rate not measured")
        return
    result.writer_updates = drained.updated
    result.writer_articles_per_s, result.writer_unchanged_articles_per_s = rates


def measure_edit(result: BenchResult) -> None:
    """Time for the writer to apply one edited article (the admin-edit path), holding the
    writer lock like the real writer (skipped if a writer is running on this index)."""
    from archive.models import Article
    from archive.search.filelock import LockHeld
    from archive.search.writer import IndexWriter, writer_lock

    article = Article.objects.filter(is_synthetic=True).order_by("pk").first()
    if article is None:
        return
    try:
        with writer_lock():
            IndexWriter().drain()  # whatever was pending, so that the edit is timed alone
            article.save()
            start = time.perf_counter()
            IndexWriter().drain()
            result.edit_apply_ms = round((time.perf_counter() - start) * 1000, 1)
    except LockHeld:
        result.notes.append("an index writer is running: edit latency not measured")


ENGINE_CHOICES = ("whoosh", "postgres", "both")


def engines_of(choice: str) -> tuple[str, ...]:
    return ("whoosh", "postgres") if choice == "both" else (choice,)


def run_benchmarks(articles: int, *, engine: str = "whoosh", seed: int = 1, repeat: int = 30,
                   warmup: int = 3, fresh_db: bool = False, reuse_index: bool = False,
                   log: Callable[[str], None] = print) -> list[BenchResult]:
    """The corpus once, then indexing and the query mix for each engine, side by side."""
    from django.db import connection

    engines = engines_of(engine)
    if "postgres" in engines and connection.vendor != "postgresql":
        raise ValueError("--engine postgres needs a PostgreSQL database: pass --database-url "
                         "postgres://... (a throwaway database) or run --in-place on one.")
    log(f"corpus: {articles} articles, seed {seed}")
    first = BenchResult(articles=articles, seed=seed, machine=machine_info(), engine=engines[0])
    prepare_corpus(first, fresh_db=fresh_db)
    results = []
    for name in engines:
        result = first if name == engines[0] else BenchResult(
            articles=articles, seed=seed, machine=first.machine, engine=name,
            corpus_seconds=first.corpus_seconds)
        use_engine(name)
        results.append(run_benchmark(result, repeat=repeat, warmup=warmup,
                                     reuse_index=reuse_index, log=log))
    first.extra = other_measures(articles)  # import and mention detection: engine-free
    return results


def _whoosh_index_figures(result: BenchResult) -> Path:
    from whoosh.index import open_dir

    from archive.search.location import live_index_dir

    index_dir = live_index_dir()
    result.index_size_mb = dir_size_mb(index_dir)
    ix = open_dir(str(index_dir))
    result.index_segments = len(ix._segments())
    if result.indexed_documents is None:
        result.indexed_documents = ix.doc_count()
    ix.close()
    return index_dir


def run_benchmark(result: BenchResult, *, repeat: int = 30, warmup: int = 3,
                  reuse_index: bool = False,
                  log: Callable[[str], None] = print) -> BenchResult:
    """Indexing and the query mix of one engine (``result.engine``) on the corpus in place."""
    from haystack.query import SearchQuerySet

    if reuse_index and not SearchQuerySet(using="default").count():
        reuse_index = False
    if reuse_index:
        result.notes.append("index reused: indexing not measured in this run")
    else:
        log(f"[{result.engine}] indexing (rebuild_index in a child process)...")
        index_corpus(result)
    index_dir = _whoosh_index_figures(result) if result.engine == "whoosh" else None
    if result.indexed_documents is None:
        result.indexed_documents = SearchQuerySet(using="default").count()
    # Only the search path runs in this process until the serving RSS is read: raw Whoosh's
    # caches, the writer's memory pool and the other areas' measures come after it.
    log(f"[{result.engine}] queries through the selector...")
    inputs = choose_inputs(max(repeat, 10))
    ours = selector_ops(inputs)
    if ours is None:
        result.notes.append("archive.search.selector not available: only raw Whoosh measured")
    ops = {}
    for name in OPERATIONS:
        op = ops[name] = OpTiming(name=name)
        if ours is None:
            continue
        fn, op_inputs = ours[name]
        try:
            cold, samples = timed(fn, op_inputs, warmup, repeat)
            op.ours_cold_ms = round(cold, 1)
            op.ours_p50_ms = round(percentile(samples, 0.5), 1)
            op.ours_p95_ms = round(percentile(samples, 0.95), 1)
        except Exception as exc:
            op.note = f"selector error: {exc!r}"[:200]
    log("pages...")
    result.pages = time_pages(inputs, warmup=2, repeat=repeat)
    result.serving_peak_rss_mb = peak_rss_mb()

    log(f"[{result.engine}] the same operations on the raw engine...")
    raw, close_raw = anchor_ops(result.engine, inputs, index_dir)
    for name, (raw_fn, raw_inputs) in raw.items():
        op = ops[name]
        try:
            _, samples = timed(raw_fn, raw_inputs, warmup, repeat)
            op.raw_p50_ms = round(percentile(samples, 0.5), 1)
            op.raw_p95_ms = round(percentile(samples, 0.95), 1)
        except Exception as exc:
            op.note = (op.note + f" raw error: {exc!r}")[:300]
        if op.ours_p95_ms is not None and op.raw_p95_ms:
            op.ratio_p95 = round(op.ours_p95_ms / op.raw_p95_ms, 2)
    close_raw()
    result.operations = list(ops.values())

    measure_edit(result)
    measure_writer(result)
    return result


def isolated_env(directory: Path, database_url: str | None = None) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url or f"sqlite:///{directory / 'bench.sqlite3'}",
        "ARCHIVE_DATA_DIR": str(directory),
        "ARCHIVE_INDEX_DIR": str(directory / "index"),
        "ARCHIVE_BENCHMARK_FRESH_DB": "1",
    })
    return env


def run_isolated(argv: list[str], data_dir: Path | None, database_url: str | None = None) -> int:
    """Re-run the benchmark command in a child whose settings point at a throwaway (or kept)
    directory; returns its exit status."""
    directory = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="archive-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "benchmark",
             *argv, "--in-place"],
            env=isolated_env(directory, database_url), check=False,
        )
        return done.returncode
    finally:
        if data_dir is None:
            shutil.rmtree(directory, ignore_errors=True)

