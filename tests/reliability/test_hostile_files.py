"""Row 4 at the quick scale: every hostile file refused with its reason, memory bounded."""

import pytest

from tests.reliability import hostile_files
from tests.reliability.conftest import sqlite_pass_only
from tests.reliability.table import QUICK

pytestmark = [pytest.mark.slow, sqlite_pass_only]


def test_every_hostile_file_is_refused_with_bounded_memory():
    row = hostile_files.run(QUICK)
    assert [f["file"] for f in row.details["files"] if not f["refused"]] == []
    assert row.ok, row.details
