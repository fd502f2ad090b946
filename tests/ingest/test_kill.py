"""A killed import (kill -9) run again finishes the job with no duplicates and nothing
half-written. Runs the real command in a subprocess against its own SQLite file."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.dev.ingest_bench import write_corpus

ROOT = Path(__file__).resolve().parents[2]
N = 3000


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.mark.slow
def test_killed_import_reruns_to_completion_without_duplicates(tmp_path):
    db = tmp_path / "archive.sqlite3"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path / "var"),
           "ARCHIVE_INDEX_DIR": str(tmp_path / "var" / "index"),
           "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "archive.settings"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    corpus = write_corpus(tmp_path / "corpus.jsonl", N, words_per_article=300)
    command = [*manage, "import_articles", str(corpus), "--no-mentions", "--batch-size", "50"]

    victim = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    imported = 0
    while time.monotonic() < deadline and victim.poll() is None:
        imported = count(db, "SELECT count(*) FROM archive_article")
        if imported >= 300:
            break
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    assert victim.wait() == -signal.SIGKILL, "the import ended before it could be killed"
    assert 0 < imported < N

    rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "failed 0" in rerun.stdout

    assert count(db, "SELECT count(*) FROM archive_article") == N
    assert count(db, "SELECT count(DISTINCT canonical_url) FROM archive_article") == N
    assert count(db, "SELECT count(*) FROM archive_capture") == N
    assert count(db, "SELECT count(*) FROM archive_article a WHERE NOT EXISTS "
                     "(SELECT 1 FROM archive_capture c WHERE c.article_id = a.id)") == 0
    expected_links = sum(len(json.loads(line)["authors"])
                         for line in corpus.read_text(encoding="utf-8").splitlines())
    assert count(db, "SELECT count(*) FROM archive_articleauthor") == expected_links
    assert count(db, "SELECT count(*) FROM archive_historicalarticle") == N


@pytest.mark.slow
def test_killed_import_with_detection_reruns_to_detected_and_queued(tmp_path):
    """kill -9 mid-import (mentions on): the rerun leaves every article detected, with its
    mentions, and queued for indexing (issue 14, items 4 and 9)."""
    db = tmp_path / "archive.sqlite3"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path / "var"),
           "ARCHIVE_INDEX_DIR": str(tmp_path / "var" / "index"),
           "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "archive.settings"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "shell", "-c",
                    "from archive.gazetteer.load import load_gazetteer; load_gazetteer()"],
                   env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    n = 1500
    corpus = tmp_path / "names.jsonl"
    with open(corpus, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({
                "url": f"https://example.org/politique/{i}", "title": f"Débat numéro {i}",
                "date": "2022-03-01", "language": "fr",
                "body": f"Emmanuel Macron a répondu à Marine Le Pen lors du débat {i}. "
                        "La France insoumise a dénoncé une réforme injuste. " * 20,
            }, ensure_ascii=False) + "\n")
    command = [*manage, "import_articles", str(corpus), "--batch-size", "20"]
    victim = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    imported = 0
    while time.monotonic() < deadline and victim.poll() is None:
        imported = count(db, "SELECT count(*) FROM archive_article")
        if imported >= 200:
            break
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    assert victim.wait() == -signal.SIGKILL, "the import ended before it could be killed"
    assert 0 < imported < n

    rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert count(db, "SELECT count(*) FROM archive_article") == n
    assert count(db, "SELECT count(*) FROM archive_article "
                     "WHERE mentions_detected_at IS NULL") == 0
    assert count(db, "SELECT count(*) FROM archive_article a WHERE NOT EXISTS (SELECT 1 FROM "
                     "archive_mention m WHERE m.article_id = a.id AND m.figure_id IS NOT NULL)"
                 ) == 0
    assert count(db, "SELECT count(DISTINCT object_id) FROM archive_indextask") == n
