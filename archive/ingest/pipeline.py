"""The one way articles enter the archive: `ingest`.

`import_articles`, `load_defaults` and web capture all call it. For each article it
imports the capture (new article, new version or unchanged; see `service`), detects its
mentions and queues one index update, all in the batch's transaction: a process killed at any
point leaves whole batches (articles, captures, mentions, IndexTask rows) or nothing, and
running the same ingest again completes what is missing, including the detection of articles
an earlier run imported without it.

    from archive.ingest.pipeline import ingest
    report = ingest(["page.html", "dump/"], publication="le-monde")
    report = ingest([parsed_article])            # items a reader or capture already parsed
    report.created, report.updated, report.unchanged, report.failed  # lists of Outcome
    report.outcomes                               # every Outcome in input order
    str(report.mentions)                          # what detection did
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from archive.ingest.dates import parse_date_hint
from archive.ingest.formats import FORMATS, read_source
from archive.ingest.parsed import ParsedArticle, ParseFailure, Skipped
from archive.ingest.report import FAILED, SKIPPED, ImportReport, Outcome
from archive.ingest.service import ImportContext, describe_error, import_items
from archive.ingest.sources import expand_paths
from archive.planner_stats import analyze_if_grown

Progress = Callable[[Outcome], None]
DEFAULT_BATCH = 200
MAX_BATCH_SECONDS = 1.0  # slow sources (HTML pages) commit at least this often


def ingest(
    inputs: Iterable[str | Path | ParsedArticle],
    *,
    format: str = "auto",
    publication: str | None = None,
    url: str | None = None,
    date_hint: dt.date | str | None = None,
    detect: bool = True,
    progress: Progress | None = None,
    batch_size: int = DEFAULT_BATCH,
    synthetic: bool = False,
    stdin: BinaryIO | None = None,
) -> ImportReport:
    """Import `inputs` (files, folders, globs, "-" for `stdin`, or ParsedArticle items),
    detect mentions (unless `detect=False`) and queue index updates, once per article.

    `publication` (a slug) and `date_hint` (a date, or "YYYY[-MM[-DD]]", used as an estimated
    date) apply to every article; `url` is the canonical URL of a page that gives none.
    Never raises for bad input: every problem is a failed Outcome naming the file (and line
    or offset) and the reason. Raises ValueError for an unknown `format` or a bad hint."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    if isinstance(date_hint, str):
        date_hint = parse_date_hint(date_hint)
    ctx = ImportContext(publication_slug=publication, date_hint=date_hint, synthetic=synthetic,
                        detect=detect)
    report = ImportReport()
    if detect:
        report.mentions = ctx.mentions
    batch: list[ParsedArticle] = []
    batch_started = time.monotonic()

    def emit(outcome: Outcome) -> None:
        report.add(outcome)
        if progress is not None:
            progress(outcome)

    def flush() -> None:
        if batch:
            for outcome in import_items(batch, ctx):
                emit(outcome)
            batch.clear()

    def take(found: ParsedArticle | ParseFailure | Skipped) -> None:
        nonlocal batch_started
        if isinstance(found, ParsedArticle):
            if not batch:
                batch_started = time.monotonic()
            batch.append(found)
            if (len(batch) >= max(1, batch_size)
                    or time.monotonic() - batch_started > MAX_BATCH_SECONDS):
                flush()
        elif isinstance(found, Skipped):
            emit(Outcome(SKIPPED, found.label, reason=found.reason))
        else:
            emit(Outcome(FAILED, found.label, reason=found.reason))

    items = [i for i in inputs]
    paths = [str(i) for i in items if not isinstance(i, ParsedArticle)]
    for item in items:
        if isinstance(item, ParsedArticle):
            take(item)
    sources = list(expand_paths(paths, stdin=stdin)) if paths else []
    if hasattr(progress, "begin"):
        progress.begin(len(sources))
    for number, source in enumerate(sources, 1):
        if hasattr(progress, "advance"):
            progress.advance(number - 1)
        if isinstance(source, ParseFailure):
            emit(Outcome(FAILED, source.label, reason=source.reason))
            continue
        try:
            for found in read_source(source, format, url=url):
                take(found)
        except Exception as exc:  # a reader bug or an unreadable file: report, go on
            emit(Outcome(FAILED, source.label, reason=describe_error(exc)))
    flush()
    if hasattr(progress, "advance"):
        progress.advance(len(sources))
    analyze_if_grown()
    return report
