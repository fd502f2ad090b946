"""Row 3, crashes injected: kill -9 of an import, of the index writer, of a rebuild and of a
gunicorn worker under `manage.py serve`, each at a point drawn from the seed, in one SQLite
archive that lives through all of them (several seeds: several rounds). After the rerun or
the restart the archive must be whole: the imported articles all there once each with their
capture and their mentions detected, the queue drained, the index saying exactly what the
database says (agreement.py), at most the generations kept, and the site answering."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from tests.killing import MANAGE, ROOT, archive_env, count, kill_once, rerun
from tests.pgcluster import free_port
from tests.processes import alive, children_of, status_of
from tests.reliability.child import in_child
from tests.reliability.table import Row, Scale

KINDS = ("import", "index writer", "rebuild", "gunicorn worker")


def _database() -> Path:
    from django.conf import settings

    return Path(settings.DATABASES["default"]["NAME"])


def _kill_after_line(command: list[str], wanted, delay: float, timeout: float = 300) -> str:
    """Run ``command``; once a line of its output satisfies ``wanted``, wait ``delay`` seconds
    and kill -9 it. The line (the point it was killed at)."""
    victim = subprocess.Popen(command, env={**os.environ, "PYTHONUNBUFFERED": "1"}, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = ""
    timer = threading.Timer(timeout, victim.kill)
    timer.start()
    try:
        for line in victim.stdout:
            if wanted(line):
                seen = line.strip()
                break
        time.sleep(delay)
        victim.send_signal(signal.SIGKILL)
    finally:
        timer.cancel()
        victim.stdout.close()
    status = victim.wait()
    if status != -signal.SIGKILL:
        raise AssertionError(f"{command[2]} ended ({status}) before it could be killed: {seen}")
    return seen


def _whole(extra: dict | None = None) -> dict:
    """The archive after recovery: queue drained by a writer (`index_writer --once`, taking
    the lock a killed writer held), the index against the database, /healthz."""
    from django.core.management import call_command
    from django.test import Client

    from archive.models import IndexTask
    from archive.search.location import PREFIX, index_root
    from tests.reliability.agreement import compare

    call_command("index_writer", "--once", stdout=open(os.devnull, "w"))  # noqa: SIM115
    agreement = compare()
    generations = len(list(index_root().glob(f"{PREFIX}*")))
    checks = {"lost": agreement.lost, "stale": agreement.stale, "extra": agreement.extra,
              "queued": IndexTask.objects.count(), "generations": generations,
              "healthz": Client().get("/healthz").status_code, **(extra or {}),
              "examples": agreement.examples}
    return checks


def _recovered(checks: dict) -> bool:
    from archive.search.location import KEEP_GENERATIONS

    expected = {k: v for k, v in checks.items() if k.startswith("expect ")}
    return (checks["lost"] == checks["stale"] == checks["extra"] == checks["queued"] == 0
            and checks["healthz"] == 200 and checks["generations"] <= KEEP_GENERATIONS + 1
            and all(checks[k.removeprefix("expect ")] == v for k, v in expected.items()))


def crash_import(scale: Scale, rng: random.Random, seed: int) -> dict:
    """Killed after a random number of articles; the rerun completes it (items 4 and 9)."""
    from django.conf import settings

    from archive.dev.ingest_bench import write_corpus

    n = scale.crash_articles
    corpus = write_corpus(Path(settings.DATA_DIR) / f"crash-{seed}.jsonl", n, seed=seed,
                          words_per_article=120)
    urls = [json.loads(line)["url"] for line in corpus.read_text().splitlines()]
    prefix = os.path.commonprefix(urls)
    command = [*MANAGE, "import_articles", str(corpus), "--batch-size", "20"]
    mine = f"FROM archive_article WHERE canonical_url LIKE '{prefix}%'"
    at = rng.randint(n // 10, n * 2 // 3)
    killed_at = kill_once(command, dict(os.environ), _database(), f"SELECT count(*) {mine}", at)
    rerun(command, dict(os.environ))
    db = _database()
    return {"killed at": f"{killed_at} of {n} articles", **_whole({
        "articles": count(db, f"SELECT count(*) {mine}"),
        "urls": count(db, f"SELECT count(DISTINCT canonical_url) {mine}"),
        "without capture": count(db, f"SELECT count(*) {mine} AND NOT EXISTS (SELECT 1 FROM "
                                     "archive_capture c WHERE c.article_id = archive_article.id)"),
        "undetected": count(db, f"SELECT count(*) {mine} AND mentions_detected_at IS NULL"),
        "expect articles": n, "expect urls": n, "expect without capture": 0,
        "expect undetected": 0})}


def _edit_titles(label: str, limit: int | None = None, pause: float = 0.0) -> int:
    """Edit every published article's title (or ``limit`` of them): a task each, queued in
    the data transaction as an admin save is."""
    from archive.models import Article

    done = 0
    for article in Article.objects.published().order_by("?")[:limit]:
        article.title = f"{article.title.split(' [', 1)[0]} [{label}]"
        article.save()
        done += 1
        time.sleep(pause)
    return done


def crash_writer(scale: Scale, rng: random.Random, seed: int) -> dict:
    """Killed while it applies a queue of edits, a random time after it started."""
    from django.db import connection

    edited = _edit_titles(f"writer {seed}")
    connection.close()
    delay = rng.uniform(0.0, max(0.3, edited / 800))  # ~ what applying them all takes
    seen = _kill_after_line([*MANAGE, "index_writer"], lambda line: "started" in line, delay)
    left = count(_database(), "SELECT count(*) FROM archive_indextask")
    return {"killed at": f"{delay:.2f} s after '{seen[:40]}', {edited - left} of {edited} "
                         "tasks applied", **_whole()}


def crash_rebuild(scale: Scale, rng: random.Random, seed: int) -> dict:
    """Killed after a random number of articles read (a few edits come in meanwhile, parked
    by the writer); the live index serves throughout, and the rerun builds it whole."""
    from django.db import connection

    from archive.models import Article
    from archive.search.location import live_index_dir

    total = Article.objects.published().count()
    threshold = rng.randint(50, max(50, total))
    connection.close()
    editing = threading.Thread(target=lambda: (_edit_titles(f"rebuild {seed}", 20, 0.05),
                                               connection.close()))
    editing.start()
    live = live_index_dir()
    seen = _kill_after_line(
        [*MANAGE, "rebuild_index", "--noinput", "-v2", "--batch-size", "50"],
        lambda line: "archive.article:" in line
        and int(line.split(":")[-1].split("/")[0]) >= threshold, rng.uniform(0, 0.3))
    editing.join()
    swapped = live_index_dir() != live
    before_rerun = _whole()
    rerun([*MANAGE, "rebuild_index", "--noinput", "-v0"], dict(os.environ))
    after = _whole({"before rerun exact": _recovered(before_rerun)})
    after["expect before rerun exact"] = True
    point = seen or "before its first batch"
    return {"killed at": f"{point} ({'after' if swapped else 'before'} its swap)", **after}


def crash_gunicorn_worker(scale: Scale, rng: random.Random, seed: int) -> dict:
    """One of two gunicorn workers killed under a stream of searches; its master starts
    another and the site answers (requests of the killed worker may fail)."""
    from django.conf import settings

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(Path(settings.DATA_DIR) / f"serve-{seed}.log", "w")  # noqa: SIM115
    serve = subprocess.Popen([*MANAGE, "serve", "--port", str(port), "--workers", "2"],
                             env={**os.environ, "DJANGO_DEBUG": "0"}, cwd=ROOT, stdout=log,
                             stderr=subprocess.STDOUT)
    answers: Counter = Counter()
    streaming = threading.Event()

    def stream() -> None:
        while streaming.is_set():
            try:
                answers[status_of(f"{base}/search/?q=gouvernement", timeout=10)] += 1
            except OSError as exc:
                answers[type(exc).__name__] += 1

    def workers() -> dict[int, str]:
        masters = [pid for pid, cmd in children_of(serve.pid).items() if "gunicorn" in cmd]
        return children_of(masters[0]) if masters else {}

    def wait(predicate, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if value := predicate():
                return value
            time.sleep(0.1)
        return None

    def answers_ok() -> bool:
        try:
            return status_of(f"{base}/healthz") == 200
        except OSError:
            return False

    try:
        if not wait(answers_ok, 120) or not wait(lambda: len(workers()) == 2, 60):
            raise AssertionError("the site did not come up under serve")
        streaming.set()
        reader = threading.Thread(target=stream, daemon=True)
        reader.start()
        time.sleep(rng.uniform(0.2, 2.0))
        before = workers()
        victim = rng.choice(sorted(before))
        os.kill(victim, signal.SIGKILL)
        replaced = wait(lambda: len(workers()) == 2 and victim not in workers()
                        and not alive(victim), 60)
        time.sleep(0.5)
        streaming.clear()
        reader.join(30)
        after = [status_of(f"{base}{path}") for path in ("/", "/search/?q=gouvernement",
                                                         "/healthz", "/api/search?q=loi")
                 for _ in range(3)]
        serve_alive = serve.poll() is None
    finally:
        streaming.clear()
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(30)
        except subprocess.TimeoutExpired:
            serve.kill()
        log.close()
    failed_during = sum(v for k, v in answers.items() if k != 200)
    return {"killed at": f"worker {victim} after {sum(answers.values())} requests",
            **_whole({"replaced": bool(replaced), "serve alive": serve_alive,
                      "answers after": sorted(set(after)),
                      "requests during": sum(answers.values()),
                      "failed during": failed_during,
                      "expect replaced": True, "expect serve alive": True,
                      "expect answers after": [200]})}


CRASHES = {"import": crash_import, "index writer": crash_writer, "rebuild": crash_rebuild,
           "gunicorn worker": crash_gunicorn_worker}


def work(scale: Scale) -> dict:
    import logging

    from archive.gazetteer.load import load_gazetteer

    logging.getLogger("archive").setLevel(logging.ERROR)
    load_gazetteer()
    results = []
    for seed in scale.crash_seeds:
        rng = random.Random(seed)
        for kind, crash in CRASHES.items():
            started = time.perf_counter()
            try:
                checks = crash(scale, rng, seed)
                recovered = _recovered(checks)
            except Exception as exc:  # the row says what went wrong
                checks, recovered = {"error": repr(exc)[:1000]}, False
            results.append({"kind": kind, "seed": seed, "recovered": recovered,
                            "seconds": round(time.perf_counter() - started, 1), **checks})
    return {"crashes": results}


def run(scale: Scale) -> Row:
    with tempfile.TemporaryDirectory(prefix="reliability-crashes-") as tmp:
        _, env = archive_env(Path(tmp))
        found = in_child("crashes", scale, env)["crashes"]
    recovered = sum(1 for c in found if c["recovered"])
    kinds = Counter(c["kind"] for c in found)
    failed = [f"{c['kind']} (seed {c['seed']})" for c in found if not c["recovered"]]
    measured = (f"{len(found)} injected ({', '.join(f'{k} x{v}' for k, v in kinds.items())}), "
                f"{recovered} recovered" + (f"; not: {', '.join(failed)}" if failed else ""))
    return Row("crashes injected / recovered", measured, "all recovered",
               recovered == len(found) and len(found) == len(KINDS) * len(scale.crash_seeds),
               details={"crashes": found})
