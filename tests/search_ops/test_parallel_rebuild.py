"""A rebuild's documents analysed by sub-processes (archive/search/whoosh_writing.py): the same
index as one process writes, and a sub-process that dies fails the rebuild loudly."""

import multiprocessing
import os
import time

import pytest
from whoosh.index import open_dir
from whoosh.writing import SegmentWriter

from archive.search import whoosh_writing
from archive.search.location import live_index_dir
from archive.search.params import SearchParams
from archive.search.rebuild import rebuild
from archive.search.selector import search_articles
from archive.search.whoosh_index import reading
from archive.search.whoosh_writing import SubprocessFailed
from tests.factories import ArticleFactory
from tests.search_ops.conftest import indexed_ids

pytestmark = pytest.mark.django_db

QUERIES = ("retraites", "réforme retraites", '"assurance chômage"', "")


def answers() -> list:
    """Counts, facets and the newest-first order of each query; for relevance the set of
    hits (BM25's length normalisation is per segment, so the scores of one article differ
    slightly with the segments it lands in: docs/search.md)."""
    out = []
    for q in QUERIES:
        for sort in ("relevance", "newest"):
            page = search_articles(SearchParams(q=q, sort=sort, per_page=50))
            hits = [h.article.pk for h in page.hits]
            out.append((q, sort, page.total, sorted(hits) if sort == "relevance" else hits,
                        sorted((k, [(f.value, f.count) for f in v])
                               for k, v in page.facets.items())))
    return out


@pytest.fixture
def small_batches(monkeypatch):
    """Sub-processes from 10 documents, job files of 3 and a commit every 4 per process:
    several jobs per sub-process and several commits with a 40-article corpus."""
    monkeypatch.setattr(whoosh_writing, "PARALLEL_MIN_DOCS", 10)
    monkeypatch.setattr(whoosh_writing, "PARALLEL_BATCH", 3)
    monkeypatch.setattr(whoosh_writing, "PARALLEL_SEGMENT_DOCS", 4)


def corpus() -> list:
    bodies = ["La réforme des retraites passe.", "Assurance chômage: la réforme.",
              "Les retraites, encore les retraites.", "Rien à voir."]
    return [ArticleFactory(title=f"Article {i}", body=bodies[i % 4] * (1 + i % 3))
            for i in range(40)]


def test_two_processes_build_the_index_one_process_builds(index_root, settings, small_batches):
    articles = corpus()
    settings.ARCHIVE_INDEX_PROCS = 1
    rebuild()
    alone = answers()
    settings.ARCHIVE_INDEX_PROCS = 2
    report = rebuild()
    assert report.total == len(articles)
    assert indexed_ids() == {a.pk for a in articles}
    with reading() as snapshot:
        assert snapshot.searcher.doc_count() == len(articles)
        assert len(snapshot.values.leaves) > 2  # one segment per process and commit
    assert answers() == alone
    assert multiprocessing.active_children() == []


def segment_layout() -> list[list[int]]:
    """The article pks of each segment of the live index, in segment order (raw Whoosh)."""
    with open_dir(str(live_index_dir())).reader() as reader:
        return [list(leaf.column_reader("article_id", translate=False))
                for leaf, _ in reader.leaf_readers()]


def ranked() -> list:
    return [[h.article.pk for h in search_articles(SearchParams(q=q, per_page=50)).hits]
            for q in QUERIES if q]


def test_the_parallel_layout_does_not_depend_on_which_sub_process_is_faster(
        index_root, settings, small_batches, monkeypatch):
    """Job k goes to sub-process k % procs: with one sub-process slowed down (the other would
    take more jobs from a shared queue) the segments hold the same articles in the same
    order, so a second rebuild (a restored backup's) ranks near-equal scores the same."""
    corpus()
    settings.ARCHIVE_INDEX_PROCS = 2
    rebuild()
    layout, order = segment_layout(), ranked()
    assert len(layout) > 2
    real_add = SegmentWriter.add_document

    def add_document(self, **fields):  # runs in the forked sub-processes
        if int(fields["title"].split()[-1]) % 6 < 3:  # the first job file of each pair
            time.sleep(0.02)
        return real_add(self, **fields)

    monkeypatch.setattr(SegmentWriter, "add_document", add_document)
    rebuild()
    assert segment_layout() == layout
    assert ranked() == order


def test_a_sub_process_that_dies_fails_the_rebuild_and_the_old_index_serves(
        index_root, settings, small_batches, monkeypatch):
    corpus()
    settings.ARCHIVE_INDEX_PROCS = 2
    old = rebuild().generation
    poisoned = ArticleFactory(title="Poison", body="retraites")
    real_add = SegmentWriter.add_document

    def add_document(self, **fields):  # runs in the forked sub-processes
        if fields.get("title") == "Poison":
            os._exit(3)
        return real_add(self, **fields)

    monkeypatch.setattr(SegmentWriter, "add_document", add_document)
    with pytest.raises(SubprocessFailed, match="status 3|failed"):
        rebuild()
    assert live_index_dir() == old
    assert poisoned.pk not in indexed_ids()
    assert [p.name for p in index_root.glob("gen-*")] == [old.name]
    assert multiprocessing.active_children() == []


def test_an_interrupted_parallel_rebuild_stops_its_sub_processes(index_root, settings,
                                                                 small_batches):
    corpus()
    settings.ARCHIVE_INDEX_PROCS = 2
    old = rebuild().generation

    class Crash(Exception):
        pass

    def crash(label, done, total):
        raise Crash

    with pytest.raises(Crash):
        rebuild(batch_size=25, progress=crash)
    assert live_index_dir() == old
    assert multiprocessing.active_children() == []
