"""Row 3 at the quick scale: kill -9 of an import, the index writer, a rebuild and a gunicorn
worker (one seed each); after the rerun or restart everything is recovered."""

import pytest

from tests.reliability import crashes
from tests.reliability.conftest import sqlite_pass_only
from tests.reliability.table import QUICK

pytestmark = [pytest.mark.slow, sqlite_pass_only]


def test_every_kind_of_crash_is_recovered():
    row = crashes.run(QUICK)
    found = {c["kind"]: c for c in row.details["crashes"]}
    assert sorted(found) == sorted(crashes.KINDS)
    assert [kind for kind, c in found.items() if not c["recovered"]] == [], found
    assert row.ok
