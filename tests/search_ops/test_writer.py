"""The single writer applies queued changes to a real Whoosh index, and never loses one."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from whoosh.index import open_dir

from archive.models import Article, ArticleAuthor, IndexTask
from archive.search import backend as search_backend
from archive.search.filelock import LockHeld
from archive.search.location import live_index_dir
from archive.search.rebuild import rebuild
from archive.search.writer import IndexWriter, writer_lock
from tests.factories import ArticleFactory, AuthorFactory, FigureFactory, MentionFactory
from tests.search_ops.conftest import ids_with, indexed_ids, queued

pytestmark = pytest.mark.django_db


def drain():
    return IndexWriter().drain()


def test_a_saved_article_is_indexed_and_its_task_deleted(index_root):
    article = ArticleFactory()
    drain()
    assert indexed_ids() == {article.pk}
    assert queued() == []


def test_many_saves_of_one_article_are_applied_once(index_root):
    article = ArticleFactory()
    for n in range(5):
        article.title = f"Title {n}"
        article.save()
    report = drain()
    assert (report.batches, report.updated) == (1, 1)
    assert queued() == []


def test_a_withdrawn_article_leaves_the_index(index_root):
    article = ArticleFactory()
    drain()
    article.status = Article.Status.WITHDRAWN
    article.save()
    drain()
    assert indexed_ids() == set()


def test_a_deleted_article_leaves_the_index(index_root):
    article, other = ArticleFactory(), ArticleFactory()
    drain()
    article.delete()
    drain()
    assert indexed_ids() == {other.pk}


def test_an_author_added_through_the_m2m_reaches_the_index(index_root):
    article = ArticleFactory()
    drain()
    article.authors.add(AuthorFactory(slug="ada"), through_defaults={"position": 0})
    drain()
    assert ids_with("author", "ada") == {article.pk}


def test_an_author_removed_leaves_the_article_document(index_root):
    author = AuthorFactory(slug="ada")
    article = ArticleFactory(authors=[author])
    drain()
    ArticleAuthor.objects.filter(article=article).delete()
    drain()
    assert ids_with("author", "ada") == set()


def test_a_new_mention_reaches_the_figure_facet(index_root):
    article = ArticleFactory()
    drain()
    MentionFactory(article=article, figure=FigureFactory(slug="marine-le-pen"))
    drain()
    assert ids_with("figure", "marine-le-pen") == {article.pk}


def test_a_rejected_mention_leaves_the_figure_facet(index_root):
    article = ArticleFactory()
    mention = MentionFactory(article=article, figure=FigureFactory(slug="marine-le-pen"))
    drain()
    mention.rejected = True
    mention.save()
    drain()
    assert ids_with("figure", "marine-le-pen") == set()


@pytest.fixture
def held_index_lock(index_root, monkeypatch):
    """Whoosh's own write lock on the live index, held by another writer."""
    monkeypatch.setattr(search_backend, "LOCK_TIMEOUT", 0.2)
    rebuild()
    other_writer = open_dir(str(live_index_dir())).writer()
    yield other_writer
    if other_writer.is_closed is False:
        other_writer.cancel()


def make_due():
    IndexTask.objects.update(available_at=timezone.now())


def test_an_update_that_meets_a_locked_index_is_kept_and_retried(held_index_lock):
    article = ArticleFactory()
    report = drain()
    assert report.failed_tasks == 1
    task = IndexTask.objects.get()
    assert (task.object_id, task.attempts) == (article.pk, 1)
    assert "lock" in task.last_error.lower()
    assert task.available_at > timezone.now()
    held_index_lock.cancel()
    make_due()
    drain()
    assert indexed_ids() == {article.pk}
    assert queued() == []


def test_a_delete_that_meets_a_locked_index_is_applied_after_the_lock_is_released(
    index_root, monkeypatch
):
    monkeypatch.setattr(search_backend, "LOCK_TIMEOUT", 0.2)
    article = ArticleFactory()
    drain()
    other_writer = open_dir(str(live_index_dir())).writer()
    pk = article.pk
    article.delete()
    drain()
    assert indexed_ids() == {pk}  # still there, but the task is kept
    assert queued(IndexTask.Action.DELETE) == [pk]
    other_writer.cancel()
    make_due()
    drain()
    assert indexed_ids() == set()


def test_retries_back_off_exponentially(held_index_lock):
    ArticleFactory()
    delays = []
    for _ in range(3):
        make_due()
        before = timezone.now()
        drain()
        delays.append(IndexTask.objects.get().available_at - before)
    assert delays[0] < delays[1] < delays[2] <= dt.timedelta(minutes=5, seconds=1)


def test_a_second_writer_refuses_to_start(index_root):
    with writer_lock():
        with pytest.raises(LockHeld):
            writer_lock().acquire()
        with pytest.raises(CommandError, match="another index writer"):
            call_command("index_writer", "--once")


def test_index_writer_once_drains_the_queue(index_root):
    article = ArticleFactory()
    call_command("index_writer", "--once")
    assert indexed_ids() == {article.pk}


def test_one_article_that_cannot_be_indexed_is_isolated_in_halves(index_root, monkeypatch):
    """A batch that fails is applied again in halves (log2 of the batch tries, not one
    commit per article); the bad article's task waits for a retry, the others are done."""
    from archive.search_indexes import ArticleIndex

    articles = [ArticleFactory() for _ in range(16)]
    bad = articles[5]
    real_prepare = ArticleIndex.full_prepare

    def full_prepare(self, obj, *args, **kwargs):
        if obj.pk == bad.pk:
            raise ValueError("cannot index this one")
        return real_prepare(self, obj, *args, **kwargs)

    monkeypatch.setattr(ArticleIndex, "full_prepare", full_prepare)
    writer = IndexWriter()
    tries = []
    real_apply = writer._apply
    monkeypatch.setattr(writer, "_apply", lambda ids, report: (tries.append(len(ids)),
                                                               real_apply(ids, report)))
    report = writer.drain()
    assert indexed_ids() == {a.pk for a in articles} - {bad.pk}
    assert queued() == [bad.pk]
    assert IndexTask.objects.get(object_id=bad.pk).attempts == 1
    assert report.failed_tasks == 1 and report.updated == 15
    assert len(tries) <= 1 + 2 * 4  # the batch, then two halves on each of 4 levels


def test_a_deep_queue_is_analysed_by_sub_processes_and_replaces_previous_versions(
        index_root, settings, monkeypatch):
    import multiprocessing

    from archive.search import whoosh_writing

    settings.ARCHIVE_INDEX_PROCS = 2
    monkeypatch.setattr(whoosh_writing, "PARALLEL_MIN_DOCS", 6)
    monkeypatch.setattr(whoosh_writing, "PARALLEL_BATCH", 2)
    articles = [ArticleFactory(title=f"Ancien titre {n}") for n in range(10)]
    drain()
    procs = []
    real_writer = search_backend.ArchiveWhooshSearchBackend.writer
    monkeypatch.setattr(search_backend.ArchiveWhooshSearchBackend, "writer",
                        lambda self, procs_=1: (procs.append(procs_),
                                                real_writer(self, procs_))[1])
    for n, article in enumerate(articles):
        article.title = f"Nouveau titre {n}"
        article.save()
    report = drain()
    assert (report.batches, report.updated) == (1, 10)
    assert procs == [2]
    with open_dir(str(live_index_dir())).searcher() as searcher:
        assert searcher.doc_count() == 10  # every previous version deleted
        titles = sorted(doc["title"] for doc in searcher.all_stored_fields())
    assert titles == sorted(f"Nouveau titre {n}" for n in range(10))
    assert indexed_ids() == {a.pk for a in articles}
    assert multiprocessing.active_children() == []


def test_a_deep_batch_is_read_a_chunk_at_a_time_while_the_backend_writes(index_root,
                                                                        monkeypatch):
    """The backend gets the batch's articles as they are read, LOAD_CHUNK at a time (the
    PostgreSQL engine's statements run while the next chunk loads): the first article is
    prepared before the last chunk is read, and every article and removal is applied."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.search import writer as writer_module
    from archive.search_indexes import ArticleIndex

    monkeypatch.setattr(writer_module, "LOAD_CHUNK", 3)
    articles = [ArticleFactory(title=f"Chunk {i}") for i in range(8)]
    drain()
    gone = articles.pop()
    gone.delete()
    for article in articles:
        article.title += " again"
        article.save()
    real_prepare = ArticleIndex.prepare
    reads_before_first = []

    def prepare(self, obj):
        if not reads_before_first:
            reads_before_first.append(sum('FROM "archive_article"' in q["sql"]
                                          and "LIMIT 3" in q["sql"]
                                          for q in captured.captured_queries))
        return real_prepare(self, obj)

    monkeypatch.setattr(ArticleIndex, "prepare", prepare)
    with CaptureQueriesContext(connection) as captured:
        report = drain()
    assert (report.updated, report.removed) == (7, 1)
    assert reads_before_first == [1]  # one chunk read, not all three
    assert indexed_ids() == {a.pk for a in articles}
    assert ids_with("title", "again") == {a.pk for a in articles}
