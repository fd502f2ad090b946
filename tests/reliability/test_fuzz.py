"""Row 1 at the quick scale: 500 fuzzed requests over every URL pattern and API operation,
no 5xx and no broken stream."""

import pytest

from tests.reliability import fuzz
from tests.reliability.table import QUICK

pytestmark = pytest.mark.slow


def test_fuzzed_requests_over_every_url_pattern_give_no_5xx(suite_database):
    row = fuzz.run(QUICK, suite_database)
    assert row.details["failures"] == []
    assert row.details["untried"] == []
    assert row.details["requests"] >= QUICK.fuzz_requests
    assert row.ok, row.measured
