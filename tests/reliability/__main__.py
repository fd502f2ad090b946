"""`make reliability`: every row at full scale (or `--quick`), one table on stdout, the
figures as JSON (var/reliability.json or --json PATH); exit status 1 when a row fails its
bar. `--only fuzz,deploy` runs some rows."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from tests.reliability import backups, concurrency, crashes, deploy, fuzz, hostile_files
from tests.reliability.table import FULL, QUICK, render, timed, write_json

ROWS = {"fuzz": fuzz.run, "concurrency-sqlite": partial(concurrency.run, database="sqlite"),
        "concurrency-postgresql": partial(concurrency.run, database="postgresql"),
        "crashes": crashes.run, "hostile": hostile_files.run, "deploy": deploy.run,
        "backups": backups.run}
ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the fast scale of `make test`")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "reliability.json")
    parser.add_argument("--only", default="", help=f"comma-separated: {', '.join(ROWS)}")
    args = parser.parse_args(argv)
    scale = QUICK if args.quick else FULL
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(ROWS)
    unknown = set(chosen) - set(ROWS)
    if unknown:
        parser.error(f"unknown rows: {', '.join(sorted(unknown))}")
    rows = []
    for name in chosen:
        print(f"... {name}", file=sys.stderr, flush=True)
        rows.append(timed(name, ROWS[name], scale))
    print(render(rows, scale))
    write_json(rows, scale, args.json)
    print(f"figures written to {args.json}")
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
