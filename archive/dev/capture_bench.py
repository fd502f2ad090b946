"""The capture benchmark (`manage.py benchmark --capture N`): a generated loopback site of N
pages captured through its sitemap with the delay at 0, end to end (fetch, WARC, extraction,
storage, mention detection, index queue). Reports pages/s and peak RSS.

Runs in a child process with a throwaway SQLite database and data directory (real data is
never touched); the gazetteer is loaded so that mention detection does real work."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings


def isolated_env(directory: Path) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"sqlite:///{directory / 'bench.sqlite3'}",
        "ARCHIVE_DATA_DIR": str(directory),
        "ARCHIVE_INDEX_DIR": str(directory / "index"),
        "ARCHIVE_CAPTURE_WARC_DIR": str(directory / "warcs"),
        "ARCHIVE_CAPTURE_ALLOW_PRIVATE": "127.0.0.1/32",
        "ARCHIVE_CAPTURE_DELAY": "0",
    })
    return env


def run_isolated(pages: int) -> int:
    directory = Path(tempfile.mkdtemp(prefix="archive-capture-bench-"))
    try:
        done = subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "benchmark",
             "--capture", str(pages), "--in-place"],
            env=isolated_env(directory), check=False,
        )
        return done.returncode
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(pages: int, log=print) -> dict:
    from django.core.management import call_command

    from archive.capture.config import CaptureConfig
    from archive.capture.crawl import capture
    from archive.gazetteer.load import load_gazetteer
    from archive.models import Article, Capture, Mention

    call_command("migrate", verbosity=0)
    load_gazetteer()
    # The site runs in its own process: its Python must not share our interpreter's lock.
    site = subprocess.Popen([sys.executable, "-m", "archive.dev.capture_site", str(pages)],
                            stdout=subprocess.PIPE, text=True)
    try:
        base = site.stdout.readline().strip()
        config = CaptureConfig.from_settings(delay=0)
        started = time.monotonic()
        report = capture(sitemaps=[f"{base}/sitemap.xml"], config=config)
        elapsed = time.monotonic() - started
    finally:
        site.terminate()
        site.wait(timeout=10)
    warcs = sum(p.stat().st_size for p in Path(config.warc_dir).glob("*.warc.gz"))
    figures = {
        "pages": pages,
        "created": len(report.created),
        "failed": len(report.failed),
        "articles": Article.objects.count(),
        "captures": Capture.objects.count(),
        "mentions": Mention.objects.count(),
        "seconds": round(elapsed, 1),
        "pages_per_second": round(len(report.created) / elapsed, 1) if elapsed else 0,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "warc_mb": round(warcs / 1024 / 1024, 1),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    for key, value in figures.items():
        log(f"{key:>18}: {value}")
    return figures
