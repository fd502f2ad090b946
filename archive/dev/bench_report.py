"""What ``manage.py benchmark`` measured: the result records, their tables (one engine, both
side by side against issue 12's targets) and their JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: The query mix (archive/dev/query_mix.py), in the tables' order.
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
    #: The same queued updates with their texts unchanged (a detection run).
    writer_unchanged_articles_per_s: float | None = None
    serving_peak_rss_mb: float | None = None
    operations: list[OpTiming] = field(default_factory=list)
    pages: list[PageTiming] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


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
        f"({f(result.writer_updates)} incremental updates; texts unchanged: "
        f"{f(result.writer_unchanged_articles_per_s)} articles/s)",
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
    row("writer, the same with texts unchanged", [f(r.writer_unchanged_articles_per_s)
                                                   for r in results])
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
