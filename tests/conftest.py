"""Shared test fixtures. Area-specific fixtures live in tests/<area>/conftest.py."""

import os
from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"
SHARED_TESTDATA = SHARED_DIR / "testdata"
SEEDS_DIR = SHARED_DIR / "seeds"


def require(flag: str, available: bool, reason: str) -> None:
    """Skip when a component is absent, unless CI demands it (then fail loudly)."""
    if available:
        return
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason} ({flag}=1 demands it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_testdata() -> Path:
    require("ARCHIVE_REQUIRE_SHARED", SHARED_TESTDATA.is_dir(),
            f"shared test data not found at {SHARED_TESTDATA}")
    return SHARED_TESTDATA


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    require("ARCHIVE_REQUIRE_SHARED", SEEDS_DIR.is_dir(),
            f"seed documents not found at {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture
def gazetteer(db):
    """The project's gazetteer (fixtures/gazetteer) loaded into the test database."""
    from archive.gazetteer.load import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """The French catalogue compiled, as `make setup` does (tests may run without it)."""
    from django.conf import settings

    for po in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            from django.core.management import call_command

            call_command("compilemessages", locale=[po.parent.parent.name],
                         ignore_patterns=[".venv"], verbosity=0)
            from django.utils.translation import trans_real

            trans_real._translations = {}
            trans_real._default = None


@pytest.fixture(autouse=True)
def _default_language():
    """A request in French leaves French active in the thread (LocaleMiddleware does not
    reset it); each test starts and ends in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
