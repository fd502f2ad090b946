"""One scorer ranks every page of a relevance search, however deep (the Whoosh backend).

The limits of the fast paths are lowered so that a few dozen articles exercise what a
100,000-article archive does: result sets beyond EXACT_SCORING_LIMIT ranked from each term's
IMPACT_DEPTH best documents, and pages past those lists."""

import datetime as dt

import pytest

from archive.search import docvalues
from archive.search.params import SearchParams
from archive.search.selector import search_articles


@pytest.fixture
def many(make_article, monkeypatch):
    monkeypatch.setattr(docvalues, "EXACT_SCORING_LIMIT", 10)
    monkeypatch.setattr(docvalues, "IMPACT_DEPTH", 8)
    # Where an older selector kept its own copies of the limits (it switched to Whoosh's
    # scoring past IMPACT_DEPTH / 2 results: pages repeated and skipped articles).
    for name, value in (("EXACT_SCORING_LIMIT", 10), ("IMPACT_DEPTH", 8)):
        monkeypatch.setattr(f"archive.search.selector.{name}", value, raising=False)
    for i in range(60):
        make_article(title=f"Note {i}", body="scrutin " * (1 + i % 5) + "texte " * (i % 7),
                     published_on=dt.date(2020, 1, 1) + dt.timedelta(days=i % 13))
    return 60


@pytest.mark.parametrize("per_page", [4, 7, 20])
def test_paging_a_common_word_never_repeats_or_skips(many, per_page):
    first = search_articles(SearchParams(q="scrutin", per_page=per_page))
    assert first.total == many
    pks = [h.article.pk for h in first.hits]
    for page in range(2, first.num_pages + 1):
        pks += [h.article.pk for h in search_articles(
            SearchParams(q="scrutin", per_page=per_page, page=page)).hits]
    assert len(pks) == len(set(pks)) == many


def test_the_best_scored_come_first_and_scores_never_rise(many):
    scores = []
    for page in range(1, 4):
        scores += [h.score for h in search_articles(
            SearchParams(q="scrutin", per_page=20, page=page)).hits]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > 0


def test_exact_scores_and_best_documents_lists_agree(make_article, search_index):
    """Two ways to one BM25: the exact scorer (small result sets) and each term's best
    documents (large ones) give every document the same weight for a one-word query."""
    from archive.search.docvalues import Bits
    from archive.search.whoosh_index import reading

    for i in range(30):
        make_article(title=f"Vote {i}", body="scrutin " * (1 + i % 5) + "texte " * (i % 7),
                     published_on=dt.date(2020, 1, 1) + dt.timedelta(days=i))
    with reading() as snap:
        values = snap.values
        ids, weights = values.impacts("text_fr", "scrutin")
        best = dict(zip(ids.tolist(), weights.tolist(), strict=True))
        exact = values.exact_scores([("text_fr", "scrutin")], Bits.from_ids(list(best)))
    assert len(best) == 30
    assert exact == pytest.approx(best, rel=1e-9)
