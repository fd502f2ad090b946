"""The seed documents, with the project's gazetteer and mention detection, found by what a
reader types: a lone word of a party's name and a name with a year."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.mentions.service import detect_mentions
from archive.search.params import SearchParams
from archive.search.selector import search_articles
from tests.factories import ArticleFactory
from tests.mentions.texts import seed_article

SEEDS = {"000_8b2e5e28c316ed95.txt": dt.date(2017, 6, 17),
         "003_9a5923dd7fa51b46.txt": dt.date(2021, 7, 5)}


@pytest.fixture
def seeds(engine, gazetteer, seeds_dir):
    found = {}
    for name, day in SEEDS.items():
        title, body = seed_article(seeds_dir / name)
        found[name[:3]] = ArticleFactory(title=title, body=body, published_on=day,
                                         language="en")
    ArticleFactory(title="Ailleurs", body="Un article sans rapport, en 2017.",
                   published_on=dt.date(2017, 3, 1))
    detect_mentions([a.pk for a in found.values()])
    engine.add()
    return found


def found(q: str) -> set[int]:
    return {h.article.pk for h in search_articles(SearchParams(q=q, per_page=100)).hits}


def test_a_lone_word_of_a_party_name_finds_the_seed_naming_the_party(seeds):
    # Seed 000 names "Unsubmissive France", never the French word.
    assert "insoumise" not in seeds["000"].body.lower()
    assert seeds["000"].pk in found("insoumise")
    assert seeds["000"].pk in found("Insoumise")


def test_a_name_with_a_year_finds_that_years_seed(seeds):
    assert found("ruffin 2017") == {seeds["000"].pk}
    assert found("ruffin 2021") == set()
