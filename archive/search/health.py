"""Is the search index whole? What /healthz and ``ensure_index`` ask.

The index is opened and read through the configured engine (the Whoosh segments, or the
PostgreSQL search table), one real query counts its articles, and that count is compared
with the published articles of the database. The two may differ by at most the queue's
backlog (IndexTask rows not yet applied by the writer); beyond that the index has lost or
kept documents behind the database's back and a rebuild is due.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection
from haystack import connections
from haystack.query import SearchQuerySet

from archive.models import Article, IndexTask
from archive.search import queue
from archive.search.availability import SearchUnavailable, engine_errors


@dataclass(frozen=True)
class IndexHealth:
    engine: str
    ok: bool
    reason: str = ""
    indexed: int | None = None  # documents the index holds
    expected: int | None = None  # published articles in the database
    queued: int | None = None  # IndexTask rows waiting for the writer
    seconds: float = 0.0

    @property
    def missing(self) -> bool:
        return self.reason.startswith("index missing")

    def figures(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k in ("indexed", "expected", "queued")}


def database_counts() -> tuple[int, int]:
    """(published articles, queued index tasks for articles) in one statement, so both
    describe the same moment on SQLite and PostgreSQL."""
    quote = connection.ops.quote_name
    articles, tasks = Article._meta, IndexTask._meta
    sql = (f"SELECT (SELECT COUNT(*) FROM {quote(articles.db_table)} "
           f"WHERE {quote(articles.get_field('status').column)} = %s), "
           f"(SELECT COUNT(*) FROM {quote(tasks.db_table)} "
           f"WHERE {quote(tasks.get_field('model').column)} = %s)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [Article.Status.PUBLISHED, queue.ARTICLE])
        expected, queued = cursor.fetchone()
    return int(expected), int(queued)


def indexed_count(using: str = "default") -> int:
    """Open the index, read it (the engine's own check, when it has one) and count its
    articles with a real query. Raises ``SearchUnavailable``."""
    with engine_errors():
        backend = connections[using].get_backend()
        verify = getattr(backend, "verify", None)
        if callable(verify):
            verify()
        return SearchQuerySet(using=using).models(Article).count()


def check_index(using: str = "default") -> IndexHealth:
    started = time.perf_counter()
    engine = settings.ARCHIVE_SEARCH_ENGINE
    health = None
    for _attempt in range(2):  # the writer may apply a task between the two reads: ask again
        try:
            indexed = indexed_count(using)
        except SearchUnavailable as exc:
            return IndexHealth(engine, False, exc.reason,
                               seconds=time.perf_counter() - started)
        expected, queued = database_counts()
        ok = abs(indexed - expected) <= queued
        reason = "" if ok else (f"index holds {indexed} documents, the database {expected} "
                                f"({queued} queued)")
        health = IndexHealth(engine, ok, reason, indexed, expected, queued,
                             time.perf_counter() - started)
        if ok:
            break
    return health
