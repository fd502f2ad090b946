"""`make bench`'s driver against the real server on a tiny SQLite + Whoosh corpus (--quick):
the table and the JSON have their shape, and nothing failed."""

import json
import subprocess
import sys

import pytest

from archive.dev.http.driver import Target
from archive.dev.http.site import KINDS
from tests.serving.conftest import ROOT

pytestmark = pytest.mark.slow


def test_quick_bench_prints_the_table_and_writes_the_json(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "archive.dev.http", "--quick", "--articles", "80", "--config",
         "sqlite-whoosh", "--seconds", "1", "--data-dir", str(tmp_path / "bench"), "--json",
         str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    table = done.stdout
    assert "SQLite + Whoosh, 80 articles: gunicorn 2 x 4 threads (gthread); load average" \
        in table
    for label in ("search 2 words", "CSV 1,000 rows", "  first byte", "trivial alone",
                  "trivial, during the mix", "the whole mix", "RSS per worker"):
        assert label in table

    data = json.loads(out.read_text())
    assert data["machine"]["cpus"]
    (run,) = data["runs"]
    assert (run["config"], run["articles"]) == ("sqlite-whoosh", 80)
    phases = {p["name"]: p for p in run["phases"]}
    assert set(phases) == {f"{name}, {n}" for name in ("trivial alone", "search 2 words alone",
                                                       "mix")
                           for n in ("1 connection", "8 connections")}
    assert all(p["errors"] == 0 and p["requests"] > 0 for p in phases.values())
    mix = phases["mix, 1 connection"]["kinds"]
    assert set(mix) == set(KINDS)
    assert {"p50_ms", "p95_ms", "p99_ms", "first_byte_p95_ms", "requests_per_s"} <= \
        set(mix["CSV 1,000 rows"])
    workers = phases["mix, 8 connections"]["workers"]
    assert len(workers) == 2 and all(w["rss_mb"] > 0 for w in workers)


def test_the_driver_talks_to_loopback_only():
    with pytest.raises(ValueError, match="127.0.0.1"):
        Target(80, host="example.org")
