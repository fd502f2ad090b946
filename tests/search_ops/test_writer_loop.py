"""The polling writer (what `make run` starts) makes an edit searchable within seconds."""

import threading
import time

import pytest
from django.db import connection

from archive.search.params import SearchParams
from archive.search.rebuild import rebuild
from archive.search.selector import search_articles
from archive.search.writer import IndexWriter, writer_lock
from tests.factories import ArticleFactory


@pytest.fixture
def running_writer(index_root, transactional_db):
    rebuild()
    stop = threading.Event()

    def loop():
        try:
            with writer_lock():
                IndexWriter().run(poll=0.1, stop=stop)
        finally:
            connection.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=10)


def wait_for(predicate, seconds: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def test_an_edit_is_searchable_within_five_seconds(running_writer):
    article = ArticleFactory(title="Budget rectificatif")
    article.title = "Zygomorphique budget rectificatif"
    article.save()
    assert wait_for(lambda: search_articles(SearchParams(q="zygomorphique")).total == 1, 5)


def test_a_deleted_article_leaves_search_within_five_seconds(running_writer):
    article = ArticleFactory(title="Zygomorphique")
    assert wait_for(lambda: search_articles(SearchParams(q="zygomorphique")).total == 1, 5)
    article.delete()
    assert wait_for(lambda: search_articles(SearchParams(q="zygomorphique")).total == 0, 5)
