import datetime as dt

import pytest

from archive.defaults import load_defaults
from archive.models import Article, Capture, Figure, Mention, Party

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "captures": Capture.objects.count(),
        "mentions": Mention.objects.count(),
        "figures": Figure.objects.count(),
        "parties": Party.objects.count(),
        "article history": Article.history.count(),
        "figure history": Figure.history.count(),
    }


@pytest.fixture
def defaults():
    report = load_defaults()
    assert report.failed == 0
    return report


def test_seed_003_is_the_kazib_article_by_flakin(defaults):
    article = Article.objects.get(title__startswith="#Anasse2022")
    assert article.publication.slug == "left-voice"
    assert [a.name for a in article.ordered_authors()] == ["Nathaniel Flakin"]
    assert article.published_on == dt.date(2021, 7, 5)
    assert not article.date_estimated
    assert article.language == "en"
    assert "MOST RECENT" not in article.body
    assert "Juan Chingo" not in article.body
    assert article.body.startswith("France will be electing a new president")


def test_seed_000_takes_its_publication_and_estimated_date_from_hints(defaults):
    article = Article.objects.get(title__startswith="François Ruffin runs populist campaign")
    assert article.publication.slug == "wsws"
    assert article.authors.count() == 0
    assert article.published_on == dt.date(2017, 6, 17)
    assert article.date_estimated
    assert article.captures.get().extractor


def test_seed_mentions_are_detected(defaults):
    ruffin = Article.objects.get(title__startswith="François Ruffin")
    figures = set(ruffin.mentions.active().of_figures().values_list("figure__slug", flat=True))
    assert {"francois-ruffin", "emmanuel-macron", "marine-le-pen", "jean-luc-melenchon",
            "francois-hollande", "bernard-arnault"} <= figures
    kazib = Article.objects.get(title__startswith="#Anasse2022")
    figures = set(kazib.mentions.active().of_figures().values_list("figure__slug", flat=True))
    assert "juan-chingo" not in figures and "paul-morao" not in figures


def test_loading_defaults_twice_changes_nothing(defaults):
    before = _counts()
    again = load_defaults()
    assert again.failed == 0
    assert _counts() == before
