"""One index writer at a time, even when the index directory is deleted under it (issue 14,
item 7): the lock lives beside the index root and the running writer re-asserts it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from archive.search.filelock import LockHeld
from archive.search.rebuild import rebuild
from archive.search.writer import run_writer, writer_lock_path

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(predicate, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def holds_lock(path: Path) -> bool:
    """The lock file names this process (the running writer thread took it)."""
    try:
        return path.read_text().strip() == str(os.getpid())
    except FileNotFoundError:
        return False


class WriterThread(threading.Thread):
    """The index writer's loop (run_writer, as `manage.py index_writer` runs it) in a thread
    of this process; ``errors`` holds what ended it."""

    def __init__(self, poll: float) -> None:
        super().__init__(daemon=True)
        self.poll = poll
        self.stop = threading.Event()
        self.errors: list[BaseException] = []

    def run(self) -> None:
        try:
            run_writer(poll=self.poll, stop=self.stop)
        except BaseException as exc:
            self.errors.append(exc)
        finally:
            connection.close()

    def finish(self) -> None:
        self.stop.set()
        self.join(10)
        assert not self.is_alive()


@pytest.fixture
def start_writer(index_root):
    rebuild()
    started: list[WriterThread] = []

    def start(poll: float = 0.02) -> WriterThread:
        writer = WriterThread(poll)
        writer.start()
        started.append(writer)
        assert wait_for(lambda: holds_lock(writer_lock_path()))
        return writer

    yield start
    for writer in started:
        writer.finish()


def second_writer_process(index_root: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """`manage.py index_writer --once` as another process on the same index (a database of
    its own: refused, it never reaches it)."""
    env = {**os.environ, "ARCHIVE_INDEX_DIR": str(index_root),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'second.sqlite3'}",
           "ARCHIVE_SEARCH_ENGINE": "whoosh"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "manage.py", "index_writer", "--once"],
                          cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_lock_is_outside_the_index_directory(index_root):
    assert writer_lock_path().parent == index_root.parent


def test_a_second_writer_is_refused_after_the_index_directory_is_deleted(
        start_writer, index_root, tmp_path):
    first = start_writer()
    shutil.rmtree(index_root)
    with pytest.raises(LockHeld, match="another index writer"):
        run_writer(once=True)
    other = second_writer_process(index_root, tmp_path)
    assert other.returncode != 0
    assert "another index writer is running" in other.stderr
    assert first.is_alive() and first.errors == []  # the first writer runs on


def test_a_deleted_lock_file_is_taken_again_by_the_running_writer(start_writer):
    first = start_writer()
    path = writer_lock_path()
    path.unlink()
    assert wait_for(lambda: holds_lock(path), 5)  # re-asserted within a poll
    with pytest.raises(LockHeld, match="another index writer"):
        run_writer(once=True)
    assert first.is_alive() and first.errors == []


def test_a_writer_whose_lock_was_taken_by_another_stops(start_writer):
    """If a second writer got the path's lock in the gap before the first one's next poll,
    the first one gives way (two never write together)."""
    from archive.search.filelock import FileLock

    first = start_writer(poll=1.5)
    time.sleep(0.3)  # its first batch is done: it waits for its next poll
    path = writer_lock_path()
    path.unlink()
    other = FileLock(path)
    other.acquire()
    try:
        first.join(10)  # at its next poll it re-asserts its lock before anything else
        assert not first.is_alive()
        assert len(first.errors) == 1 and isinstance(first.errors[0], LockHeld)
        assert "took the lock" in str(first.errors[0])
    finally:
        other.release()
