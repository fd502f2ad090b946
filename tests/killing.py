"""kill -9 tests: a management command in a subprocess against its own SQLite file, killed
once the database holds enough rows, then run again."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def count(db: Path, sql: str) -> int:
    """One number from the database (0 while its tables do not exist yet)."""
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


MANAGE = [sys.executable, str(ROOT / "manage.py")]


def archive_env(tmp_path: Path, **settings: str) -> tuple[Path, dict]:
    """(SQLite file, environment) of an archive of its own under ``tmp_path`` (data, index
    and database there); ``settings`` override, e.g. DATABASE_URL for PostgreSQL."""
    db = tmp_path / "archive.sqlite3"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path / "var"),
           "ARCHIVE_INDEX_DIR": str(tmp_path / "var" / "index"),
           "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "archive.settings",
           **settings}
    return db, env


def migrated(tmp_path: Path, **settings: str) -> tuple[Path, dict, list[str]]:
    """(database file, environment, `manage.py` command) of a fresh migrated archive."""
    db, env = archive_env(tmp_path, **settings)
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    return db, env, list(MANAGE)


def kill_once(command: list[str], env: dict, db: Path, sql: str, at_least: int,
              timeout: float = 120) -> int:
    """Run `command`, kill -9 it as soon as `sql` counts `at_least` rows; that count."""
    victim = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    seen = 0
    while time.monotonic() < deadline and victim.poll() is None:
        seen = count(db, sql)
        if seen >= at_least:
            break
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    assert victim.wait() == -signal.SIGKILL, "the command ended before it could be killed"
    return seen


def rerun(command: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done
