"""The two seed documents, with the project's gazetteer, give the mentions the issue lists."""

import datetime as dt

import pytest

from archive.mentions.service import detect_mentions
from archive.models import Mention
from tests.factories import ArticleFactory
from tests.mentions.texts import seed_article

SEED_000 = "000_8b2e5e28c316ed95.txt"
SEED_003 = "003_9a5923dd7fa51b46.txt"


def detected(seeds_dir, name, date):
    title, body = seed_article(seeds_dir / name)
    article = ArticleFactory(title=title, body=body, published_on=date)
    detect_mentions([article.pk])
    mentions = Mention.objects.filter(article=article)
    return ({m.figure.slug for m in mentions if m.figure_id},
            {m.party.slug for m in mentions if m.party_id})


@pytest.fixture
def seed_000(gazetteer, seeds_dir):
    return detected(seeds_dir, SEED_000, dt.date(2017, 6, 17))


@pytest.fixture
def seed_003(gazetteer, seeds_dir):
    return detected(seeds_dir, SEED_003, dt.date(2021, 7, 5))


def test_seed_000_mentions_the_expected_figures(seed_000):
    figures, _ = seed_000
    assert figures >= {"francois-ruffin", "emmanuel-macron", "marine-le-pen",
                       "jean-luc-melenchon", "francois-hollande", "bernard-arnault"}


def test_seed_000_mentions_the_expected_parties(seed_000):
    _, parties = seed_000
    assert parties >= {"la-republique-en-marche", "front-national", "parti-socialiste",
                       "parti-communiste-francais", "la-france-insoumise"}


def test_seed_003_mentions_the_expected_figures(seed_003):
    figures, _ = seed_003
    assert figures >= {"anasse-kazib", "marine-le-pen", "emmanuel-macron", "philippe-poutou",
                       "jean-luc-melenchon", "assa-traore"}


def test_seed_003_does_not_mention_the_teasers_authors(seed_003):
    figures, _ = seed_003
    assert not figures & {"juan-chingo", "paul-morao"}


def test_seed_003_mentions_the_expected_parties(seed_003):
    _, parties = seed_003
    assert parties >= {"nouveau-parti-anticapitaliste", "rassemblement-national",
                       "la-france-insoumise", "revolution-permanente"}
