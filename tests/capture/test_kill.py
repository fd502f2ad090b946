"""A capture killed with -9 and run again finishes the job: no duplicate article, no
duplicate capture, every WARC file readable by warcio. The real command, in a subprocess,
against its own SQLite file and a generated loopback site."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.capture.warcfile import readable_end
from archive.dev.capture_site import GeneratedSite

ROOT = Path(__file__).resolve().parents[2]
N = 120


def count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_killed_capture_reruns_to_completion_without_duplicates(tmp_path):
    site = GeneratedSite(N).start()
    try:
        db = tmp_path / "archive.sqlite3"
        warcs = tmp_path / "warcs"
        env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path / "var"),
               "ARCHIVE_INDEX_DIR": str(tmp_path / "var" / "index"),
               "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "archive.settings",
               "ARCHIVE_CAPTURE_ALLOW_PRIVATE": "127.0.0.1/32",
               "ARCHIVE_CAPTURE_WARC_DIR": str(warcs), "ARCHIVE_CAPTURE_DELAY": "0.01"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        command = [*manage, "capture", "--sitemap", f"{site.base}/sitemap.xml"]
        victim = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        captured = 0
        while time.monotonic() < deadline and victim.poll() is None:
            captured = count(db, "SELECT count(*) FROM archive_capture")
            if captured >= 20:
                break
            time.sleep(0.05)
        victim.send_signal(signal.SIGKILL)
        assert victim.wait() == -signal.SIGKILL, "the capture ended before it could be killed"
        assert 0 < captured < N
        assert list(warcs.glob(".*.open")), "the killed writer left its file open"

        rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        assert "failed 0" in rerun.stdout

        assert count(db, "SELECT count(*) FROM archive_article") == N
        assert count(db, "SELECT count(*) FROM archive_capture") == N
        assert count(db, "SELECT count(DISTINCT canonical_url) FROM archive_article") == N
        assert not list(warcs.glob(".*.open"))
        for path in warcs.glob("*.warc.gz"):
            assert readable_end(path) == path.stat().st_size, path
            with open(path, "rb") as fh:
                assert sum(1 for _ in ArchiveIterator(fh)) > 0
    finally:
        site.stop()
