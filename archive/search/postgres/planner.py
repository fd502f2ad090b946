"""What the engine tells PostgreSQL's planner for its statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction


@contextmanager
def index_scans(alias: str, text: bool) -> Iterator:
    """A cursor for one search's statements; with `text` (a word to match), in a transaction
    that tells the planner not to scan the whole table. Each article's tsvector is stored out
    of line, and the planner does not count reading it: for a word in most articles it chose
    a sequential scan that read every vector (490 ms for a count at 100,000 articles) over
    the GIN index and the heap alone (110 ms). The setting ends with the transaction (or,
    inside a caller's transaction, when this block ends).

    JIT compilation goes off with it: a statement whose only plan is a sequential scan (a
    small table: the name table's version check, the suggestion words) is then costed at
    PostgreSQL's "disabled" 10^10, far past ``jit_above_cost``, and compiling it took 0.5 s
    per table at 100,000 articles for a query that runs in 0.3 ms."""
    connection = connections[alias]
    if not text:
        with connection.cursor() as cursor:
            yield cursor
        return
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL jit = off")
        yield cursor
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
        cursor.execute("SET LOCAL jit TO DEFAULT")
