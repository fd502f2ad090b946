"""How the import command shows its progress: a bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import time

from archive.ingest.report import FAILED, SKIPPED, ImportReport, Outcome

LABELS = {"created": "created", "updated": "new version", "unchanged": "unchanged",
          "failed": "FAILED", "skipped": "skipped"}


class ProgressPrinter:
    """Called with each Outcome. On a terminal it redraws one status line (at most ten times a
    second); otherwise it writes one line per article and per failure."""

    def __init__(self, out, err, *, tty: bool, verbosity: int = 1) -> None:
        self.out, self.err, self.tty, self.verbosity = out, err, tty, verbosity
        self.counts = dict.fromkeys(LABELS, 0)
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.files_total = 0
        self.files_done = 0

    def begin(self, files: int) -> None:
        self.files_total = files

    def advance(self, files_done: int) -> None:
        self.files_done = files_done
        if self.tty:
            self._draw()

    def __call__(self, outcome: Outcome) -> None:
        self.counts[outcome.kind] += 1
        if outcome.kind == FAILED:
            self._clear()
            self.err.write(f"failed: {outcome.label}: {outcome.reason}")
        for warning in outcome.warnings:
            self._clear()
            self.err.write(f"warning: {outcome.label}: {warning}")
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw > 0.1:
                self.last_draw = now
                self._draw()
        elif self.verbosity >= 1 and outcome.kind not in (FAILED, SKIPPED):
            article = f" (article {outcome.article_id})" if outcome.article_id else ""
            self.out.write(f"{LABELS[outcome.kind]}: {outcome.label}{article}")
        elif self.verbosity >= 2 and outcome.kind == SKIPPED:
            self.out.write(f"skipped: {outcome.label}: {outcome.reason}")

    def _draw(self) -> None:
        done = sum(v for k, v in self.counts.items() if k != SKIPPED)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        share = self.files_done / self.files_total if self.files_total else 0.0
        filled = int(24 * share)
        bar = "#" * filled + "-" * (24 - filled)
        status = ("  ".join(f"{LABELS[k]} {v}" for k, v in self.counts.items() if v)
                  or "starting")
        self.out.write(f"\r[{bar}] {self.files_done}/{self.files_total} files, {done} articles, "
                       f"{rate:.0f}/s  {status}\033[K", ending="")
        self.out.flush()

    def _clear(self) -> None:
        if self.tty:
            self.out.write("\r\033[K", ending="")

    def finish(self, report: ImportReport) -> None:
        if self.tty:
            self._draw()
            self.out.write("")
        elapsed = time.monotonic() - self.started
        self.out.write(f"{report.summary()} in {elapsed:.1f}s")
        if report.failed:
            self.err.write(f"{len(report.failed)} failed:")
            for outcome in report.failed:
                self.err.write(f"  {outcome.label}: {outcome.reason}")
