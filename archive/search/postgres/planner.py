"""What the engine tells PostgreSQL's planner for its statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction

#: work_mem of a word search: an exact bitmap of every heap page of 1,000,000 articles
#: (~200,000 pages) takes about 13 MB.
BITMAP_MEMORY = "64MB"
#: cpu_operator_cost of a word search (PostgreSQL's default: 0.0025): testing a word on a
#: row's out-of-line vector costs about 20 times a default operator, a cost the planner
#: does not see (see ``index_scans``).
VECTOR_OPERATOR_COST = "0.05"


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
    per table at 100,000 articles for a query that runs in 0.3 ms.

    And the matching rows' bitmap gets the memory to stay exact (``BITMAP_MEMORY``): with
    the default 4 MB, a word in 400,000 of 1,000,000 articles made half the heap pages lossy,
    and PostgreSQL re-tested 295,000 rows' out-of-line vectors: 8.5 s instead of 1.2.

    Operators cost ``VECTOR_OPERATOR_COST``: at the default, a common word and a figure in a
    third of the articles were answered from the figure's index alone, testing the word on
    each of its 36,000 rows' vectors (150-270 ms); priced closer to what a vector test costs,
    the planner ANDs the two indexes' bitmaps (30 ms)."""
    connection = connections[alias]
    if not text:
        with connection.cursor() as cursor:
            yield cursor
        return
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SET LOCAL work_mem = '{BITMAP_MEMORY}'")
        cursor.execute(f"SET LOCAL cpu_operator_cost = {VECTOR_OPERATOR_COST}")
        yield cursor
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
        cursor.execute("SET LOCAL jit TO DEFAULT")
        cursor.execute("SET LOCAL work_mem TO DEFAULT")
        cursor.execute("SET LOCAL cpu_operator_cost TO DEFAULT")
