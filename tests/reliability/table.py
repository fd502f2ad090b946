"""The rows of `make reliability`, their scales, and the table and JSON they make."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class Scale:
    """How hard each row tries. QUICK is the fast subset of `make test`; FULL is the issue's."""

    name: str
    fuzz_requests: int
    fuzz_articles: int
    concurrency_articles: int
    concurrency_imports: int
    concurrency_edits: int
    concurrency_rebuilds: int
    crash_seeds: tuple[int, ...]
    crash_articles: int
    hostile_expanded: int
    hostile_page: int
    backup_articles: int


QUICK = Scale("quick", fuzz_requests=500, fuzz_articles=150, concurrency_articles=150,
              concurrency_imports=150, concurrency_edits=60, concurrency_rebuilds=1,
              crash_seeds=(1,), crash_articles=300, hostile_expanded=24 * MB,
              hostile_page=2 * MB, backup_articles=300)
FULL = Scale("full", fuzz_requests=10_000, fuzz_articles=400, concurrency_articles=1000,
             concurrency_imports=1000, concurrency_edits=400, concurrency_rebuilds=3,
             crash_seeds=(1, 2, 3), crash_articles=2000, hostile_expanded=512 * MB,
             hostile_page=7 * MB, backup_articles=10_000)
SCALES = {s.name: s for s in (QUICK, FULL)}


@dataclass
class Row:
    """One line of the table: what was tried, what came out, the bar, and whether it holds."""

    name: str
    measured: str
    bar: str
    ok: bool
    seconds: float = 0.0
    details: dict = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return "ok" if self.ok else "FAIL"


def timed(name: str, run: Callable[[Scale], Row], scale: Scale) -> Row:
    """Runs one row; a row that raises is a failed row that says what it raised."""
    started = time.perf_counter()
    try:
        row = run(scale)
    except Exception as exc:  # the table reports it; the other rows still run
        row = Row(name, f"error: {exc!r}"[:300], "runs to the end", False)
    row.seconds = round(time.perf_counter() - started, 1)
    return row


def render(rows: list[Row], scale: Scale) -> str:
    headers = ("row", "measured", "bar", "", "s")
    lines = [(r.name, r.measured, r.bar, r.verdict, f"{r.seconds:.0f}") for r in rows]
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *lines, strict=True)]

    def line(cells) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) \
            + " |"

    out = [f"make reliability ({scale.name} scale)", line(headers),
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(cells) for cells in lines]
    total = sum(r.seconds for r in rows)
    failed = [r.name for r in rows if not r.ok]
    out.append(f"{len(rows) - len(failed)}/{len(rows)} rows hold their bar in {total:.0f} s"
               + (f"; failed: {', '.join(failed)}" if failed else ""))
    return "\n".join(out)


def write_json(rows: list[Row], scale: Scale, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"scale": asdict(scale), "ok": all(r.ok for r in rows),
                                "rows": [asdict(r) | {"verdict": r.verdict} for r in rows]},
                               indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
