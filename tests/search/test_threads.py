"""gunicorn's gthread workers run requests in threads: one backend searched from several
threads at once gives the answers it gives one thread at a time, and the caches shared by a
process's threads survive concurrent eviction."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from haystack.query import SearchQuerySet

from archive.search import docvalues
from archive.search.lru import LRU

WORDS = ("retraites", "glyphosate", "budget", "climat", "police", "europe", "impôts",
         "école", "hôpital", "logement")


def answer(words: str, facet: bool) -> tuple:
    sqs = SearchQuerySet().filter(content=words)
    if facet:
        sqs = sqs.facet("year")
        return tuple(r.pk for r in sqs[:20]), sqs.count(), \
            tuple(sqs.facet_counts()["fields"]["year"])
    return tuple(r.pk for r in sqs[:20]), sqs.count()


def test_one_backend_answers_many_threads_as_it_answers_one(make_article, monkeypatch):
    for i in range(60):
        body = " ".join(WORDS[(i * k) % len(WORDS)] for k in range(1, 6))
        make_article(title=f"Article {i}", body=f"{body} {body}",
                     published_on=dt.date(2015 + i % 8, 1 + i % 12, 1))
    # Tiny caches: every search evicts what another thread may be reading.
    monkeypatch.setattr(docvalues, "TERM_CACHE_SIZE", 2)
    monkeypatch.setattr(docvalues, "IMPACT_CACHE_SIZE", 2)
    monkeypatch.setattr(docvalues, "POSTINGS_CACHE_BYTES", 64)
    queries = [(WORDS[i % len(WORDS)] + " " + WORDS[(i * 3 + 1) % len(WORDS)], i % 2 == 0)
               for i in range(20)]
    expected = {q: answer(*q) for q in queries}
    assert any(result[1] for result in expected.values())

    start = threading.Barrier(8)

    def hammer(offset: int) -> list:
        start.wait()
        return [(q, answer(*q)) for q in (queries[offset:] + queries[:offset]) * 5]

    with ThreadPoolExecutor(8) as pool:
        runs = list(pool.map(hammer, range(8)))
    for run in runs:
        for query, got in run:
            assert got == expected[query], query


def test_the_shared_lru_survives_concurrent_eviction():
    cache = LRU(4)
    start = threading.Barrier(8)
    errors = []

    def churn(n: int) -> None:
        start.wait()
        try:
            for i in range(20_000):
                key = (n * 7 + i) % 16
                if cache.get(key) is None:
                    cache.put(key, key * 2)
                elif cache.get(key) not in (None, key * 2):
                    errors.append(key)
        except Exception as exc:  # a bare OrderedDict raises KeyError here
            errors.append(exc)

    threads = [threading.Thread(target=churn, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache) <= 4
