"""Replay in a real browser: the archived page shows in its frame, its script does not run
and nothing is requested from the live web (its tracker image, its own site)."""

import pytest

from archive.capture.config import CaptureConfig
from archive.capture.crawl import capture
from archive.models import Capture
from tests.capture.site import TestSite

pytestmark = pytest.mark.browser


@pytest.fixture
def loopback_site():
    server = TestSite().start()
    yield server
    server.stop()


def test_replayed_page_runs_no_script_and_loads_nothing(page, live_server, transactional_db,
                                                        loopback_site, settings, tmp_path):
    settings.ARCHIVE_CAPTURE_ALLOW_PRIVATE = "127.0.0.1/32"
    settings.ARCHIVE_CAPTURE_DELAY = 0
    settings.ARCHIVE_CAPTURE_WARC_DIR = tmp_path / "warcs"
    capture([loopback_site.url("/fr/melenchon-marseille.html")],
            config=CaptureConfig.from_settings())
    row = Capture.objects.get()
    loaded = []  # requests that got a response (CSP-blocked ones fail before any is sent)
    page.on("requestfinished", lambda request: loaded.append(request.url))
    before = len(loopback_site.state.requests)
    page.goto(f"{live_server.url}/captures/{row.pk}/")
    assert "Archived page" in page.locator("h1").inner_text()
    frame = page.frame_locator("iframe.replay-frame")
    assert "Mélenchon présente son programme" in frame.locator("h1").inner_text()
    page.wait_for_timeout(300)
    assert frame.locator("#ran").count() == 0, "a script of the archived page ran"
    assert all(url.startswith(live_server.url) for url in loaded), loaded
    assert len(loopback_site.state.requests) == before  # no tracker, no style sheet
