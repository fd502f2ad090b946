"""Batches of index rows sent from worker threads, each with its own database connection,
while the caller prepares the next (the PostgreSQL engine's writes outside a transaction)."""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor, wait

from django.db import connections

#: Batches a rebuild has in flight, each sent from its own thread and connection: PostgreSQL
#: parses two batches' texts on two cores while Python prepares the next.
WRITERS = 2


class Sender:
    """Writes batches: at once, or (``background``) from WRITERS worker threads, each with its
    own connection, at most WRITERS batches in flight, so that the caller prepares the next
    meanwhile. The batches of one call hold different articles, and the statements take
    their locks in one order (the articles' rows, the state row, then the words), so two in
    flight wait for each other at most. A worker's error is raised in the caller, at a later
    batch or at the end."""

    def __init__(self, write, *, background: bool) -> None:
        self.write, self.count = write, 0
        self._pool = ThreadPoolExecutor(max_workers=WRITERS) if background else None
        self._pending: deque = deque()

    def __enter__(self) -> Sender:
        return self

    def __call__(self, rows: list[dict]) -> None:
        if self._pool is None:
            self.count += self.write(rows)
            return
        while len(self._pending) >= WRITERS:
            self.count += self._pending.popleft().result()
        self._pending.append(self._pool.submit(self.write, rows))

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._pool is None:
            return
        try:
            while exc_type is None and self._pending:
                self.count += self._pending.popleft().result()
        finally:
            wait(self._pending)  # in-flight batches end before the caller goes on
            # each worker closes its own database connections (Django's are per thread)
            barrier = threading.Barrier(WRITERS)

            def close() -> None:
                barrier.wait(timeout=30)
                connections.close_all()

            for closing in [self._pool.submit(close) for _ in range(WRITERS)]:
                closing.result()
            self._pool.shutdown(wait=True)
