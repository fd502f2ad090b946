"""The project's postings format (archive/search/codec.py) against Whoosh's own: the same
documents give the same ids, weights and positions; an index holding segments of both
formats (written before and after the change) answers every kind of query."""

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema

from archive.search.backend import ArchiveCodec
from archive.search.codec import MAGIC, SplitBlockCodec, SplitBlockMatcher
from archive.search.postings import read_postings

SCHEMA = Schema(id=ID(stored=True, unique=True), body=TEXT(phrase=True))
# 300 documents: posting lists longer than one block (128), weights other than 1.
TEXTS = [("retraites " * (1 + i % 4)) + ("budget vote " if i % 3 else "réforme ") + f"mot{i % 7}"
         for i in range(300)]


def build(path, codec, texts, start=0):
    ix = whoosh_index.create_in(path, SCHEMA) if not whoosh_index.exists_in(path) \
        else whoosh_index.open_dir(path)
    writer = ix.writer(codec=codec, compound=False)
    for i, text in enumerate(texts, start):
        writer.add_document(id=str(i), body=text)
    writer.commit(merge=False)
    return ix


def everything(reader, term):
    m = reader.postings("body", term)
    return list(m.items_as("positions"))


@pytest.mark.parametrize("term", ["retraites", "budget", "mot3", "réforme"])
def test_same_postings_in_both_formats(tmp_path, term):
    (tmp_path / "w3").mkdir()
    (tmp_path / "split").mkdir()
    old = build(tmp_path / "w3", ArchiveCodec(), TEXTS)
    new = build(tmp_path / "split", SplitBlockCodec(), TEXTS)
    with old.searcher() as a, new.searcher() as b:
        ra, rb = a.reader(), b.reader()
        assert isinstance(rb.postings("body", term), SplitBlockMatcher)
        assert everything(ra, term) == everything(rb, term)
        assert read_postings(ra, "body", term) == read_postings(rb, "body", term)
        ids, weights = read_postings(rb, "body", term)
        assert len(ids) > 128 and len(set(weights)) > 1 or term != "retraites"


def test_posting_lists_carry_their_own_tag(tmp_path):
    build(tmp_path, SplitBlockCodec(), TEXTS[:10])
    assert any(MAGIC in p.read_bytes() for p in tmp_path.glob("*.pst"))


def test_an_index_with_segments_of_both_formats_answers_every_query(tmp_path):
    build(tmp_path, ArchiveCodec(), TEXTS[:150])
    ix = build(tmp_path, SplitBlockCodec(), TEXTS[150:], start=150)
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2
        assert searcher.doc_count() == 300
        expected = sum("budget vote" in t for t in TEXTS)
        found = searcher.search(wq.Phrase("body", ["budget", "vote"]), limit=None)
        assert len(found) == expected
        assert len(searcher.search(wq.Term("body", "retraites"), limit=None)) == 300
    # a merge rewrites the older segment in the project's format
    writer = ix.writer(codec=SplitBlockCodec())
    writer.commit(optimize=True)
    with ix.searcher() as searcher:
        assert isinstance(searcher.reader().postings("body", "budget"), SplitBlockMatcher)
        assert len(searcher.search(wq.Phrase("body", ["budget", "vote"]), limit=None)) \
            == expected
