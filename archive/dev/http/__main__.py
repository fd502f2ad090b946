"""``python -m archive.dev.http [--articles N]... [--config NAME]... [--quick]``
(what ``make bench`` runs)."""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

from archive.dev.http.report import format_table, write_json
from archive.dev.http.runner import CONFIGURATIONS, ROOT, Plan, run

SIZES = (10_000, 100_000)


def machine() -> dict:
    info = {"python": platform.python_version(), "cpus": os.cpu_count(),
            "platform": platform.platform()}
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            info["cpu"] = line.split(":", 1)[1].strip()
            break
    return info


def parse(argv: list[str] | None) -> argparse.Namespace:
    names = [c.name for c in CONFIGURATIONS]
    parser = argparse.ArgumentParser(prog="python -m archive.dev.http", description=(
        "The archive over HTTP under 1 and 8 concurrent connections (docs/performance.md)."))
    parser.add_argument("--articles", type=int, action="append", metavar="N",
                        help="corpus size (repeatable; default 10000 and 100000, "
                             "--quick: 1000)")
    parser.add_argument("--config", action="append", choices=names, metavar="NAME",
                        help=f"configuration (repeatable; default all: {', '.join(names)})")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench",
                        help="corpora, indexes and the PostgreSQL cluster, reused by the next "
                             "run (default var/bench/)")
    parser.add_argument("--seconds", type=float, help="length of a mix phase (default 20; "
                        "--quick: 2); the trivial and search-alone phases take half")
    parser.add_argument("--quick", action="store_true", help="short phases, a small corpus")
    parser.add_argument("--json", type=Path, help="write the figures here (default "
                        "DATA_DIR/bench.json)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", help="gunicorn processes (default: the configuration's)")
    parser.add_argument("--threads", help="threads per process (default: the configuration's)")
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.articles or ()):
        parser.error("--articles must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    sizes = tuple(args.articles or ((1000,) if args.quick else SIZES))
    configs = tuple(c for c in CONFIGURATIONS if not args.config or c.name in args.config)
    data_dir = args.data_dir.resolve()
    plan = Plan(sizes=sizes, configurations=configs, data_dir=data_dir,
                seconds=args.seconds or (2.0 if args.quick else 20.0), seed=args.seed,
                workers=args.workers, threads=args.threads)
    results = run(plan, log=lambda line: print(line, file=sys.stderr, flush=True))
    for figures in results:
        print(format_table(figures) + "\n")
    path = args.json or data_dir / "bench.json"
    write_json(results, machine(), path)
    print(f"figures written to {path}")
    errors = sum(p.errors for r in results for p in r.phases)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
