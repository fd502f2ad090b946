"""`make test`: the whole suite on SQLite, then the database tests again on a PostgreSQL
cluster that this run starts on loopback and stops afterwards."""

import os
import subprocess
import sys

from tests.pgcluster import cluster, find_bindir

#: Two pytest-xdist workers (ARCHIVE_TEST_WORKERS=1 runs in one process), a test module per
#: worker at a time (its module-scoped fixtures are built once).
WORKERS = os.environ.get("ARCHIVE_TEST_WORKERS") or str(min(2, os.cpu_count() or 1))
PYTEST = [sys.executable, "-m", "pytest", *(["-n", WORKERS, "--dist", "loadfile"]
                                            if WORKERS != "1" else [])]
# On PostgreSQL: every test that touches the database, minus the browser and the pure-file ones
# that behave the same on any database.
POSTGRES_SELECTION = ["-m", "not browser and not shared", "-p", "no:cacheprovider"]


def main(argv: list[str]) -> int:
    print("== test suite on SQLite ==", flush=True)
    follows = {"ARCHIVE_POSTGRES_PASS_FOLLOWS": "1"} if find_bindir() is not None else {}
    status = subprocess.call([*PYTEST, *argv], env={**os.environ, **follows})
    if find_bindir() is None:
        message = "PostgreSQL server binaries not found"
        if os.environ.get("ARCHIVE_REQUIRE_POSTGRES") == "1":
            print(f"== FAIL: {message} (ARCHIVE_REQUIRE_POSTGRES=1) ==", flush=True)
            return 1
        print(f"== PostgreSQL run skipped: {message} ==", flush=True)
        return status
    print("== database tests on PostgreSQL ==", flush=True)
    with cluster() as url:
        pg_status = subprocess.call([*PYTEST, *POSTGRES_SELECTION, *argv],
                                    env={**os.environ, "DATABASE_URL": url})
    return status or pg_status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
