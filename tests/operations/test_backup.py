"""Backups restore: a round trip gives identical table counts and identical search results
(on whichever database the suite runs: SQLite, then PostgreSQL); a SQLite backup taken during
an import is consistent; a bad backup is refused with its reason."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from haystack import connections

from archive.backup import BackupError, backup, prune, restore, table_counts
from archive.dev.corpus import generate
from archive.search.rebuild import rebuild
from tests.snapshots import bad_day, search_results

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
ARTICLES = 2000


@pytest.fixture
def index_root(tmp_path, settings):
    from archive.search.whoosh_index import close_all

    root = tmp_path / "index"
    settings.HAYSTACK_CONNECTIONS = {
        **settings.HAYSTACK_CONNECTIONS,
        "default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(root)},
    }
    connections.reload("default")
    yield root
    close_all()
    connections.reload("default")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_identical_counts_and_search_results(gazetteer, index_root,
                                                              tmp_path):
    generate(ARTICLES, seed=5)
    rebuild()
    counts, results = table_counts(), search_results()
    assert counts["archive_article"] == ARTICLES
    assert any(total > 0 for _, total, *_ in results)

    report = backup(tmp_path / "backups")
    assert report.path.is_file() and report.counts == counts
    manifest = json.loads(Path(f"{report.path}.json").read_text())
    assert manifest["counts"] == counts

    bad_day()
    assert table_counts() != counts and search_results() != results

    restored = restore(report.path)
    assert restored.counts == counts
    assert table_counts() == counts
    assert search_results() == results


@pytest.mark.django_db(transaction=True)
def test_keep_prunes_older_backups(tmp_path):
    made = [backup(tmp_path).path for _ in range(3)]
    assert prune(tmp_path, keep=3, suffix=made[0].suffix) == []
    report = backup(tmp_path, keep=2)
    remaining = sorted(p.name for p in tmp_path.iterdir())
    assert len(report.removed) == 2
    assert remaining == sorted([made[2].name, f"{made[2].name}.json", report.path.name,
                                f"{report.path.name}.json"])


@pytest.mark.django_db
def test_restore_refuses_a_missing_file_or_another_engines_backup(tmp_path):
    with pytest.raises(BackupError, match="no backup at"):
        restore(tmp_path / "nothing.sqlite3")
    other = tmp_path / "archive-x.pgdump"
    other.write_bytes(b"PGDMP")
    from django.db import connection

    foreign = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    Path(f"{other}.json").write_text(json.dumps({"engine": foreign, "counts": {}}))
    with pytest.raises(BackupError, match=f"is a {foreign} backup"):
        restore(other)


def _table_count(db: Path) -> int:
    """Articles in a live database (0 while its table is not there yet)."""
    try:
        return _sqlite_count(db, "SELECT count(*) FROM archive_article")
    except sqlite3.OperationalError:
        return 0


def _sqlite_count(path: Path, sql: str) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.mark.slow
def test_sqlite_backups_during_an_import_are_consistent_and_restore(tmp_path):
    from archive.dev.ingest_bench import write_corpus

    var = tmp_path / "var"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(var), "ARCHIVE_INDEX_DIR": str(var / "index"),
           "DATABASE_URL": f"sqlite:///{var / 'archive.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "archive.settings"}
    var.mkdir()
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    total = 4000  # a few seconds of import: longer than a backup command's start-up
    corpus = write_corpus(tmp_path / "corpus.jsonl", total, words_per_article=150)
    importer = subprocess.Popen([*MANAGE, "import_articles", str(corpus), "--no-mentions",
                                 "--batch-size", "50"], env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    backups = []
    db = var / "archive.sqlite3"
    try:
        # Backups start once the import has committed something (a backup before its first
        # batch, or after its last, proves nothing), and go on until one lands mid-import.
        while importer.poll() is None and not 0 < _table_count(db) < total:
            time.sleep(0.05)
        while importer.poll() is None and len(backups) < 6 and not any(
                0 < _sqlite_count(b, "SELECT count(*) FROM archive_article") < total
                for b in backups):
            result = subprocess.run([*MANAGE, "backup", "--output", str(tmp_path / "b")],
                                    env=env, cwd=ROOT, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            backups.append(Path(result.stdout.split("Backup written to ", 1)[1].split(" (")[0]))
            time.sleep(0.5)
    finally:
        importer.wait(300)
    assert backups, "the import ended before a backup could be taken"
    partial = [b for b in backups
               if 0 < _sqlite_count(b, "SELECT count(*) FROM archive_article") < total]
    assert partial, "no backup was taken in the middle of the import"
    for path in backups:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        articles = _sqlite_count(path, "SELECT count(*) FROM archive_article")
        captured = _sqlite_count(path, "SELECT count(DISTINCT article_id) FROM archive_capture")
        assert articles == captured  # no article without its capture: one moment, whole
        manifest = json.loads(Path(f"{path}.json").read_text())
        assert manifest["counts"]["archive_article"] == articles

    # A mid-import backup restores into another data directory, counts checked, index built.
    fresh = tmp_path / "fresh"
    fresh_env = {**env, "ARCHIVE_DATA_DIR": str(fresh), "ARCHIVE_INDEX_DIR": str(fresh / "index"),
                 "DATABASE_URL": f"sqlite:///{fresh / 'archive.sqlite3'}"}
    fresh.mkdir()
    subprocess.run([*MANAGE, "migrate", "-v0"], env=fresh_env, check=True, cwd=ROOT)
    result = subprocess.run([*MANAGE, "restore", str(partial[0])], env=fresh_env, cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "counts match the manifest" in result.stdout
    expected = _sqlite_count(partial[0], "SELECT count(*) FROM archive_article")
    assert _sqlite_count(fresh / "archive.sqlite3",
                         "SELECT count(*) FROM archive_article") == expected


def test_restore_refuses_a_file_that_is_not_a_database(tmp_path):
    bogus = tmp_path / "archive-bogus.sqlite3"
    bogus.write_bytes(b"not a database at all" * 100)
    result = subprocess.run([*MANAGE, "restore", str(bogus)], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ,
                                            "ARCHIVE_DATA_DIR": str(tmp_path / "var"),
                                            "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"})
    assert result.returncode != 0
    assert "is not a SQLite database" in result.stderr
