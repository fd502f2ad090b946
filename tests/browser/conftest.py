"""Playwright driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium. Without it the tests skip,
unless ARCHIVE_REQUIRE_BROWSER=1 (CI), which makes them fail."""

import os
from pathlib import Path

import pytest

from tests.capture.conftest import capture_settings, config  # noqa: F401
from tests.conftest import require

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run
# in a thread with a running loop without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("ARCHIVE_SCREENSHOT_DIR", "/tmp/archive-browser-shots"))


@pytest.fixture(scope="session")
def browser():
    require("ARCHIVE_REQUIRE_BROWSER", CHROMIUM.exists(), f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site(live_server, transactional_db, tmp_path, settings):
    """The small archive, indexed, served by the live server."""
    from django.core.cache import cache
    from haystack import connections

    from archive.search.rebuild import rebuild
    from tests.web.conftest import build_archive

    settings.HAYSTACK_CONNECTIONS = {
        **settings.HAYSTACK_CONNECTIONS,
        "default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(tmp_path / "ix")},
    }
    connections.reload("default")
    cache.clear()
    archive = build_archive(extra_articles=6)
    rebuild()
    yield live_server.url, archive
    cache.clear()
    connections.reload("default")


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
