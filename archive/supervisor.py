"""What `manage.py serve` runs, kept running: the web server and its helper processes.

Children are declared as a list of ``Child`` (archive/management/commands/serve.py). The web
is *essential*: when it dies, the helpers are stopped cleanly and serve exits with status 1
(a process manager above it, systemd or a container runtime, decides what comes next). A
helper that dies (the index writer, a capture worker) is logged and started again after a
delay that doubles on each quick death (1 s, 2 s, 4 s ... at most a minute), while the web
keeps serving; a helper that stayed up for a while starts again from the shortest delay.

Each child runs in its own process group, so a Ctrl-C in the terminal reaches serve alone,
which then stops the children in order (SIGTERM, then SIGKILL after a grace period). On
Linux the children are also asked to receive SIGTERM should serve itself be killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1


@dataclass
class Child:
    """One process serve runs. ``essential``: its death stops everything."""

    name: str
    argv: Sequence[str]
    essential: bool = False
    first_delay: float = 1.0
    max_delay: float = 60.0
    #: A helper that ran this long before dying restarts after ``first_delay`` again.
    stable_after: float = 60.0
    process: subprocess.Popen | None = field(default=None, repr=False)
    started_at: float = 0.0
    delay: float = 0.0
    restart_at: float | None = None
    restarts: int = 0

    def __post_init__(self) -> None:
        self.delay = self.first_delay


def _die_with_parent() -> None:  # runs in the child between fork and exec
    os.setpgrp()
    libc_name = ctypes.util.find_library("c")
    if libc_name and sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            ctypes.CDLL(libc_name, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervisor:
    """Starts the children, restarts helpers, stops everything on a signal or a web death."""

    poll_seconds = 0.2
    grace_seconds = 10.0

    def __init__(self, children: Sequence[Child]) -> None:
        names = [c.name for c in children]
        if len(set(names)) != len(names):
            raise ValueError(f"child names must be unique: {names}")
        self.children = list(children)
        self.stopping = False
        self.exit_status = 0

    # -- lifecycle -----------------------------------------------------------------------
    def start(self, child: Child) -> None:
        child.process = subprocess.Popen(list(child.argv), preexec_fn=_die_with_parent)
        child.started_at = time.monotonic()
        child.restart_at = None
        logger.info("serve: started %s (pid %s)", child.name, child.process.pid)

    def run(self) -> int:
        """Until a signal or the death of an essential child; returns the exit status."""
        previous = {sig: signal.signal(sig, self._on_signal)
                    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
        try:
            for child in self.children:
                self.start(child)
            while not self.stopping:
                self.check()
                time.sleep(self.poll_seconds)
        finally:
            self.stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return self.exit_status

    def check(self) -> None:
        """One look at every child: notice deaths, start helpers whose delay has passed."""
        now = time.monotonic()
        for child in self.children:
            if child.process is None:
                if child.restart_at is not None and now >= child.restart_at and not self.stopping:
                    child.restarts += 1
                    self.start(child)
                continue
            status = child.process.poll()
            if status is None:
                continue
            child.process = None
            if self.stopping:
                continue
            if child.essential:
                logger.error("serve: %s exited with status %s; stopping the others",
                             child.name, status)
                self.exit_status = 1
                self.stopping = True
                return
            if now - child.started_at >= child.stable_after:
                child.delay = child.first_delay
            logger.error("serve: %s exited with status %s; restarting it in %g s",
                         child.name, status, child.delay)
            child.restart_at = now + child.delay
            child.delay = min(child.delay * 2, child.max_delay)

    def stop_all(self) -> None:
        """SIGTERM to every child still running (the web first), SIGKILL after the grace."""
        self.stopping = True
        running = [c for c in sorted(self.children, key=lambda c: not c.essential)
                   if c.process is not None and c.process.poll() is None]
        for child in running:
            with contextlib.suppress(ProcessLookupError):
                child.process.terminate()
        deadline = time.monotonic() + self.grace_seconds
        for child in running:
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                logger.warning("serve: %s did not stop in %.0f s; killing it", child.name,
                               self.grace_seconds)
                child.process.kill()
                child.process.wait()
            logger.info("serve: %s stopped", child.name)

    def _on_signal(self, signum, frame) -> None:
        logger.info("serve: %s received; stopping", signal.Signals(signum).name)
        self.stopping = True
