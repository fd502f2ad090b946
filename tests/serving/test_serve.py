"""`manage.py serve` with real processes on 127.0.0.1: a killed index writer comes back while
the site keeps answering; a killed web server stops serve and its helpers."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.pgcluster import free_port
from tests.processes import alive, children_of, status_of

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]

pytestmark = pytest.mark.slow


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def served(site_env, tmp_path):
    env, var = site_env
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115
    serve = subprocess.Popen([*MANAGE, "serve", "--port", str(port), "--workers", "1"],
                             env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def up():
        try:
            return status_of(f"{base}/healthz") == 200
        except OSError:
            return False

    wait_for(up, 90, "the site to answer /healthz")
    yield serve, base, var, log
    if serve.poll() is None:
        serve.terminate()
        serve.wait(30)
    log.close()


def writer_pid(var: Path) -> int | None:
    try:
        text = (var / "index.writer.lock").read_text().strip()
    except FileNotFoundError:
        return None
    return int(text) if text else None


def test_killed_writer_is_restarted_while_the_site_keeps_answering(served, site_env):
    serve, base, var, log = served
    env, _ = site_env
    # The lock file may still name an earlier test's writer until this one takes it.
    first = wait_for(lambda: writer_pid(var) if writer_pid(var) in children_of(serve.pid)
                     else None, 30, "the writer to take its lock")
    assert "index_writer" in children_of(serve.pid)[first]

    os.kill(first, signal.SIGKILL)
    answers = []
    deadline = time.monotonic() + 30
    second = None
    while time.monotonic() < deadline:
        answers.append(status_of(f"{base}/healthz"))
        pid = writer_pid(var)
        if pid and pid != first and alive(pid):
            second = pid
            break
        time.sleep(0.2)
    assert second is not None, "the index writer did not come back"
    assert answers and set(answers) == {200}
    assert serve.poll() is None
    # The new writer holds the writer's lock: a second writer is refused.
    other = subprocess.run([*MANAGE, "index_writer", "--once"], env=env, cwd=ROOT,
                           capture_output=True, text=True)
    assert other.returncode != 0 and "held by another process" in other.stderr
    log.seek(0)
    assert "index writer exited with status -9; restarting it in 1 s" in log.read()

    serve.send_signal(signal.SIGTERM)
    assert serve.wait(30) == 0
    assert not alive(second)


def test_killed_web_stops_serve_and_its_helpers(served):
    serve, base, var, log = served
    writer = wait_for(lambda: writer_pid(var) if writer_pid(var) in children_of(serve.pid)
                      else None, 30, "the writer to take its lock")
    web = next(pid for pid, cmd in children_of(serve.pid).items() if "gunicorn" in cmd)
    os.kill(web, signal.SIGKILL)
    assert serve.wait(30) == 1
    assert not alive(writer)
    log.seek(0)
    assert "web exited with status -9; stopping the others" in log.read()
