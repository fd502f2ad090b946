"""The index queue: data changes become IndexTask rows; one writer applies them.

Rows are cheap to write and never deleted until the index holds the change, so a crash of the
web process, of the writer or of a rebuild never loses an update: the row is still there.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Max
from django.utils import timezone

from archive.models import IndexTask

ARTICLE = "archive.article"
BATCH = 500
#: Tasks applied while a rebuild fills a new generation are parked here (far future) and
#: released when the rebuild ends, so that they are replayed on the generation that goes live.
PARKED_AT = dt.datetime(2999, 1, 1, tzinfo=dt.UTC)
MAX_BACKOFF_SECONDS = 300


def enqueue(model: str, ids: Iterable[int], action: str = IndexTask.Action.UPDATE) -> int:
    tasks = [IndexTask(model=model, object_id=pk, action=action) for pk in set(ids) if pk]
    IndexTask.objects.bulk_create(tasks, batch_size=BATCH)
    return len(tasks)


def enqueue_article_updates(ids: Iterable[int]) -> int:
    return enqueue(ARTICLE, ids, IndexTask.Action.UPDATE)


def enqueue_article_deletes(ids: Iterable[int]) -> int:
    return enqueue(ARTICLE, ids, IndexTask.Action.DELETE)


def claim(limit: int = BATCH, model: str = ARTICLE) -> list[IndexTask]:
    """The oldest due tasks. Only the single writer calls this (it holds the writer lock), so
    reading is claiming: no row locks are needed on SQLite or PostgreSQL."""
    return list(
        IndexTask.objects.filter(model=model, available_at__lte=timezone.now()).order_by("id")[
            :limit
        ]
    )


def complete(tasks: Sequence[IndexTask]) -> None:
    """The index holds these changes: forget the rows (by id, so that newer rows for the same
    article, written after the claim, stay queued)."""
    ids = [t.pk for t in tasks]
    for start in range(0, len(ids), BATCH):
        IndexTask.objects.filter(pk__in=ids[start : start + BATCH]).delete()


def backoff_seconds(attempts: int) -> int:
    return min(2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def fail(tasks: Sequence[IndexTask], error: str) -> None:
    """Keep the rows, count the attempt and retry later with exponential backoff."""
    now = timezone.now()
    for task in tasks:
        task.attempts += 1
        task.last_error = error[:2000]
        task.available_at = now + dt.timedelta(seconds=backoff_seconds(task.attempts))
    IndexTask.objects.bulk_update(tasks, ["attempts", "last_error", "available_at"],
                                  batch_size=BATCH)


def park(tasks: Sequence[IndexTask]) -> None:
    """Applied to the live index during a rebuild: keep them for replay on the new one."""
    ids = [t.pk for t in tasks]
    for start in range(0, len(ids), BATCH):
        IndexTask.objects.filter(pk__in=ids[start : start + BATCH]).update(
            available_at=PARKED_AT, last_error="applied during a rebuild; replayed after it"
        )


def release_parked() -> int:
    parked = IndexTask.objects.filter(available_at__gte=PARKED_AT)
    if not parked.exists():  # the writer asks every poll: stay read-only when there is none
        return 0
    return IndexTask.objects.filter(available_at__gte=PARKED_AT).update(
        available_at=timezone.now(), last_error=""
    )


def pending_count() -> int:
    return IndexTask.objects.count()


def oldest_attempts() -> int:
    return IndexTask.objects.aggregate(m=Max("attempts"))["m"] or 0
