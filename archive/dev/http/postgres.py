"""A PostgreSQL cluster for the benchmark, kept under its data directory (so that a later run
reuses its corpora and indexes), listening on loopback only, started for the run and
stopped after it. As root, initdb and the server run as ``postgres`` (or ``nobody``), as
tests/pgcluster.py does for the tests."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from archive.dev.http.server import free_port

OPTIONS = ("-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
           "-c full_page_writes=off -c shared_buffers=256MB -c max_connections=50")


def bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found: install "
                           "postgresql, or run --config sqlite-whoosh")
    return Path(initdb).resolve().parent


def _runner() -> tuple[list[str], pwd.struct_passwd | None]:
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return ["runuser", "-u", name, "--"], pwd.getpwnam(name)
    raise RuntimeError("running as root and no unprivileged user to run PostgreSQL as")


@contextlib.contextmanager
def cluster(root: Path) -> Iterator[str]:
    """A running cluster in ``root`` (created on first use); yields the server's base URL
    (``postgres://archive@127.0.0.1:PORT``), to which the caller adds a database name."""
    prefix, user = _runner()
    bins = bindir()
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir(parents=True, exist_ok=True)
    if user is not None:
        for path in (root, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
    env = {**os.environ, "LC_ALL": "C.UTF-8"}

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, env=env, cwd=root,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    if not (data / "PG_VERSION").exists():
        shutil.rmtree(data, ignore_errors=True)
        run(str(bins / "initdb"), "-D", str(data), "-U", "archive", "--auth=trust", "-E",
            "UTF8", "--no-sync")
    port = free_port()
    run(str(bins / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w", "-t",
        "60", "-o", f"-p {port} -k {sockets} {OPTIONS}", "start")
    try:
        yield f"postgres://archive@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, str(bins / "pg_ctl"), "-D", str(data), "-m", "fast", "-w",
                        "stop"], env=env, cwd=root, capture_output=True, check=False)


def ensure_database(base_url: str, name: str) -> str:
    """``base_url/name``, created if missing (through psql on the same loopback server)."""
    port = base_url.rsplit(":", 1)[1]
    psql = [str(bindir() / "psql"), "-h", "127.0.0.1", "-p", port, "-U", "archive", "-d",
            "postgres", "-tAc"]
    exists = subprocess.run([*psql, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                            capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        subprocess.run([*psql, f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
    return f"{base_url}/{name}"
