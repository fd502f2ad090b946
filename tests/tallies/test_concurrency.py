"""Concurrent edits add up: writers that change the same buckets and the same article at
once leave the tallies equal to a count from nothing (PostgreSQL's run locks the rows;
SQLite's writers take turns: tests/reliability/concurrency.py, on a database file)."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from archive.models import Mention
from archive.tallies.buckets import FIGURE
from archive.tallies.counting import differences
from archive.tallies.read import total
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 4
EDITS = 6


def test_concurrent_edits_of_the_same_buckets_add_up():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory SQLite test database locks whole tables across threads; "
                    "tests/reliability/concurrency.py checks SQLite's tallies on a file")
    figure = f.FigureFactory()
    shared = f.ArticleFactory(published_on=dt.date(2020, 1, 1))
    others = [f.FigureFactory() for _ in range(WRITERS)]
    articles = [[f.ArticleFactory(published_on=dt.date(2020, 1, 2)) for _ in range(EDITS)]
                for _ in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    errors = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for article in articles[n]:
                with transaction.atomic():
                    f.MentionFactory(article=article, figure=figure)
                    f.MentionFactory(article=article, figure=others[n])
            with transaction.atomic():  # every writer edits the same article too
                f.MentionFactory(article=shared, figure=others[n])
        except Exception as exc:  # reported below, with the thread's name
            errors.append(f"writer {n}: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert Mention.objects.count() == WRITERS * (2 * EDITS + 1)
    assert total(FIGURE, figure.pk) == WRITERS * EDITS
    assert differences() == {}
