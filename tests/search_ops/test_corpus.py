"""The synthetic corpus is reproducible, marked synthetic and ready for search."""

import datetime as dt

import pytest

from archive.dev.corpus import generate
from archive.models import Article, IndexTask, Mention
from tests.factories import FigureFactory, MembershipFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_gazetteer():
    lfi = PartyFactory(slug="lfi", name="La France insoumise", short_name="LFI")
    rn = PartyFactory(slug="rn", name="Rassemblement national", short_name="RN")
    jlm = FigureFactory(slug="jean-luc-melenchon", name="Jean-Luc Mélenchon")
    mlp = FigureFactory(slug="marine-le-pen", name="Marine Le Pen")
    FigureFactory(slug="emmanuel-macron", name="Emmanuel Macron")
    MembershipFactory(figure=jlm, party=lfi, start=dt.date(2016, 2, 10))
    MembershipFactory(figure=mlp, party=rn, start=dt.date(2000, 1, 1))


def snapshot():
    return [
        (a.title, a.body, a.published_on, a.language, a.publication.slug,
         sorted(m.figure.slug if m.figure_id else m.party.slug for m in a.mentions.all()))
        for a in Article.objects.order_by("canonical_url").select_related("publication")
        .prefetch_related("mentions__figure", "mentions__party")
    ]


def test_the_same_seed_gives_the_same_corpus(small_gazetteer):
    generate(30, seed=7)
    first = snapshot()
    Article.objects.all().delete()
    generate(30, seed=7)
    assert snapshot() == first


def test_another_seed_gives_another_corpus(small_gazetteer):
    generate(10, seed=1)
    first = snapshot()
    Article.objects.all().delete()
    generate(10, seed=2)
    assert snapshot() != first


def test_a_larger_corpus_extends_the_smaller_one_of_the_same_seed(small_gazetteer):
    generate(10, seed=3)
    first = snapshot()
    report = generate(15, seed=3)
    assert (report.existing, report.created) == (10, 5)
    assert Article.objects.count() == 15
    Article.objects.all().delete()
    generate(15, seed=3)
    again = snapshot()
    assert all(row in again for row in first)


def test_corpus_articles_are_synthetic_published_realistic_and_not_queued(small_gazetteer):
    generate(20, seed=1)
    articles = list(Article.objects.all())
    assert all(a.is_synthetic and a.is_public for a in articles)
    assert {a.language for a in articles} == {"fr", "en"}
    assert all(dt.date(2015, 1, 1) <= a.published_on <= dt.date(2024, 12, 31) for a in articles)
    assert 500 <= sum(a.word_count for a in articles) / len(articles) <= 1200
    assert IndexTask.objects.count() == 0


def test_corpus_bodies_name_the_figures_they_mention(small_gazetteer):
    generate(20, seed=1)
    for mention in Mention.objects.filter(figure__isnull=False).select_related("article",
                                                                               "figure"):
        assert mention.figure.name in mention.article.body


def test_a_figure_mention_brings_the_figures_party_on_that_date(small_gazetteer):
    generate(40, seed=1)
    via = Mention.objects.filter(via_figure__slug="marine-le-pen")
    assert via.exists()
    assert all(m.party.slug == "rn" for m in via)


def test_an_empty_gazetteer_is_a_clear_error():
    with pytest.raises(ValueError, match="gazetteer is empty"):
        generate(5, seed=1)
