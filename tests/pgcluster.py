"""A throwaway PostgreSQL cluster on loopback, in a temp dir, for the test run.

initdb and pg_ctl refuse to run as root, so as root the cluster runs as an unprivileged user
(`postgres` when Debian's package created it, else `nobody`)."""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def find_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _runner() -> tuple[list[str], pwd.struct_passwd | None]:
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], user
    raise RuntimeError("running as root and no unprivileged user to run PostgreSQL as")


SERVER_OPTIONS = ("-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                  "-c full_page_writes=off")


class _Cluster:
    """initdb/pg_basebackup/pg_ctl for clusters under one temp root, as the right user."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        if self.bindir is None:
            raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.prefix, self.user = _runner()
        self.root = Path(tempfile.mkdtemp(prefix="archive-pg-"))
        self.sockets = self.root / "sockets"
        self.sockets.mkdir()
        if self.user is not None:
            os.chmod(self.root, 0o755)
            for path in (self.root, self.sockets):
                os.chown(path, self.user.pw_uid, self.user.pw_gid)
        self.env = {**os.environ, "LC_ALL": "C.UTF-8"}
        self.started: list[Path] = []

    def run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, env=self.env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.root)

    def start(self, data: Path, port: int) -> str:
        self.run(str(self.bindir / "pg_ctl"), "-D", str(data), "-l", str(data) + ".log", "-w",
                 "-t", "60", "-o", f"-p {port} -k {self.sockets} {SERVER_OPTIONS}", "start")
        self.started.append(data)
        return f"postgres://archive@127.0.0.1:{port}/postgres"

    def initdb(self, name: str = "data") -> Path:
        data = self.root / name
        self.run(str(self.bindir / "initdb"), "-D", str(data), "-U", "archive", "--auth=trust",
                 "-E", "UTF8", "--no-sync")
        return data

    def basebackup(self, port: int, name: str) -> Path:
        """A streaming standby of the cluster on ``port``: pg_basebackup -R writes
        standby.signal and primary_conninfo."""
        data = self.root / name
        self.run(str(self.bindir / "pg_basebackup"), "-D", str(data), "-h", "127.0.0.1",
                 "-p", str(port), "-U", "archive", "-R", "-X", "stream", "--no-sync")
        return data

    def stop_all(self) -> None:
        for data in reversed(self.started):
            if (data / "postmaster.pid").exists():
                subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(data),
                                "-m", "fast", "-w", "stop"], env=self.env, cwd=self.root,
                               capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """Starts a cluster and yields its DATABASE_URL; stops and removes it afterwards."""
    pg = _Cluster()
    try:
        yield pg.start(pg.initdb(), free_port())
    finally:
        pg.stop_all()


@contextlib.contextmanager
def primary_and_replica() -> Iterator[tuple[str, str]]:
    """A primary and a hot standby streaming from it (both on loopback): yields the two
    DATABASE_URLs (the standby's is read-only)."""
    pg = _Cluster()
    try:
        port = free_port()
        primary = pg.start(pg.initdb("primary"), port)
        standby = pg.start(pg.basebackup(port, "standby"), free_port())
        yield primary, standby
    finally:
        pg.stop_all()
