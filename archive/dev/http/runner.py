"""One run of ``make bench``: for each corpus size and configuration, the corpus and its index
made (or reused) under the data directory, the real server started on loopback, the driver's
phases, the figures."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.dev.http import driver, postgres
from archive.dev.http.report import ConfigFigures, summarise
from archive.dev.http.server import serving
from archive.dev.http.site import KINDS
from archive.dev.search_bench import isolated_env

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Configuration:
    name: str
    label: str
    database: str  # sqlite | postgres
    engine: str  # whoosh | postgres


CONFIGURATIONS = (
    Configuration("sqlite-whoosh", "SQLite + Whoosh", "sqlite", "whoosh"),
    Configuration("postgres-whoosh", "PostgreSQL + Whoosh", "postgres", "whoosh"),
    Configuration("postgres-postgres", "PostgreSQL + PostgreSQL engine", "postgres",
                  "postgres"),
)


@dataclass
class Plan:
    sizes: tuple[int, ...]
    configurations: tuple[Configuration, ...]
    data_dir: Path
    seconds: float = 20.0
    seed: int = 1
    workers: str | None = None
    threads: str | None = None


def _child(argv: list[str], env: dict, what: str) -> str:
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise RuntimeError(f"{what} failed (status {done.returncode}):\n"
                           f"{(done.stderr or done.stdout)[-3000:]}")
    return done.stdout


def _site(action: str, env: dict, articles: int = 0, seed: int = 1) -> dict:
    out = _child([sys.executable, "-m", "archive.dev.http.site", action, "--articles",
                  str(articles), "--seed", str(seed)], env, f"{action} ({env['DATABASE_URL']})")
    return json.loads(out.strip().splitlines()[-1])


def _indexed(env: dict) -> int:
    """Documents in the configured engine's index (0 if there is none yet)."""
    code = ("from haystack.query import SearchQuerySet\n"
            "try:\n    print(SearchQuerySet().count())\n"
            "except Exception:\n    print(0)\n")
    try:
        out = _child([sys.executable, str(ROOT / "manage.py"), "shell", "-c", code], env,
                     "counting the index")
        return int(out.strip().splitlines()[-1])
    except (RuntimeError, ValueError, IndexError):
        return 0


def prepare(config: Configuration, env: dict, articles: int, seed: int,
            log: Callable[[str], None]) -> list[str]:
    """Corpus of ``articles`` and its index for ``config``; notes on what was done."""
    started = time.perf_counter()
    state = _site("prepare", env, articles, seed)
    notes = []
    if state["created"]:
        notes.append(f"corpus: {state['created']:,} articles generated in "
                     f"{time.perf_counter() - started:.0f} s")
    count = _indexed(env)
    if count != state["articles"]:
        log(f"  indexing {state['articles']:,} articles ({config.engine}; index has {count:,})")
        started = time.perf_counter()
        _child([sys.executable, str(ROOT / "manage.py"), "rebuild_index", "--noinput",
                "--batch-size", "1000"], env, "rebuild_index")
        notes.append(f"index ({config.engine}) built in {time.perf_counter() - started:.0f} s")
    return notes


def mix_of(urls: dict[str, list[str]], kinds=KINDS) -> list[tuple[str, str]]:
    """Round robin over the kinds, each kind cycling through its inputs."""
    kinds = [k for k in kinds if urls.get(k)]
    longest = max(len(urls[k]) for k in kinds)
    return [(k, urls[k][i % len(urls[k])]) for i in range(longest) for k in kinds]


def measure(config: Configuration, env: dict, articles: int, plan: Plan, log_path: Path,
            log: Callable[[str], None]) -> ConfigFigures:
    urls = _site("inputs", env)
    missing = [k for k in KINDS if not urls.get(k)]
    mix = mix_of(urls)
    seconds = plan.seconds
    with serving(env, log_path, workers=plan.workers, threads=plan.threads) as server:
        target = driver.Target(server.port)
        workers = len(server.worker_pids())
        figures = ConfigFigures(
            config=config.name, label=config.label, articles=articles,
            server={"worker_class": "gthread", "workers": workers,
                    "threads": int(plan.threads or env.get("ARCHIVE_WEB_THREADS") or 4)},
            load_average=[round(x, 2) for x in os.getloadavg()])
        if missing:
            figures.notes.append("no inputs for: " + ", ".join(missing))
        # Warm-up: every URL once per worker (not recorded), as readers' first visits.
        warm = driver.run(target, mix, connections=max(workers, 1), seconds=600,
                          name="warm-up", per_connection=len(mix))
        cold_errors = sum(1 for s in warm.samples if s.error)
        if cold_errors:
            figures.notes.append(f"warm-up: {cold_errors} errors, first: "
                                 + next(s.error for s in warm.samples if s.error))
        trivial = [("trivial", urls["trivial"][0])]
        search = [("search 2 words", u) for u in urls["search 2 words"]]
        phases = [("trivial alone", trivial, seconds / 2),
                  ("search 2 words alone", search, seconds / 2),
                  ("mix", mix, seconds)]
        for name, work, duration in phases:
            for connections in (1, 8):
                label = f"{name}, {connections} connection" + ("s" if connections > 1 else "")
                phase = driver.run(target, work, connections=connections, seconds=duration,
                                   name=label, at_least=len({kind for kind, _ in work}))
                figures.phases.append(summarise(phase, server.worker_memory()))
                log(f"  {label}: {len(phase.samples)} requests, "
                    f"{figures.phases[-1].errors} errors")
        figures.load_average = [round(x, 2) for x in os.getloadavg()]
    return figures


@contextlib.contextmanager
def _postgres(plan: Plan) -> Iterator[str | None]:
    if not any(c.database == "postgres" for c in plan.configurations):
        yield None
        return
    with postgres.cluster(plan.data_dir / "postgres") as base_url:
        yield base_url


def environment(config: Configuration, articles: int, plan: Plan,
                pg_url: str | None) -> dict:
    directory = plan.data_dir / f"{config.database}-{articles}"
    directory.mkdir(parents=True, exist_ok=True)
    url = None
    if config.database == "postgres":
        url = postgres.ensure_database(pg_url, f"archive_{articles}")
    env = isolated_env(directory, url)
    env.pop("ARCHIVE_BENCHMARK_FRESH_DB", None)
    env.update({"ARCHIVE_SEARCH_ENGINE": config.engine, "DJANGO_SETTINGS_MODULE":
                "archive.settings", "DJANGO_DEBUG": "0"})
    return env


def run(plan: Plan, log: Callable[[str], None] = print) -> list[ConfigFigures]:
    results = []
    with _postgres(plan) as pg_url:
        for articles in plan.sizes:
            for config in plan.configurations:
                log(f"{config.label}, {articles:,} articles")
                env = environment(config, articles, plan, pg_url)
                notes = prepare(config, env, articles, plan.seed, log)
                figures = measure(config, env, articles, plan,
                                  plan.data_dir / f"{config.name}-{articles}.log", log)
                figures.notes[:0] = notes
                results.append(figures)
    return results
