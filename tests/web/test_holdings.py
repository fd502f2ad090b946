"""Real texts on the first run (the open corpus, with source and licence on the page and in
exports) and the home page's account of what the archive holds."""

import csv
import datetime as dt
import io

import pytest

from archive.defaults import load_defaults
from archive.models import Article, Capture
from archive.selectors.activity import Ranked, without_ties
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def defaults(db):
    report = load_defaults()
    assert report.failed == 0, report.lines
    return report


def test_first_run_loads_the_open_corpus_with_licences(defaults):
    wikinews = Article.objects.filter(publication__name="English Wikinews")
    viepublique = Article.objects.filter(publication__name__startswith="vie-publique.fr")
    assert wikinews.count() == 179 and viepublique.count() == 87
    assert not Capture.objects.filter(article__in=wikinews, licence="").exists()
    assert wikinews.first().rights.licence.startswith("CC BY 2.5")
    assert viepublique.first().rights.licence.startswith("Licence Ouverte")
    assert viepublique.first().rights.origin.startswith("github:gyab/")
    again = load_defaults()
    assert Article.objects.count() == 2 + 179 + 87
    assert "0 created" in " ".join(again.lines) or "created 0" in " ".join(again.lines)


def test_article_page_and_exports_name_source_and_licence(client, defaults, index_root):
    from archive.search.rebuild import rebuild

    rebuild()
    article = Article.objects.filter(publication__name="English Wikinews").first()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Licence" in html and "CC BY 2.5 (Wikinews)" in html
    assert "github:vanatteveldt/wikinews@" in html
    api = client.get(f"/api/articles/{article.pk}").json()
    assert api["licence"].startswith("CC BY 2.5") and api["origin"].startswith("github:")
    rows = list(csv.DictReader(io.StringIO(b"".join(
        client.get("/search/export.csv", {"publication": article.publication.slug})
        .streaming_content).decode())))
    assert len(rows) == 179 and all(r["licence"].startswith("CC BY 2.5") for r in rows)


def test_home_shows_holdings_by_publication_year_and_language(client, defaults):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    holdings = response.context["page"].ranking.holdings
    by_publication = {h.label: h.count for h in holdings.publications}
    assert by_publication["English Wikinews"] == 179
    years = {h.key: h.count for h in holdings.years}
    assert set(years) >= {"2017", "2019", "2020"} and sum(years.values()) == 268
    languages = {h.key: h.count for h in holdings.languages}
    assert languages["en"] >= 179 and languages["fr"] >= 87
    html = response.content.decode()
    assert "Ce que contient l’archive" in html and "Anglais" in html


def _ranked(counts: list[int]) -> list[Ranked]:
    return [Ranked(f"n{i}", f"n{i}", f"/x/{i}/", c) for i, c in enumerate(counts)]


def test_rankings_do_not_end_in_a_wall_of_ties():
    top = without_ties(_ranked([9, 7, 5, 4, 3] + [1] * 40), 10)
    assert [r.count for r in top] == [9, 7, 5, 4, 3] and top.more == 40 and top.tie == 1
    few = without_ties(_ranked([5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), 10)
    assert len(few) == 5 and few.more == 7  # too few above the tie: a short list, then a count
    clean = without_ties(_ranked([5, 4, 3, 2, 1]), 10)
    assert len(clean) == 5 and clean.more == 0


def test_home_says_how_many_more_share_the_last_count(client, db):
    for i in range(15):
        figure = f.FigureFactory(name=f"Figure {i:02d}", slug=f"figure-{i:02d}")
        for j in range(1 if i >= 3 else 5 - i):
            article = f.ArticleFactory(published_on=dt.date(2020, 1, 1 + j))
            f.MentionFactory(article=article, figure=figure)
    html = client.get("/").content.decode()
    overall = html[html.index('id="overall-heading"'):]
    figures = overall[:overall.index("</ol>")]
    assert figures.count("<li>") == 5  # 5, 4 and 3 articles, two of the twelve with one
    assert "and 10 others mentioned as often" in overall
