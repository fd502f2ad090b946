"""A capture killed with -9 and run again finishes the job: no duplicate article, no
duplicate capture, every WARC file readable by warcio. The real command, in a subprocess,
against its own SQLite file and a generated loopback site."""

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.capture.warcfile import readable_end
from archive.dev.capture_site import GeneratedSite
from tests.killing import count, kill_once, migrated, rerun

N = 120


@pytest.mark.slow
def test_killed_capture_reruns_to_completion_without_duplicates(tmp_path):
    site = GeneratedSite(N).start()
    try:
        warcs = tmp_path / "warcs"
        db, env, manage = migrated(tmp_path, ARCHIVE_CAPTURE_ALLOW_PRIVATE="127.0.0.1/32",
                                   ARCHIVE_CAPTURE_WARC_DIR=str(warcs),
                                   ARCHIVE_CAPTURE_DELAY="0.01")
        command = [*manage, "capture", "--sitemap", f"{site.base}/sitemap.xml"]
        captured = kill_once(command, env, db, "SELECT count(*) FROM archive_capture", 20,
                             timeout=180)
        assert 0 < captured < N
        assert list(warcs.glob(".*.open")), "the killed writer left its file open"
        assert "failed 0" in rerun(command, env).stdout

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
