"""The fast subset of `make reliability` in `make test`: each row at the quick scale,
asserting its bar. Rows that build SQLite archives of their own run in the SQLite pass; the
rows that depend on the database (fuzz, concurrency, backups) run in the PostgreSQL pass
too, on a fresh database of that pass's server."""

import os

import pytest

from tests.conftest import require
from tests.pgcluster import find_bindir
from tests.reliability.child import postgres_database


def on_postgres_pass() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


#: A row whose archive is SQLite whatever the suite's database: run once, in the SQLite pass.
sqlite_pass_only = pytest.mark.skipif(
    on_postgres_pass(), reason="builds its own SQLite archive: runs in the SQLite pass")


@pytest.fixture
def suite_database():
    """None in the SQLite pass (rows build SQLite archives); in the PostgreSQL pass the URL
    of a fresh database on that pass's server."""
    if not on_postgres_pass():
        yield None
        return
    with postgres_database() as url:
        yield url


@pytest.fixture
def postgres_server():
    """PostgreSQL for a row that needs it in either pass: skipped in the SQLite pass when the
    PostgreSQL pass follows, else a throwaway cluster (ARCHIVE_REQUIRE_POSTGRES=1 fails
    without binaries)."""
    if not on_postgres_pass():
        if os.environ.get("ARCHIVE_POSTGRES_PASS_FOLLOWS") == "1":
            pytest.skip("runs in the PostgreSQL pass of make test")
        require("ARCHIVE_REQUIRE_POSTGRES", find_bindir() is not None,
                "PostgreSQL server binaries not found")
