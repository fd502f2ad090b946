"""`make setup` while `make run` serves: the running index writer holds the writer lock, and
ensure_index (setup's index step) leaves the queue to it instead of failing."""

import pytest
from django.core.management import call_command

from archive.search.rebuild import rebuild
from archive.search.writer import writer_lock

pytestmark = pytest.mark.django_db


def test_ensure_index_succeeds_while_a_writer_holds_the_lock(index_root, capsys):
    rebuild()
    lock = writer_lock()
    lock.acquire()  # what serve's index writer holds while it runs
    try:
        call_command("ensure_index")
    finally:
        lock.release()
    assert "An index writer is running" in capsys.readouterr().out
