"""The elections pages and API, on the project's gazetteer."""

import datetime as dt

import pytest

from archive.models import Candidacy, Election, Figure
from tests import factories as f

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def elections(gazetteer):
    macron = Figure.objects.get(slug="emmanuel-macron")
    le_pen = Figure.objects.get(slug="marine-le-pen")
    before = f.ArticleFactory(title="Débat d’entre-deux-tours", published_on=dt.date(2017, 5, 3))
    f.MentionFactory(article=before, figure=macron)
    f.MentionFactory(article=before, figure=le_pen)
    long_after = f.ArticleFactory(title="Bilan de l’été", published_on=dt.date(2017, 9, 1))
    f.MentionFactory(article=long_after, figure=macron)
    return before, long_after


def test_index_lists_presidential_and_legislative_elections_with_winners(client, elections):
    response = client.get("/elections/")
    html = response.content.decode()
    assert response.status_code == 200
    for slug in ("presidentielle-2017", "presidentielle-2022", "legislatives-2017",
                 "legislatives-2022"):
        assert f"/elections/{slug}/" in html
    assert "Emmanuel Macron" in html


def test_presidential_page_has_rounds_winner_shares_and_chart(client, elections):
    html = client.get("/elections/presidentielle-2017/", **FRENCH).content.decode()
    assert "23 avril 2017" in html and "7 mai 2017" in html
    winner = html[html.index('class="winner"'):][:600]
    assert "Emmanuel Macron" in winner and "En Marche" in winner
    assert "24,01 %" in html  # French number format
    assert '<svg class="chart share-chart"' in html and 'role="img"' in html
    assert "share-bar party-front-national" in html  # the party of 2017, not today's RN
    assert "style=" not in html  # CSP: no inline style


def test_presidential_candidates_ordered_by_share(client, elections):
    page = client.get("/elections/presidentielle-2022/").context["page"]
    shares = [r.share for r in page.candidates]
    assert shares == sorted(shares, reverse=True)
    assert page.candidates[0].candidacy.figure.slug == "emmanuel-macron"
    assert page.candidates[1].party.slug == "rassemblement-national"


def test_articles_around_the_vote_and_search_links(client, elections):
    before, long_after = elections
    page = client.get("/elections/presidentielle-2017/").context["page"]
    assert [a.pk for a in page.articles] == [before.pk]
    macron = next(r for r in page.candidates if r.candidacy.figure.slug == "emmanuel-macron")
    assert macron.article_count == 1
    assert macron.search_url == ("/search/?figure=emmanuel-macron&from=2017-02-22"
                                 "&to=2017-06-06&sort=newest")


def test_legislative_page_lists_candidacies_by_constituency_and_filters(client, elections):
    response = client.get("/elections/legislatives-2017/")
    groups = response.context["page"].constituencies
    assert any(g.name == "Somme (1re circonscription)" for g in groups)
    found = client.get("/elections/legislatives-2017/", {"q": "SOMME"}).context["page"]
    assert [g.name for g in found.constituencies] == ["Somme (1re circonscription)"]
    assert found.candidates[0].candidacy.figure.slug == "francois-ruffin"
    none = client.get("/elections/legislatives-2017/", {"q": "zzz"})
    assert none.status_code == 200 and "No candidacy matches" in none.content.decode()


def test_figure_page_links_its_candidacies(client, elections):
    candidacy = Candidacy.objects.get(figure__slug="francois-ruffin",
                                      election__slug="legislatives-2017")
    html = client.get("/figures/francois-ruffin/").content.decode()
    assert f'href="/elections/legislatives-2017/#candidacy-{candidacy.pk}"' in html
    target = client.get("/elections/legislatives-2017/").content.decode()
    assert f'id="candidacy-{candidacy.pk}"' in target


def test_unknown_election_is_404(client, elections):
    assert client.get("/elections/nope/").status_code == 404
    assert client.get("/api/elections/nope").status_code == 404


def test_api_lists_elections_and_gives_one(client, elections):
    listed = client.get("/api/elections").json()
    assert {e["slug"] for e in listed} >= {"presidentielle-2017", "legislatives-2022"}
    one = client.get("/api/elections/presidentielle-2017").json()
    assert one["kind"] == "presidential" and one["second_round"] == "2017-05-07"
    assert one["elected"][0]["slug"] == "emmanuel-macron"
    first = one["candidates"][0]
    assert first["first_round_share"] == 24.01 and first["party"]["slug"] == "en-marche"
    assert first["articles_around"] == 1 and "/search/?figure=emmanuel-macron" in first["search"]


def test_election_page_query_count_is_bounded(client, elections, django_assert_max_num_queries):
    Election.objects.get(slug="legislatives-2017")
    with django_assert_max_num_queries(12):
        client.get("/elections/legislatives-2017/")
