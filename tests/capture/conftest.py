"""The loopback test site, and capture settings that only reach it: private addresses are
allowed for 127.0.0.1/32 alone, so any other private address (169.254.169.254, 10.x) is
refused before a connection is made, and nothing leaves the machine."""

import pytest

from archive.capture.config import CaptureConfig
from tests.capture.site import TestSite, gzip_bomb
from tests.search.conftest import search_index  # noqa: F401 (a fresh real index)


@pytest.fixture
def site():
    gzip_bomb()  # made once, before any request times out waiting for it
    server = TestSite().start()
    yield server
    server.stop()


@pytest.fixture
def capture_settings(settings, tmp_path):
    settings.ARCHIVE_CAPTURE_ALLOW_PRIVATE = "127.0.0.1/32"
    settings.ARCHIVE_CAPTURE_DELAY = 0
    settings.ARCHIVE_CAPTURE_TIMEOUT = 0.5
    settings.ARCHIVE_CAPTURE_MAX_BYTES = 1024 * 1024
    settings.ARCHIVE_CAPTURE_RETRIES = 2
    settings.ARCHIVE_CAPTURE_WARC_DIR = tmp_path / "warcs"
    return settings


@pytest.fixture
def config(capture_settings) -> CaptureConfig:
    return CaptureConfig.from_settings(backoff=0.05)
