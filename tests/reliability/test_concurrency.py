"""Row 2 at the quick scale: admin edits and deletes during an import and a rebuild leave
the index saying exactly what the database says, on SQLite and on PostgreSQL."""

import pytest

from tests.reliability import concurrency
from tests.reliability.conftest import sqlite_pass_only
from tests.reliability.table import QUICK

pytestmark = pytest.mark.slow


def assert_agrees(found: dict) -> None:
    assert found["editor_errors"] == [] and found["import_status"] == 0, found
    assert (found["lost"], found["stale"], found["extra"]) == (0, 0, 0), found["examples"]
    assert found["tallies_wrong"] == 0
    assert found["edits"].get("during import", 0) > 0
    assert found["edits"].get("during rebuild", 0) > 0
    assert not concurrency.failures(found), concurrency.failures(found)


@sqlite_pass_only
def test_edits_during_an_import_and_a_rebuild_reach_the_index_on_sqlite():
    assert_agrees(concurrency.run_on(QUICK, "sqlite"))


def test_edits_during_an_import_and_a_rebuild_reach_the_index_on_postgresql(postgres_server):
    assert_agrees(concurrency.run_on(QUICK, "postgresql"))
