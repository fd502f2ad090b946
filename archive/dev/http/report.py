"""Figures of a driver phase per kind of request, the table per configuration, the JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from archive.dev.bench_timing import percentile
from archive.dev.http.driver import Phase
from archive.dev.http.site import KINDS


@dataclass
class KindFigures:
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    first_byte_p50_ms: float
    first_byte_p95_ms: float
    requests_per_s: float
    mean_bytes: int
    first_error: str = ""


@dataclass
class PhaseFigures:
    name: str
    connections: int
    seconds: float
    requests: int
    errors: int
    requests_per_s: float
    kinds: dict[str, KindFigures]
    workers: list[dict] = field(default_factory=list)


@dataclass
class ConfigFigures:
    config: str
    label: str
    articles: int
    server: dict
    load_average: list[float]
    phases: list[PhaseFigures] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _r(value: float) -> float:
    return round(value, 1)


def summarise(phase: Phase, workers: list[dict]) -> PhaseFigures:
    by_kind: dict[str, list] = {}
    for sample in phase.samples:
        by_kind.setdefault(sample.kind, []).append(sample)
    kinds = {}
    for kind, samples in by_kind.items():
        totals = [s.total_ms for s in samples]
        firsts = [s.first_byte_ms for s in samples]
        errors = [s for s in samples if s.error]
        kinds[kind] = KindFigures(
            requests=len(samples), errors=len(errors),
            p50_ms=_r(percentile(totals, 0.5)), p95_ms=_r(percentile(totals, 0.95)),
            p99_ms=_r(percentile(totals, 0.99)),
            first_byte_p50_ms=_r(percentile(firsts, 0.5)),
            first_byte_p95_ms=_r(percentile(firsts, 0.95)),
            requests_per_s=round(len(samples) / phase.seconds, 2) if phase.seconds else 0.0,
            mean_bytes=sum(s.size for s in samples) // len(samples),
            first_error=errors[0].error if errors else "")
    total = len(phase.samples)
    return PhaseFigures(
        name=phase.name, connections=phase.connections, seconds=round(phase.seconds, 1),
        requests=total, errors=sum(k.errors for k in kinds.values()),
        requests_per_s=round(total / phase.seconds, 2) if phase.seconds else 0.0,
        kinds=kinds, workers=workers)


def _f(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if isinstance(value, float) and value >= 100 else f"{value:g}"


def format_table(figures: ConfigFigures) -> str:
    phases = {p.name: p for p in figures.phases}
    one, eight = phases.get("mix, 1 connection"), phases.get("mix, 8 connections")
    server = figures.server
    lines = [
        f"{figures.label}, {figures.articles:,} articles: gunicorn {server['workers']} x "
        f"{server['threads']} threads ({server['worker_class']}); load average "
        + " ".join(f"{x:.2f}" for x in figures.load_average),
        f"  {'':26} {'1 connection':>15}   {'8 connections (the mix)':>39}",
        f"  {'request':26} {'p50':>7} {'p95':>7}   {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'req/s':>7} {'errors':>6}  (ms)",
    ]

    def row(name: str, a, b, *, first_byte: bool = False) -> str:
        pick = ("first_byte_p50_ms", "first_byte_p95_ms", "first_byte_p95_ms") if first_byte \
            else ("p50_ms", "p95_ms", "p99_ms")
        cells = [getattr(a, pick[0]) if a else None, getattr(a, pick[1]) if a else None]
        cells += [getattr(b, pick[0]) if b else None, getattr(b, pick[1]) if b else None,
                  None if first_byte or not b else b.p99_ms]
        rps = None if first_byte or not b else b.requests_per_s
        errors = None if first_byte or not (a or b) else (a.errors if a else 0) + (
            b.errors if b else 0)
        return (f"  {name:26} {_f(cells[0]):>7} {_f(cells[1]):>7}   {_f(cells[2]):>7} "
                f"{_f(cells[3]):>7} {_f(cells[4]):>7} {_f(rps):>7} {_f(errors):>6}")

    for kind in KINDS:
        a = one.kinds.get(kind) if one else None
        b = eight.kinds.get(kind) if eight else None
        if a is None and b is None:
            continue
        label = "trivial, during the mix" if kind == "trivial" else kind
        lines.append(row(label, a, b))
        if kind.startswith("CSV"):
            lines.append(row("  first byte", a, b, first_byte=True))
    for name in ("trivial alone", "search 2 words alone"):
        a, b = phases.get(f"{name}, 1 connection"), phases.get(f"{name}, 8 connections")
        kind = "trivial" if name.startswith("trivial") else "search 2 words"
        if a or b:
            lines.append(row(name, a and a.kinds.get(kind), b and b.kinds.get(kind)))
    if eight:
        lines.append(f"  {'the whole mix':26} {'':>7} {'':>7}   {'':>7} {'':>7} {'':>7} "
                     f"{_f(eight.requests_per_s):>7} {_f(eight.errors):>6}")
        memory = ", ".join(f"{w['rss_mb']:g} MB (peak {w['peak_rss_mb']:g})"
                           for w in eight.workers)
        lines.append(f"  RSS per worker after the mix: {memory or '-'}")
    lines += [f"  note: {note}" for note in figures.notes]
    return "\n".join(lines)


def write_json(results: list[ConfigFigures], machine: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"machine": machine, "runs": [asdict(r) for r in results]},
                               indent=2) + "\n")
