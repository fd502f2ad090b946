"""gunicorn's configuration for the archive, chosen for a small (2-core) machine; `manage.py
serve` passes it as ``--config python:archive.gunicorn_config`` (and ``--bind``).

Why each value is what it is: docs/serving.md. In short: 2 processes x 4 threads (gthread),
so a reader of a cheap page is not queued behind a search that holds a process; no preload,
so that HUP reloads the code and no searcher or database connection is shared across fork;
workers recycled after a few thousand requests, with jitter; every file gunicorn writes
(pid file, control socket, worker heartbeat files) under ARCHIVE_DATA_DIR (var/).

Operators override ``ARCHIVE_WEB_WORKERS``, ``ARCHIVE_WEB_THREADS`` and ``ARCHIVE_WEB_TIMEOUT``
from the environment (README, settings table); any other gunicorn setting through
``GUNICORN_CMD_ARGS``. Read by the gunicorn master before Django is set up: stdlib only.
"""

import os
import sys
import threading
from pathlib import Path


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r}: give a whole number") from None
    if value < 1:
        raise SystemExit(f"{name}={raw!r}: give a number of at least 1")
    return value


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
RUN_DIR = DATA_DIR / "run"
RUN_DIR.mkdir(parents=True, exist_ok=True)

wsgi_app = "archive.wsgi:application"
chdir = str(BASE_DIR)
bind = ["127.0.0.1:8000"]  # serve passes --bind HOST:PORT

# -- processes and threads -------------------------------------------------------------------
worker_class = "gthread"
workers = _positive_int("ARCHIVE_WEB_WORKERS", 2)
threads = _positive_int("ARCHIVE_WEB_THREADS", 4)
# How often (ms) a thread running Python hands the interpreter to a waiting one. Python's 5 ms
# makes a cheap request wait several intervals behind a search or an export in the same
# process (the poller thread, then its pool thread, then again after each database call);
# 1 ms cut the trivial view's median during the 8-connection mix from 66-153 ms to 20 ms
# (docs/performance.md). Applied in each worker by post_worker_init below.
switch_interval_ms = _positive_int("ARCHIVE_WEB_SWITCH_INTERVAL_MS", 1)
# Idle keep-alive connections wait in the worker's poller, not in a thread.
worker_connections = 200
keepalive = 5

# -- timeouts ----------------------------------------------------------------------------------
# A worker whose main loop has not checked in for this long is killed and replaced (with
# gthread a slow request runs in a pool thread; the heartbeat stops only when a worker hangs).
timeout = _positive_int("ARCHIVE_WEB_TIMEOUT", 60)
# On TERM/HUP, requests in flight get this long to finish.
graceful_timeout = 30

# -- recycling ---------------------------------------------------------------------------------
# Bounds slow memory growth (Python's allocator never gives back fragmented arenas); the jitter
# keeps the two workers from restarting at the same moment. A new worker re-reads its search
# caches, so this is rare: at 8 requests/s, one restart per worker every couple of hours.
max_requests = 5000
max_requests_jitter = 500
preload_app = False

# -- files: all under var/ ---------------------------------------------------------------------
pidfile = str(RUN_DIR / "gunicorn.pid")
control_socket = str(RUN_DIR / "gunicorn.ctl")
control_socket_mode = 0o600
worker_tmp_dir = str(RUN_DIR)

# -- logging -----------------------------------------------------------------------------------
accesslog = "-"
errorlog = "-"
proc_name = "archive"


def post_worker_init(worker) -> None:
    sys.setswitchinterval(switch_interval_ms / 1000)
    threading.Thread(target=warm_search, name="warm search", daemon=True).start()


def warm_search() -> None:
    """Load the search engine's per-process state before the first search needs it (the
    PostgreSQL engine's facet columns: seconds at 100,000 articles); the worker serves
    meanwhile, and a search arriving first waits for the same load."""
    from django.db import connections
    from haystack import connections as engines

    try:
        warm = getattr(engines["default"].get_backend(), "warm", None)
        if warm is not None:
            warm()
    except Exception as error:  # the first search loads it, or reports the problem
        sys.stderr.write(f"[archive] search warm-up failed: {error!r}\n")
    finally:
        connections.close_all()
