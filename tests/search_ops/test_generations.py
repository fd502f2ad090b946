"""Old index generations do not pile up: a few superseded ones are kept, a killed rebuild's
directory is removed (unless a rebuild is filling it right now)."""

import os
import time

import pytest
from django.core.management import call_command

from archive.search.filelock import FileLock
from archive.search.location import (
    REBUILD_LOCK,
    cleanup_generations,
    current_generation,
    new_generation_dir,
)
from archive.search.rebuild import rebuild
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def generations(root) -> list[str]:
    return sorted(p.name for p in root.glob("gen-*"))


def killed_rebuild_dir(root):
    """What a rebuild killed midway leaves: its generation directory, partly written."""
    path = new_generation_dir(root)
    (path / "_MAIN_1.toc").write_bytes(b"partial")
    (path / "MAIN_abc.seg").write_bytes(b"\0" * 1000)
    return path


def test_a_few_superseded_generations_are_kept(index_root):
    ArticleFactory()
    made = [rebuild().generation.name for _ in range(5)]
    assert generations(index_root) == sorted(made)  # all younger than the readers' grace
    removed = cleanup_generations(index_root, grace_seconds=0)
    assert len(removed) == 2
    assert generations(index_root) == sorted(made[-3:])
    assert current_generation(index_root) == made[-1]


def test_a_killed_rebuilds_directory_is_removed_at_once(index_root):
    live = rebuild().generation.name
    earlier = rebuild().generation.name
    leftover = killed_rebuild_dir(index_root)
    removed = cleanup_generations(index_root)
    assert removed == [leftover]
    assert generations(index_root) == sorted([live, earlier])


def test_a_running_rebuilds_directory_is_left_alone(index_root):
    rebuild()
    filling = killed_rebuild_dir(index_root)
    lock = FileLock(index_root / REBUILD_LOCK)
    lock.acquire()
    try:
        assert cleanup_generations(index_root, grace_seconds=0) == []
    finally:
        lock.release()
    assert filling.is_dir()


def test_the_next_rebuild_and_make_setup_clean_up(index_root):
    rebuild()
    first = killed_rebuild_dir(index_root)
    rebuild()
    assert not first.exists()
    second = killed_rebuild_dir(index_root)
    call_command("ensure_index", verbosity=0)
    assert not second.exists()


def test_generations_from_before_the_history_wait_for_the_grace(index_root):
    rebuild()
    (index_root / "HISTORY").unlink()
    older = index_root / "gen-20000101T000000-aaaaaa"
    older.mkdir()
    recent = index_root / "gen-20000102T000000-bbbbbb"
    recent.mkdir()
    an_hour_ago = time.time() - 3600
    os.utime(older, (an_hour_ago, an_hour_ago))
    assert cleanup_generations(index_root) == [older]
    assert recent.is_dir()


def test_the_first_swap_with_a_history_records_the_generation_it_replaces(index_root):
    previous = rebuild().generation.name
    (index_root / "HISTORY").unlink()
    live = rebuild().generation.name
    assert (index_root / "HISTORY").read_text().split() == [previous, live]
