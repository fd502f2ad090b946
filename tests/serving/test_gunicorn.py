"""The gunicorn configuration (archive/gunicorn_config.py) as serve uses it: threads per
worker, operators' overrides, and every file gunicorn writes under ARCHIVE_DATA_DIR, nothing
in the home directory; HUP reloads the workers while the site keeps answering."""

import importlib
import os
import signal
import stat
import subprocess
import sys

import pytest

from archive.management.commands.serve import GUNICORN_CONFIG, children, gunicorn_argv
from tests.serving.test_serve import MANAGE, ROOT, children_of, free_port, status_of, wait_for


def load_config(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("ARCHIVE_DATA_DIR", str(tmp_path / "var"))
    for name in ("ARCHIVE_WEB_WORKERS", "ARCHIVE_WEB_THREADS", "ARCHIVE_WEB_TIMEOUT",
                 "ARCHIVE_WEB_SWITCH_INTERVAL_MS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import archive.gunicorn_config as config

    return importlib.reload(config)


def test_serve_starts_gunicorn_with_the_configuration_module():
    web = children(host="127.0.0.1", port="8123")[0]
    assert web.argv[web.argv.index("--config") + 1] == GUNICORN_CONFIG == \
        "python:archive.gunicorn_config"
    assert "--workers" not in web.argv and "127.0.0.1:8123" in web.argv
    assert gunicorn_argv(host="::1", port="80", workers="3", threads="2")[-4:] == \
        ["--workers", "3", "--threads", "2"]


def test_threaded_workers_and_files_under_the_data_dir(monkeypatch, tmp_path):
    config = load_config(monkeypatch, tmp_path)
    assert (config.worker_class, config.workers, config.threads) == ("gthread", 2, 4)
    assert config.preload_app is False and config.max_requests_jitter > 0
    run = tmp_path / "var" / "run"
    assert config.pidfile == str(run / "gunicorn.pid")
    assert config.control_socket == str(run / "gunicorn.ctl")
    assert config.worker_tmp_dir == str(run) and run.is_dir()


def test_operators_override_workers_and_threads(monkeypatch, tmp_path):
    config = load_config(monkeypatch, tmp_path, ARCHIVE_WEB_WORKERS="3",
                         ARCHIVE_WEB_THREADS="8", ARCHIVE_WEB_TIMEOUT="120")
    assert (config.workers, config.threads, config.timeout) == (3, 8, 120)
    with pytest.raises(SystemExit, match="ARCHIVE_WEB_THREADS='many'"):
        load_config(monkeypatch, tmp_path, ARCHIVE_WEB_THREADS="many")
    with pytest.raises(SystemExit, match="at least 1"):
        load_config(monkeypatch, tmp_path, ARCHIVE_WEB_WORKERS="0")


def test_each_worker_switches_threads_every_millisecond(monkeypatch, tmp_path):
    """A cheap request waits for the interpreter behind a search in the same worker: 1 ms
    instead of Python's 5 ms between hand-overs (docs/serving.md)."""
    import sys

    before = sys.getswitchinterval()
    try:
        config = load_config(monkeypatch, tmp_path)
        config.post_worker_init(None)
        assert sys.getswitchinterval() == pytest.approx(0.001)
        config = load_config(monkeypatch, tmp_path, ARCHIVE_WEB_SWITCH_INTERVAL_MS="5")
        config.post_worker_init(None)
        assert sys.getswitchinterval() == pytest.approx(0.005)
    finally:
        sys.setswitchinterval(before)


def test_each_worker_warms_the_search_engine_in_the_background(monkeypatch, tmp_path):
    """The PostgreSQL engine's facet columns load as a worker starts, not in its first
    search (archive/search/postgres/facet_columns.py)."""
    import threading

    import haystack

    warmed = threading.Event()

    class Backend:
        def warm(self):
            assert threading.current_thread().name == "warm search"
            warmed.set()

    class Engine:
        def get_backend(self):
            return Backend()

    config = load_config(monkeypatch, tmp_path)
    monkeypatch.setattr(haystack, "connections", {"default": Engine()})
    before = sys.getswitchinterval()
    try:
        config.post_worker_init(None)
        assert warmed.wait(10)
    finally:
        sys.setswitchinterval(before)


def workers_of(master: int) -> set[int]:
    return {pid for pid, cmd in children_of(master).items() if "gunicorn" in cmd
            or "archive" in cmd}


@pytest.mark.slow
def test_served_site_writes_nothing_home_and_reloads_on_hup(site_env, tmp_path):
    env, var = site_env
    home = tmp_path / "home"
    home.mkdir()
    env = {**env, "HOME": str(home)}
    env.pop("XDG_RUNTIME_DIR", None)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(tmp_path / "serve.log", "w+") as log:
        serve = subprocess.Popen([*MANAGE, "serve", "--port", str(port)], env=env, cwd=ROOT,
                                 stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: _answers(base), 90, "the site to answer /healthz")
            run = var / "run"
            wait_for(lambda: (run / "gunicorn.ctl").exists(), 30, "the control socket")
            assert stat.S_ISSOCK((run / "gunicorn.ctl").stat().st_mode)
            master = int((run / "gunicorn.pid").read_text())
            assert "gunicorn" in children_of(serve.pid)[master]
            first = wait_for(lambda: workers_of(master) if len(workers_of(master)) == 2
                             else None, 30, "two workers")

            os.kill(master, signal.SIGHUP)  # graceful reload: new workers, same master
            wait_for(lambda: len(workers_of(master) - first) == 2
                     and not (workers_of(master) & first), 60, "two new workers")
            assert status_of(f"{base}/robots.txt") == 200
            assert list(home.iterdir()) == []
        finally:
            serve.send_signal(signal.SIGTERM)
            assert serve.wait(60) == 0
    assert not (var / "run" / "gunicorn.pid").exists()


def _answers(base: str) -> bool:
    try:
        return status_of(f"{base}/healthz") == 200
    except OSError:
        return False


