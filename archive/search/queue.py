"""The index queue: data changes become IndexTask rows; one writer applies them."""

from collections.abc import Iterable

from archive.models import IndexTask

ARTICLE = "archive.article"


def enqueue(model: str, ids: Iterable[int], action: str = IndexTask.Action.UPDATE) -> int:
    tasks = [IndexTask(model=model, object_id=pk, action=action) for pk in set(ids)]
    IndexTask.objects.bulk_create(tasks, batch_size=500)
    return len(tasks)


def enqueue_article_updates(ids: Iterable[int]) -> int:
    return enqueue(ARTICLE, ids, IndexTask.Action.UPDATE)


def enqueue_article_deletes(ids: Iterable[int]) -> int:
    return enqueue(ARTICLE, ids, IndexTask.Action.DELETE)
