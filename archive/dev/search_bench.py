"""The benchmark behind ``manage.py benchmark``: indexing rate, index size, memory, and the
query mix through our selector next to the same operations on raw Whoosh.

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
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings

FACET_FIELDS = ("figure", "party", "author", "publication", "language", "year")
OPERATIONS = ("2-word query", "phrase", "query + 2 filters + facets", "browse, all facets",
              "more like this", "suggestion")


@dataclass
class OpTiming:
    name: str
    ours_p50_ms: float | None = None
    ours_p95_ms: float | None = None
    ours_cold_ms: float | None = None
    raw_p50_ms: float | None = None
    raw_p95_ms: float | None = None
    ratio_p95: float | None = None
    note: str = ""


@dataclass
class PageTiming:
    name: str
    url: str
    status: int | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    note: str = ""


@dataclass
class BenchResult:
    articles: int
    seed: int
    engine: str = "whoosh"
    machine: dict = field(default_factory=dict)
    corpus_seconds: float | None = None
    indexed_documents: int | None = None
    indexing_seconds: float | None = None
    indexing_articles_per_s: float | None = None
    indexing_peak_rss_mb: float | None = None
    index_size_mb: float | None = None
    index_segments: int | None = None
    edit_apply_ms: float | None = None
    writer_updates: int | None = None
    writer_articles_per_s: float | None = None
    serving_peak_rss_mb: float | None = None
    operations: list[OpTiming] = field(default_factory=list)
    pages: list[PageTiming] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def machine_info() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    info["database"] = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return info


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn: Callable[[], object], inputs: list, warmup: int, repeat: int):
    """(cold ms, [ms...]) calling fn(input) on inputs cycled."""
    cold = None
    for i in range(warmup):
        start = time.perf_counter()
        fn(inputs[i % len(inputs)])
        if cold is None:
            cold = (time.perf_counter() - start) * 1000
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(inputs[(warmup + i) % len(inputs)])
        samples.append((time.perf_counter() - start) * 1000)
    return cold, samples


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: kilobytes


def dir_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def manage(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
                          capture_output=True, text=True, env=env, check=False)


# -- inputs --------------------------------------------------------------------------------

@dataclass
class Inputs:
    pairs: list[str]
    phrases: list[str]
    filtered: list[dict]
    mlt_articles: list
    misspelled: list[str]
    figure_slug: str | None
    party_slug: str | None


def choose_inputs(n: int = 30) -> Inputs:
    from django.db.models import Count

    from archive.dev.corpus import EN_WORDS, FR_WORDS
    from archive.models import Article, Figure, Party

    words = [w for w in FR_WORDS if len(w) > 4][:60]
    pairs = [f"{words[i]} {words[(i * 7 + 3) % len(words)]}" for i in range(n)]
    top_figures = list(
        Figure.objects.annotate(n=Count("mentions")).order_by("-n", "pk")[:10]
    )
    top_parties = list(
        Party.objects.annotate(n=Count("mentions")).order_by("-n", "pk")[:10]
    )
    phrases = [f'"{f.name}"' for f in top_figures] or ['"assemblée nationale"']
    filtered = []
    for i in range(n):
        filtered.append({
            "q": words[i % len(words)],
            "figures": (top_figures[i % len(top_figures)].slug,) if top_figures else (),
            "lang": "fr" if i % 2 == 0 else "en",
        })
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True)[:5000])
    step = max(len(ids) // n, 1)
    mlt = list(Article.objects.filter(pk__in=ids[::step][:n]).order_by("pk"))
    misspelled = [(w[:3] + w[4:]) if len(w) > 5 else w + "e"
                  for w in (FR_WORDS[5:20] + EN_WORDS[5:20])]
    return Inputs(pairs, phrases, filtered, mlt, misspelled,
                  top_figures[0].slug if top_figures else None,
                  top_parties[0].slug if top_parties else None)


# -- our side (the selector) ------------------------------------------------------------------

def selector_ops(inputs: Inputs) -> dict[str, tuple[Callable, list]] | None:
    try:
        params_mod = importlib.import_module("archive.search.params")
        selector = importlib.import_module("archive.search.selector")
    except ImportError:
        return None
    SearchParams = params_mod.SearchParams

    def search(**kw):
        result = selector.search_articles(SearchParams(**kw))
        for hit in result.hits:  # make sure the page is really built (lazy parts included)
            hit.article.title  # noqa: B018
            hit.snippet  # noqa: B018
        return result

    return {
        "2-word query": (lambda q: search(q=q), inputs.pairs),
        "phrase": (lambda q: search(q=q), inputs.phrases),
        "query + 2 filters + facets": (lambda kw: search(**kw), inputs.filtered),
        "browse, all facets": (lambda page: search(q="", page=page), [1, 2, 3, 1, 5]),
        "more like this": (lambda a: selector.similar_articles(a, limit=5), inputs.mlt_articles),
        "suggestion": (lambda q: search(q=q), inputs.misspelled),
    }


# -- raw Whoosh side ----------------------------------------------------------------------------

def raw_ops(inputs: Inputs, index_dir: Path) -> tuple[dict, Callable[[], None]]:
    from whoosh import sorting
    from whoosh.index import open_dir
    from whoosh.qparser import MultifieldParser
    from whoosh.query import And, Every, Term

    ix = open_dir(str(index_dir))
    searcher = ix.searcher()
    # The same full-text fields our backend searches (whatever the schema of the day holds).
    names = ix.schema.names()
    fields = [f for f in ("text", "text_fr", "text_en") if f in names] or ["title"]
    parser = MultifieldParser(fields, schema=ix.schema)
    facets = sorting.Facets()
    for name in FACET_FIELDS:
        if name in ix.schema.names():
            facets.add_field(name, allow_overlap=name in {"figure", "party", "author"})

    def first_page(results):
        return [hit.get("django_id") for hit in results[:20]]

    def two_words(q):
        return first_page(searcher.search(parser.parse(q), limit=20))

    def filtered(kw):
        flt = And([Term("figure", s) for s in kw["figures"]] + [Term("language", kw["lang"])])
        return first_page(searcher.search(parser.parse(kw["q"]), filter=flt, limit=20,
                                          groupedby=facets))

    def browse(page):
        return searcher.search_page(Every(), page, pagelen=20, sortedby="published",
                                    reverse=True, groupedby=facets)

    ids = {a.pk: a for a in inputs.mlt_articles}

    def mlt(article):
        docnum = searcher.document_number(id=f"archive.article.{article.pk}")
        if docnum is None:
            return []
        field = f"text_{article.language}" if f"text_{article.language}" in names else fields[0]
        return first_page(searcher.more_like(docnum, field, text=ids[article.pk].body, top=5))

    corrector = searcher.corrector(fields[0])

    def suggest(word):
        return corrector.suggest(word, limit=1)

    ops = {
        "2-word query": (two_words, inputs.pairs),
        "phrase": (two_words, inputs.phrases),
        "query + 2 filters + facets": (filtered, inputs.filtered),
        "browse, all facets": (browse, [1, 2, 3, 1, 5]),
        "more like this": (mlt, inputs.mlt_articles),
        "suggestion": (suggest, inputs.misspelled),
    }
    return ops, searcher.close


def anchor_ops(engine: str, inputs: Inputs, index_dir: Path | None) -> tuple[dict, Callable]:
    """The anchor next to our figures: raw Whoosh for the Whoosh engine; for PostgreSQL,
    stock ``ts_rank`` when archive/dev/postgres_bench.py provides ``raw_ops(inputs)``."""
    if engine == "whoosh":
        return raw_ops(inputs, index_dir)
    try:
        module = importlib.import_module(f"archive.dev.{engine}_bench")
    except ImportError:
        return {}, lambda: None
    return module.raw_ops(inputs)


# -- pages -------------------------------------------------------------------------------------

def page_urls(inputs: Inputs) -> list[tuple[str, str]]:
    pages = []
    if inputs.figure_slug:
        pages.append(("figure page", f"/figures/{inputs.figure_slug}/"))
    if inputs.party_slug:
        pages.append(("party page", f"/parties/{inputs.party_slug}/"))
    pages.append(("Atom feed (search)", "/search/feed/?q=" + inputs.pairs[0].replace(" ", "+")))
    pages.append(("API search", "/api/search?q=" + inputs.pairs[1].replace(" ", "+")))
    pages.append(("search page", "/search/?q=" + inputs.pairs[2].replace(" ", "+")))
    return pages


def time_pages(inputs: Inputs, warmup: int, repeat: int) -> list[PageTiming]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    out = []
    for name, url in page_urls(inputs):
        timing = PageTiming(name=name, url=url)
        try:
            response = client.get(url)
        except Exception as exc:  # a page that crashes is reported, not fatal to the run
            timing.note = f"error: {exc!r}"[:200]
            out.append(timing)
            continue
        timing.status = response.status_code
        if response.status_code == 404:
            timing.note = "URL not available (404): skipped"
            out.append(timing)
            continue
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timing.queries = len(ctx.captured_queries)
        _, samples = timed(lambda u: client.get(u), [url], warmup, max(repeat // 2, 5))
        timing.p50_ms = round(percentile(samples, 0.5), 1)
        timing.p95_ms = round(percentile(samples, 0.95), 1)
        if response.status_code != 200:
            timing.note = f"HTTP {response.status_code}"
        out.append(timing)
    return out


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
    (what an import or a detection run queues) and drained by one writer, timed."""
    from archive.models import Article
    from archive.search import queue
    from archive.search.filelock import LockHeld
    from archive.search.writer import IndexWriter, writer_lock

    count = min(WRITER_UPDATES, max(1, result.articles // 10))
    ids = list(Article.objects.published().order_by("-pk").values_list("pk", flat=True)[:count])
    try:
        with writer_lock():
            IndexWriter().drain()
            queue.enqueue_article_updates(ids)
            start = time.perf_counter()
            drained = IndexWriter().drain()
            seconds = time.perf_counter() - start
    except LockHeld:
        result.notes.append("an index writer is running: writer rate not measured")
        return
    result.writer_updates = drained.updated
    if drained.updated:
        result.writer_articles_per_s = round(drained.updated / seconds, 1)


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


def format_table(result: BenchResult) -> str:
    def f(v):
        return "-" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))

    lines = [
        f"Benchmark [{result.engine}]: {result.articles} synthetic articles "
        f"(seed {result.seed}) on "
        f"{result.machine.get('cpu', '?')} x{result.machine.get('cpus')}, "
        f"{result.machine.get('memory_gb', '?')} GB, {result.machine.get('database')}",
        f"  corpus generation   {f(result.corpus_seconds)} s",
        f"  indexing            {f(result.indexing_articles_per_s)} articles/s "
        f"({f(result.indexed_documents)} docs in {f(result.indexing_seconds)} s, "
        f"peak RSS {f(result.indexing_peak_rss_mb)} MB)",
        f"  index size          {f(result.index_size_mb)} MB, "
        f"{f(result.index_segments)} segment(s)",
        f"  one edit applied    {f(result.edit_apply_ms)} ms (+ writer poll <= 0.5 s)",
        f"  writer, queued      {f(result.writer_articles_per_s)} articles/s "
        f"({f(result.writer_updates)} incremental updates)",
        f"  serving peak RSS    {f(result.serving_peak_rss_mb)} MB (selector and pages only)",
        "",
        f"  {'operation':28} {'ours p50':>9} {'ours p95':>9} {'cold':>8} "
        f"{'raw p50':>8} {'raw p95':>8} {'ratio':>6}  (ms)",
    ]
    for op in result.operations:
        lines.append(
            f"  {op.name:28} {f(op.ours_p50_ms):>9} {f(op.ours_p95_ms):>9} "
            f"{f(op.ours_cold_ms):>8} {f(op.raw_p50_ms):>8} {f(op.raw_p95_ms):>8} "
            f"{f(op.ratio_p95):>6}  {op.note}"
        )
    lines += ["", f"  {'page':22} {'status':>6} {'p50':>8} {'p95':>8} {'SQL':>5}  url"]
    for page in result.pages:
        lines.append(f"  {page.name:22} {f(page.status):>6} {f(page.p50_ms):>8} "
                     f"{f(page.p95_ms):>8} {f(page.queries):>5}  {page.url} {page.note}")
    for label, value in result.extra.items():
        lines.append(f"  {label}: {value}")
    lines += [f"  note: {n}" for n in result.notes]
    return "\n".join(lines)


TARGETS = {  # issue 12's, on both engines (ms p95; articles/s)
    "2-word query": "p95 <= 150",
    "query + 2 filters + facets": "p95 <= 250",
    "browse, all facets": "p95 <= 150",
}
INDEXING_TARGETS = {"whoosh": 300, "postgres": 1000}


def format_comparison(results: list[BenchResult]) -> str:
    """The engines side by side (Markdown): indexing, the writer, each operation p50 / p95
    with its anchor's p95 (raw Whoosh; stock ts_rank over every match), and the targets."""
    def f(v):
        return "-" if v is None else f"{v:,g}"

    head = " | ".join(r.engine for r in results)
    lines = [f"| {results[0].articles:,} articles | {head} | target |",
             "|---|" + "---|" * len(results) + "---|"]

    def row(label, cells, target=""):
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")

    row("rebuild, articles/s", [f(r.indexing_articles_per_s) for r in results],
        " / ".join(f">= {INDEXING_TARGETS.get(r.engine, '?'):,}" for r in results))
    row("writer, queued updates, articles/s", [f(r.writer_articles_per_s) for r in results],
        "same")
    row("index size, MB", [f(r.index_size_mb) for r in results])
    for name in OPERATIONS:
        cells = []
        for r in results:
            op = next((o for o in r.operations if o.name == name), None)
            cells.append("-" if op is None else
                         f"{f(op.ours_p50_ms)} / {f(op.ours_p95_ms)} (anchor {f(op.raw_p95_ms)})")
        row(f"{name}, p50 / p95 ms", cells, TARGETS.get(name, ""))
    for page in results[0].pages:
        cells = []
        for r in results:
            other = next((p for p in r.pages if p.name == page.name), None)
            cells.append("-" if other is None else f"{f(other.p50_ms)} / {f(other.p95_ms)}")
        row(f"page: {page.name}, p50 / p95 ms", cells)
    return "\n".join(lines)


def write_json(results: list[BenchResult], path: Path | str) -> None:
    data = [asdict(r) for r in results]
    Path(path).write_text(json.dumps(data[0] if len(data) == 1 else data, indent=2,
                                     default=str) + "\n")


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

