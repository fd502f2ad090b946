"""The IndexTask queue, the single writer, rebuilds and the index commands drive the
PostgreSQL engine as they drive Whoosh."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from haystack.inputs import Clean
from haystack.query import SearchQuerySet

from archive.models import Article, IndexTask
from archive.search import rebuild as rebuild_module
from archive.search.postgres import schema
from archive.search.writer import IndexWriter
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def count(**filters) -> int:
    return SearchQuerySet().filter(**filters).count()


def test_writer_applies_queued_saves_and_deletes(postgres_default):
    kept = ArticleFactory(title="Réforme", body="les retraites")
    gone = ArticleFactory(title="Autre", body="retraites encore")
    assert IndexTask.objects.count() >= 2  # queued by the save signals
    report = IndexWriter().drain()
    assert report.updated == 2 and IndexTask.objects.count() == 0
    assert count(content=Clean("retraites")) == 2
    gone.delete()
    kept.title = "Chasse"
    kept.save()
    report = IndexWriter().drain()
    assert report.removed == 1
    assert count(content=Clean("retraites")) == 1
    assert count(title=Clean("chasse")) == 1


def test_rebuild_serves_the_old_index_until_the_swap_and_replays_changes(postgres_default):
    first = ArticleFactory(title="Premier", body="retraites")
    IndexWriter().drain()
    for i in range(4):
        ArticleFactory(title=f"Suivant {i}", body="retraites")
    seen_during = []

    def progress(label, done, total):
        seen_during.append(count(content=Clean("retraites")))
        if len(seen_during) == 1:  # an editor's change while the rebuild runs
            first.title = "Premier modifié"
            first.save()
            IndexWriter().drain()  # applied to the live table, parked for replay

    report = rebuild_module.rebuild("default", batch_size=2, progress=progress)
    assert seen_during[0] == 1  # mid-rebuild, readers still search the old, complete index
    assert report.total == 5 and report.replayed_tasks >= 1
    IndexWriter().drain()  # the replayed task lands in the new live table
    assert count(content=Clean("retraites")) == 5
    assert count(title=Clean("modifie")) == 1
    assert schema.is_built("default")


def test_failed_rebuild_leaves_the_live_index_and_drops_the_staging_table(postgres_default,
                                                                          monkeypatch):
    ArticleFactory(title="Premier", body="retraites")
    IndexWriter().drain()
    ArticleFactory(title="Second", body="retraites")

    def boom(label, done, total):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        rebuild_module.rebuild("default", batch_size=1, progress=boom)
    assert count(content=Clean("retraites")) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('search_article_next')")
        assert cursor.fetchone()[0] is None


def test_ensure_index_builds_once_then_only_drains(postgres_default):
    ArticleFactory.create_batch(3, body="retraites")
    assert not schema.is_built("default")
    call_command("ensure_index", verbosity=0)
    assert schema.is_built("default") and count() == 3
    ArticleFactory(body="retraites")
    call_command("ensure_index", verbosity=0)  # no rebuild: the queued save is applied
    assert count() == 4


def test_rebuild_index_and_update_index_commands(postgres_default):
    ArticleFactory.create_batch(2, body="retraites")
    ArticleFactory(body="retraites", status=Article.Status.DRAFT)
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert count() == 2
    postgres_default.backend.clear()
    assert count() == 0
    call_command("update_index", verbosity=0)
    assert count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_reader_sees_the_old_or_the_new_index_never_an_empty_one(
        postgres_default):
    import threading
    import time

    from django.db import connections

    ArticleFactory.create_batch(3, body="retraites")
    IndexWriter().drain()
    ArticleFactory.create_batch(3, body="retraites")  # queued, not applied: the rebuild has 6
    stop, seen, errors = threading.Event(), [], []

    def reader() -> None:
        try:
            while not stop.is_set():
                seen.append(count(content=Clean("retraites")))
        except Exception as exc:  # any failure is the finding
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        while not seen:
            time.sleep(0.01)
        rebuild_module.rebuild("default", batch_size=1)
        seen_at_swap = len(seen)
        while len(seen) < seen_at_swap + 3:
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join(10)
    assert not errors
    assert set(seen) <= {3, 6} and seen[0] == 3 and seen[-1] == 6
    schema.drop_next("default")
    postgres_default.backend.clear()  # the search tables are not flushed between tests


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_writes_its_batches_from_worker_threads(postgres_default,
                                                          monkeypatch):
    """Outside a transaction, a rebuild sends its batches from worker threads with their own
    connections while the next is prepared; every article lands, and a failed batch fails
    the rebuild and leaves the live index as it was."""
    import threading

    from archive.search.postgres import backend as pg_backend
    from archive.search.postgres import writing

    monkeypatch.setattr(writing, "WRITE_BATCH", 4)  # statements of 2 from 2 threads
    ArticleFactory.create_batch(7, body="retraites")
    writers: list[str] = []
    write = pg_backend.PostgresSearchBackend._write

    def recording(self, rows):
        writers.append(threading.current_thread().name)
        return write(self, rows)

    monkeypatch.setattr(pg_backend.PostgresSearchBackend, "_write", recording)
    try:
        rebuild_module.rebuild("default", batch_size=3)
        assert count(content=Clean("retraites")) == 7
        assert len(writers) == 4 and threading.main_thread().name not in writers
        edited = Article.objects.order_by("pk")[:3]
        for article in edited:
            article.body = "grève générale"
            article.save()
        IndexWriter().drain()  # the queue writer's batches go the same way
        assert count(content=Clean("retraites")) == 4 and count(content=Clean("grève")) == 3
        assert len(writers) > 4 and threading.main_thread().name not in writers
        for article in edited:
            article.body = "retraites"
            article.save()
        IndexWriter().drain()
        writers.clear()

        ArticleFactory.create_batch(2, body="retraites")

        def failing(self, rows):
            if len(writers) >= 1:
                raise RuntimeError("the database went away")
            return recording(self, rows)

        monkeypatch.setattr(pg_backend.PostgresSearchBackend, "_write", failing)
        with pytest.raises(RuntimeError, match="went away"):
            rebuild_module.rebuild("default", batch_size=3)
        assert count(content=Clean("retraites")) == 7  # the live index is untouched
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [schema.ARTICLES + schema.NEXT])
            assert cursor.fetchone()[0] is None
    finally:
        schema.drop_next("default")
        postgres_default.backend.clear()


def test_a_write_whose_text_is_unchanged_keeps_the_vectors_and_updates_the_facets(
        postgres_default):
    """Analysing the text is most of a write, and most updates (a detection run, a mention
    rejected, an author added) leave it as it was: only articles whose language, title or
    body changed are analysed again; the others get their new facets all the same."""
    import json

    from tests.factories import FigureFactory, MentionFactory

    kept = ArticleFactory(title="Budget", body="Le budget de la sécurité sociale.")
    edited = ArticleFactory(title="Retraites", body="La réforme des retraites.")
    relabelled = ArticleFactory(title="Police", body="Police and justice.", language="fr")
    IndexWriter().drain()
    figure = FigureFactory()
    MentionFactory(article=kept, figure=figure)  # kept is queued: new facets, same text
    edited.body = "La réforme des retraites et du chômage."
    edited.save()
    relabelled.language = "en"
    relabelled.save()
    writes = []

    def spy(execute, sql, params, many, context):
        if "jsonb_to_recordset" in sql:
            kind = "analysed" if sql.lstrip().startswith("INSERT") else "refreshed"
            writes.append((kind, sorted(r["article_id"] for r in json.loads(params[0]))))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        report = IndexWriter().drain()
    assert report.updated == 3
    assert writes == [("refreshed", sorted([kept.pk, edited.pk, relabelled.pk])),
                      ("analysed", sorted([edited.pk, relabelled.pk]))]
    assert count(figure=figure.slug) == 1  # the facet of the unchanged article
    assert count(content=Clean("budget")) == 1  # its vectors kept
    assert count(content=Clean("chomage")) == 1  # the edited body, analysed again
    assert count(content=Clean("justice"), language="en") == 1  # in its new language
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_article WHERE text_hash IS NULL")
        assert cursor.fetchone()[0] == 0
