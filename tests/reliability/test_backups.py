"""Row 6 at the quick scale: a backup restores to identical counts and search results (on
the database of the suite's pass)."""

import pytest

from tests.reliability import backups
from tests.reliability.table import QUICK

pytestmark = pytest.mark.slow


def test_a_backup_round_trip_gives_identical_counts_and_searches(suite_database):
    row = backups.run(QUICK, suite_database)
    assert row.details["counts_identical"], row.details["different_tables"]
    assert row.details["searches_identical"] == row.details["searches"]
    assert row.ok
