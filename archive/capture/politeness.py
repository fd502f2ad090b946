"""One request at a time per host, and a pause between two requests to one host: the
configured delay, or the host's robots.txt Crawl-delay, or its Retry-After, whichever is
longest. Different hosts proceed in parallel."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Politeness:
    def __init__(self, delay: float, max_wait: float = 120.0) -> None:
        self.delay = max(0.0, delay)
        self.max_wait = max_wait
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}

    def _lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        self._crawl_delay[host] = min(max(0.0, seconds), self.max_wait)

    def hold(self, host: str, seconds: float) -> None:
        """Retry-After: nothing goes to this host for that long."""
        until = time.monotonic() + min(max(0.0, seconds), self.max_wait)
        self._next[host] = max(self._next.get(host, 0.0), until)

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Held while one request to host runs."""
        with self._lock(host):
            wait = self._next.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                pause = max(self.delay, self._crawl_delay.get(host, 0.0))
                self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + pause)
