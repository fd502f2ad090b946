"""Read replicas: with DATABASE_REPLICA_URL set, readers' page views and searches read from the
hot standby, everything else from the primary.

Only GET/HEAD requests outside /admin/ read from the replica (``ReplicaReadsMiddleware`` marks
them); editors, form posts, the index writer, rebuilds and management commands read the
primary, so nobody acts on data the standby has not replayed yet (the admin's stale-edit
guard, the writer indexing an article just saved). Writes always go to the primary.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator

REPLICA = "replica"

_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "archive_replica_reads", default=False)


@contextlib.contextmanager
def replica_reads(enabled: bool = True) -> Iterator[None]:
    """Within the block (this thread/context), reads go to the replica."""
    token = _replica_reads.set(enabled)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        return REPLICA if _replica_reads.get() else "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db != REPLICA


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"GET", "HEAD"} and not request.path.startswith("/admin/"):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
