"""Does the search index say exactly what the database says? Every published article's
indexed fields (the stored title and the terms of each whole-value field, read from the
live Whoosh generation with raw Whoosh, not through our backend) against what the search
index would make of its rows now."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from haystack import connections
from whoosh.index import exists_in, open_dir

from archive.models import Article
from archive.search.location import live_index_dir

#: Whole-value fields, compared term by term (the date is compared through year and month).
FIELDS = ("language", "year", "month", "figure", "party", "party_named", "party_lineage",
          "author", "publication", "changed")


@dataclass
class Agreement:
    published: int
    indexed: int
    lost: int = 0  # published, not in the index
    stale: int = 0  # in the index with another value of some field
    extra: int = 0  # in the index, not published (deleted, unpublished, or twice)
    examples: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.lost == self.stale == self.extra == 0

    def as_dict(self) -> dict:
        return asdict(self)


def _terms(value) -> frozenset[str]:
    if value in (None, ""):
        return frozenset()
    values = value if isinstance(value, list | tuple | set) else [value]
    return frozenset(str(v) for v in values if v not in (None, ""))


def expected() -> dict[int, dict]:
    """What the index should hold for every published article, from the database."""
    index = connections["default"].get_unified_index().get_index(Article)
    documents = {}
    for article in index.index_queryset():
        prepared = index.full_prepare(article)
        documents[article.pk] = {"title": prepared["title"],
                                 **{name: _terms(prepared.get(name)) for name in FIELDS}}
    return documents


def indexed() -> tuple[dict[int, dict], Counter]:
    """What the live generation holds: article id -> fields, and how often each id is there."""
    path = live_index_dir()
    if not exists_in(str(path)):
        return {}, Counter()
    with open_dir(str(path)).searcher() as searcher:
        reader = searcher.reader()
        ids, seen = {}, Counter()
        documents: dict[int, dict] = {}
        for docnum, stored in reader.iter_docs():
            pk = int(stored["django_id"])
            ids[docnum] = pk
            seen[pk] += 1
            documents[pk] = {"title": stored.get("title", ""), **{n: set() for n in FIELDS}}
        for name in FIELDS:
            if name not in reader.schema:
                continue
            for term in reader.lexicon(name):
                for docnum in reader.postings(name, term).all_ids():
                    if docnum in ids:  # postings may still name deleted documents
                        documents[ids[docnum]][name].add(term.decode("utf-8"))
    return ({pk: {k: (frozenset(v) if isinstance(v, set) else v) for k, v in doc.items()}
             for pk, doc in documents.items()}, seen)


def compare() -> Agreement:
    truth = expected()
    found, seen = indexed()
    result = Agreement(published=len(truth), indexed=sum(seen.values()))
    for pk, document in truth.items():
        if pk not in found:
            result.lost += 1
            result.examples.append(f"article {pk} lost")
        elif found[pk] != document:
            result.stale += 1
            wrong = [k for k in document if found[pk].get(k) != document[k]]
            result.examples.append(f"article {pk} stale: {', '.join(wrong)}")
    for pk, times in seen.items():
        if pk not in truth:
            result.extra += times
            result.examples.append(f"article {pk} indexed but not published")
        elif times > 1:
            result.extra += times - 1
            result.examples.append(f"article {pk} indexed {times} times")
    del result.examples[10:]
    return result


def work(scale) -> dict:
    """As a child (`python -m tests.reliability.child agreement ...`): the archive's agreement
    once the queue is drained."""
    from archive.search.writer import IndexWriter

    IndexWriter().drain()
    return compare().as_dict()
