"""Read replicas: with DATABASE_REPLICA_URL, searches and page reads go to a hot standby and
writes to the primary; an editor's change is searchable on the standby within seconds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from archive.db_router import REPLICA, ReplicaReadsMiddleware, ReplicaRouter, replica_reads
from tests.conftest import require
from tests.pgcluster import find_bindir, primary_and_replica

ROOT = Path(__file__).resolve().parents[3]


def test_router_reads_the_replica_only_for_readers_pages():
    router = ReplicaRouter()
    assert router.db_for_read(None) == "default"
    with replica_reads():
        assert router.db_for_read(None) == REPLICA
        assert router.db_for_write(None) == "default"
    assert not router.allow_migrate(REPLICA, "archive")
    seen = []
    middleware = ReplicaReadsMiddleware(lambda request: seen.append(router.db_for_read(None)))
    rf = RequestFactory()
    for request in (rf.get("/search/?q=x"), rf.post("/search/"), rf.get("/admin/archive/")):
        middleware(request)
    assert seen == [REPLICA, "default", "default"]


@pytest.mark.slow
def test_an_editors_change_is_searchable_on_the_replica_within_seconds(tmp_path):
    require("ARCHIVE_REQUIRE_POSTGRES", find_bindir() is not None,
            "PostgreSQL server binaries not found")
    with primary_and_replica() as (primary, standby):
        env = {**os.environ, "DATABASE_URL": primary, "DATABASE_REPLICA_URL": standby,
               "ARCHIVE_SEARCH_ENGINE": "postgres", "ARCHIVE_DATA_DIR": str(tmp_path),
               "DJANGO_SETTINGS_MODULE": "archive.settings", "DJANGO_DEBUG": "0"}
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=env,
                       cwd=ROOT, check=True, capture_output=True)
        done = subprocess.run([sys.executable, "-m", "tests.search.postgres.replica_probe"],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    print(done.stdout)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["alias"] == REPLICA and report["in_recovery"] is True
    assert report["found_after"] is not None and report["found_after"] < 5, report
    assert report["page_status"] == 200 and report["page_has_title"]
