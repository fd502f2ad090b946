"""The server under test: gunicorn started exactly as ``manage.py serve`` starts its web child
(the same argv, so the same archive.gunicorn_config), on a free loopback port, without the
index writer and capture worker (the benchmark measures the web alone). Its workers' memory
is read from /proc."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.management.commands.serve import gunicorn_argv


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    def worker_pids(self) -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().split(") ", 1)[1].split()[1]) == self.process.pid:
                    found.append(int(stat.parent.name))
            except (OSError, IndexError, ValueError):
                continue
        return sorted(found)

    def worker_memory(self) -> list[dict]:
        """RSS and peak RSS (MB) of each worker now."""
        out = []
        for pid in self.worker_pids():
            fields = {}
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    key, _, value = line.partition(":")
                    if key in ("VmRSS", "VmHWM"):
                        fields[key] = round(int(value.split()[0]) / 1024, 1)
            if fields:
                out.append({"pid": pid, "rss_mb": fields.get("VmRSS"),
                            "peak_rss_mb": fields.get("VmHWM")})
        return out


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz",  # noqa: S310
                                    timeout=30) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def serving(env: dict, log: Path, *, workers: str | None = None,
            threads: str | None = None, start_timeout: float = 120.0) -> Iterator[Server]:
    """gunicorn up and answering /healthz; stopped (TERM, then KILL) afterwards."""
    port = free_port()
    argv = gunicorn_argv(host="127.0.0.1", port=str(port), workers=workers, threads=threads)
    with open(log, "ab") as out:
        process = subprocess.Popen(argv, env={**env, "DJANGO_DEBUG": "0"}, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(process, port, log)
    try:
        deadline = time.monotonic() + start_timeout
        while not _answers(port):
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {process.returncode}; "
                                   f"see {log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer /healthz in {start_timeout:g} s; "
                                   f"see {log}")
            time.sleep(0.3)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
