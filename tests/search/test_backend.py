"""The project backend keeps haystack's API and Whoosh's guarantees."""

import pytest
from django.core.management import call_command
from haystack.query import SearchQuerySet
from whoosh.index import LockError

from archive.search import backend as search_backend
from archive.search import whoosh_writing
from archive.search.params import SearchParams
from archive.search.selector import search_articles
from archive.search.whoosh_index import live_index, reading
from tests.factories import ArticleFactory


def test_update_index_command_indexes_published_articles(search_index):
    ArticleFactory(title="Visible", body="retraites")
    ArticleFactory(title="Draft", body="retraites", status="draft")
    call_command("update_index", verbosity=0)
    with reading() as snap:
        assert snap.values.doc_count_all == 1


def test_search_queryset_still_works(make_article, politics):
    article = make_article(title="Visible", body="Mélenchon et les retraites",
                           parties=[politics["rn"]])
    make_article(title="Other", body="Glyphosate")
    assert [r.pk for r in SearchQuerySet().filter(content="melenchon")] == [str(article.pk)]
    assert [r.pk for r in SearchQuerySet().filter(text="retraite")] == [str(article.pk)]
    counts = SearchQuerySet().facet("party").facet_counts()["fields"]["party"]
    assert ("rassemblement-national", 1) in counts  # one whole value, not two words


def test_haystack_more_like_this_uses_the_selector(make_article):
    source = make_article(title="A", body="glyphosate pesticide agriculteurs " * 5)
    other = make_article(title="B", body="glyphosate pesticide interdiction " * 5)
    assert [r.pk for r in SearchQuerySet().more_like_this(source)] == [str(other.pk)]


def test_reindexing_replaces_the_document(make_article, search_index):
    article = make_article(title="Old title", body="x")
    article.title = "New title"
    article.save()
    search_index.add(article)
    with reading() as snap:
        assert len(snap.values.live) == 1
        assert snap.values.docs("year", "2021") & snap.values.live


def test_facet_fields_keep_whole_slugs(make_article, politics):
    make_article(title="A", body="x", parties=[politics["rn"]])
    with reading() as snap:
        assert set(snap.values.field("party")) == {"rassemblement-national"}
        assert set(snap.values.field("party_lineage")) == {"front-national",
                                                           "rassemblement-national"}


def test_locked_index_raises_instead_of_dropping_the_update(make_article, search_index,
                                                            monkeypatch):
    article = make_article(title="A", body="x")
    monkeypatch.setattr(search_backend, "LOCK_TIMEOUT", 0.1)
    holder = live_index().index.writer()
    try:
        with pytest.raises(LockError):
            search_index.remove(article)
    finally:
        holder.cancel()
    search_index.remove(article)
    with reading() as snap:
        assert not snap.values.live


def test_one_searcher_is_reused_until_the_index_changes(make_article):
    make_article(title="A", body="x")
    with reading() as first:
        pass
    with reading() as second:
        assert second.searcher is first.searcher
    make_article(title="B", body="x")
    with reading() as third:
        assert third.searcher is not first.searcher and len(third.values.live) == 2


def test_clear_empties_the_index(make_article, search_index):
    make_article(title="A", body="x")
    search_index.backend.clear()
    with reading() as snap:
        assert not snap.values.live


def test_bulk_writes_one_segment_for_many_updates(search_index):
    first = ArticleFactory(title="A", body="x")
    second = ArticleFactory(title="B", body="x")
    backend, idx = search_index.backend, search_index.article_index
    with backend.bulk():
        backend.update(idx, idx.index_queryset().filter(pk=first.pk))
        backend.update(idx, idx.index_queryset().filter(pk=second.pk))
    with reading() as snap:
        assert len(snap.values.leaves) == 1 and len(snap.values.live) == 2


def test_failed_bulk_cancels_its_open_segment(search_index):
    article = ArticleFactory(title="A", body="x")
    backend, idx = search_index.backend, search_index.article_index
    with pytest.raises(RuntimeError), backend.bulk():
        backend.update(idx, idx.index_queryset().filter(pk=article.pk))
        raise RuntimeError("interrupted")
    with reading() as snap:
        assert not snap.values.live


def test_batch_by_batch_indexing_keeps_few_segments(search_index):
    articles = [ArticleFactory(title=f"A{i}", body="x") for i in range(12)]
    for article in articles:  # one commit each, as the queue writer does
        search_index.add(article)
    with reading() as snap:
        assert len(snap.values.leaves) < 10 and len(snap.values.live) == 12


def test_rebuild_index_command_builds_a_searchable_index(search_index):
    ArticleFactory(title="Retraites", body="La réforme des retraites.")
    call_command("rebuild_index", "--noinput", verbosity=0)
    assert search_articles(SearchParams(q="retraite")).total == 1


def test_packed_positions_round_trip():
    from archive.search.backend import PackedPositions

    fmt = PackedPositions(field_boost=1.0)
    for positions in ([0], [7], [1, 5, 6, 300, 70000]):
        encoded = fmt.encode(positions)
        assert fmt.decode_positions(encoded) == positions
        assert fmt.decode_frequency(encoded) == len(positions)


def test_phrase_found_among_repeated_words(make_article):
    make_article(title="A", body="Le front progresse. Un national arrive. Front populaire.")
    assert search_articles(SearchParams(q='"front populaire"')).total == 1
    assert search_articles(SearchParams(q='"front national"')).total == 0


def test_long_updates_are_committed_a_segment_at_a_time(search_index, monkeypatch):
    monkeypatch.setattr(whoosh_writing, "BULK_SEGMENT_DOCS", 2)
    articles = [ArticleFactory(title=f"A{i}", body="retraites") for i in range(5)]
    search_index.add(*articles)
    with reading() as snap:
        assert len(snap.values.leaves) == 3 and len(snap.values.live) == 5
    search_index.add(articles[0])  # not fresh any more: replaced, not duplicated
    assert search_articles(SearchParams(q="retraites")).total == 5


def test_a_batch_update_finds_previous_versions_in_one_read_of_the_pk_columns(
        make_article, search_index, monkeypatch):
    """Whoosh's update_document opens a reader of every segment per document (a third of the
    writer's time at 10,000 articles), its delete_by_term looks each id up in every segment;
    a batch reads the segments' pk columns once, and still replaces every version."""
    from whoosh.writing import SegmentWriter

    articles = [make_article(title=f"Old {i}", body="retraites") for i in range(12)]
    opened = []
    real_reader, real_searcher = SegmentWriter.reader, SegmentWriter.searcher
    monkeypatch.setattr(SegmentWriter, "reader",
                        lambda self, **kw: opened.append("reader") or real_reader(self, **kw))
    monkeypatch.setattr(SegmentWriter, "searcher",
                        lambda self, **kw: opened.append("searcher") or real_searcher(self, **kw))
    for article in articles:
        article.title = article.title.replace("Old", "New")
        article.save()
    search_index.add(*articles)
    assert opened == ["reader"]
    result = search_articles(SearchParams(q="retraites", per_page=50))
    assert sorted(h.article.title for h in result.hits) == sorted(f"New {i}" for i in range(12))
    assert result.total == 12
