"""rebuild_index builds a new generation beside the live one and swaps it in atomically."""

import contextvars

import pytest
from django.core.management import CommandError, call_command

from archive.models import IndexTask
from archive.search.location import POINTER, current_generation, live_index_dir
from archive.search.params import SearchParams
from archive.search.rebuild import MARKER, rebuild
from archive.search.selector import search_articles
from archive.search.whoosh_index import reading
from archive.search.writer import IndexWriter
from tests.factories import ArticleFactory
from tests.search_ops.conftest import indexed_ids, queued

pytestmark = pytest.mark.django_db


class Crash(Exception):
    pass


def crash_after_first_batch(label, done, total):
    raise Crash("disk full, say")


def live_doc_count() -> int:
    """Documents seen by the backend's long-lived, per-process searcher (what readers use)."""
    with reading() as snapshot:
        return snapshot.searcher.doc_count()


def test_rebuild_indexes_everything_into_a_new_live_generation(index_root):
    articles = ArticleFactory.create_batch(3)
    report = rebuild(batch_size=2)
    assert live_index_dir() == report.generation
    assert (index_root / POINTER).read_text().strip() == report.generation.name
    assert indexed_ids() == {a.pk for a in articles}


def test_an_interrupted_rebuild_leaves_the_old_index_serving(index_root):
    old = ArticleFactory()
    old_generation = rebuild().generation
    ArticleFactory.create_batch(3)
    with pytest.raises(Crash):
        rebuild(batch_size=1, progress=crash_after_first_batch)
    assert live_index_dir() == old_generation
    assert indexed_ids() == {old.pk}
    assert live_doc_count() == 1
    assert [h.article.pk for h in search_articles(SearchParams(q=old.title)).hits] == [old.pk]
    assert [p.name for p in index_root.glob("gen-*")] == [old_generation.name]
    assert not (index_root / MARKER).exists()


def test_rebuild_index_command_reports_a_failure_without_touching_the_live_index(index_root):
    old_generation = rebuild().generation
    (index_root / "rebuild.lock").touch()
    from archive.search.filelock import FileLock

    with FileLock(index_root / "rebuild.lock"), pytest.raises(CommandError, match="already"):
        call_command("rebuild_index", "--noinput")
    assert live_index_dir() == old_generation


def test_readers_switch_to_the_new_generation_after_the_swap(index_root):
    ArticleFactory()
    rebuild()
    assert live_doc_count() == 1  # a long-lived searcher is now open on the first generation
    ArticleFactory.create_batch(2)
    IndexTask.objects.all().delete()  # only the rebuild can bring them in
    rebuild()
    assert live_doc_count() == 3


def test_changes_applied_during_a_rebuild_are_replayed_on_the_new_generation(index_root):
    first = ArticleFactory()
    rebuild()
    IndexTask.objects.all().delete()
    edited = {}

    def edit_while_rebuilding(label, done, total):
        if edited:
            return
        # Another article is deleted and one added while the rebuild runs; the writer (run
        # outside the rebuild's context, as a separate process would) applies both to the live
        # index at once and keeps the tasks for the new generation.
        edited["new"] = ArticleFactory()
        first.delete()
        report = contextvars.Context().run(IndexWriter().drain)
        edited["parked"] = report.parked_tasks

    ArticleFactory.create_batch(2)
    IndexTask.objects.all().delete()
    report = rebuild(batch_size=1, progress=edit_while_rebuilding)
    assert edited["parked"] >= 2
    assert report.replayed_tasks >= 2
    IndexWriter().drain()
    assert edited["new"].pk in indexed_ids()
    assert len(indexed_ids()) == 3  # the two of the batch + the new one; the deleted one is gone
    assert queued() == []


def test_a_rebuild_killed_midway_releases_its_parked_tasks_to_the_next_writer(index_root):
    rebuild()
    (index_root / MARKER).write_text('{"pid": 999999999, "generation": "gen-x"}')
    article = ArticleFactory()
    IndexTask.objects.filter(object_id=article.pk).update(
        available_at=IndexTask._meta.get_field("available_at").default()
    )
    IndexWriter().drain()
    assert article.pk in indexed_ids()
    assert queued() == []
    assert not (index_root / MARKER).exists()


def test_old_generations_are_cleaned_up_after_their_grace_period(index_root):
    from archive.search.location import cleanup_generations

    for _ in range(3):
        rebuild()
    removed = cleanup_generations(index_root, keep=0, grace_seconds=0)
    assert len(removed) == 2
    assert [p.name for p in index_root.glob("gen-*")] == [current_generation(index_root)]


def test_update_index_keeps_working_and_writes_into_the_live_generation(index_root):
    generation = rebuild().generation
    article = ArticleFactory()
    call_command("update_index", verbosity=0)
    assert live_index_dir() == generation
    assert indexed_ids() == {article.pk}


def test_a_writer_never_reads_a_half_written_marker_as_a_dead_rebuild(index_root, monkeypatch):
    """The writer checks the marker while a rebuild may be writing it: an empty or partial
    file would pass for a dead rebuild's, be deleted, and the writer would complete tasks the
    rebuild read before their change."""
    from pathlib import Path

    from archive.search import rebuild as rebuild_module

    ArticleFactory()
    seen_while_writing = []
    real_write_text = Path.write_text

    def write_text(path, data, *args, **kwargs):
        real_write_text(path, data[: len(data) // 2], *args, **kwargs)  # half of it, then
        seen_while_writing.append(rebuild_module.recover_abandoned_rebuild())  # a writer looks
        return real_write_text(path, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    marker = index_root / MARKER
    index_root.mkdir(parents=True, exist_ok=True)
    rebuild_module._write_marker(marker, "gen-x")
    assert seen_while_writing == [False]
    assert rebuild_module.rebuild_in_progress()
    assert rebuild_module.recover_abandoned_rebuild() is False  # this process is alive
