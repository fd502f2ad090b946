"""Rows whose work needs Django configured for an archive of their own run it in a child
process (`python -m tests.reliability.child MODULE SCALE`, the archive's environment):
the parent, `make reliability` or a pytest process, keeps its own settings and database."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

from tests.killing import ROOT
from tests.pgcluster import cluster, find_bindir
from tests.reliability.table import SCALES, Scale

MARK = "reliability-result: "


def in_child(module: str, scale: Scale, env: dict, timeout: float = 3600) -> dict:
    """What ``tests.reliability.<module>.work(scale)`` returned, run in a migrated archive."""
    result = subprocess.run([sys.executable, "-m", "tests.reliability.child", module,
                             scale.name], env={**env, "DJANGO_DEBUG": "0"}, cwd=ROOT,
                            capture_output=True, text=True, timeout=timeout)
    lines = [line for line in result.stdout.splitlines() if line.startswith(MARK)]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{module} child failed ({result.returncode}): "
                           f"{result.stderr[-3000:]}")
    return json.loads(lines[-1][len(MARK):])


def postgres_available() -> bool:
    return _server_url() is not None or find_bindir() is not None


def _server_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database: on the server of DATABASE_URL when it is
    PostgreSQL (`make test`'s PostgreSQL pass), else on a throwaway cluster on loopback."""
    server = _server_url()
    if server is None:
        with cluster() as url, _fresh_database(url) as fresh:
            yield fresh
        return
    with _fresh_database(server) as fresh:
        yield fresh


@contextlib.contextmanager
def _fresh_database(server: str) -> Iterator[str]:
    import psycopg

    name = f"reliability_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(module: str, scale: str) -> None:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, instrumented templates
    call_command("migrate", verbosity=0)
    work = importlib.import_module(f"tests.reliability.{module}").work
    print(MARK + json.dumps(work(SCALES[scale])), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
