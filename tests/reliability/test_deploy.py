"""Row 5: `check --deploy` with DJANGO_DEBUG=0 DJANGO_HTTPS=1 has no finding; the row reads
a finding when there is one."""

from tests.reliability import deploy
from tests.reliability.conftest import sqlite_pass_only
from tests.reliability.table import QUICK


@sqlite_pass_only
def test_check_deploy_has_no_findings_in_production():
    row = deploy.run(QUICK)
    assert row.details["codes"] == [], row.details["output"]
    assert row.ok


def test_a_finding_is_counted():
    output = ("System check identified some issues:\n\nWARNINGS:\n?: (security.W004) You have "
              "not set a value for the SECURE_HSTS_SECONDS setting.\n")
    assert deploy.FINDING.findall(output) == ["security.W004"]
