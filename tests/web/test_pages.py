"""The browse pages: each answers with its content, unknown slugs give 404."""

import datetime as dt

import pytest

from archive.models import Article
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_home_lists_latest_articles_newest_first(client, archive):
    html = client.get("/").content.decode()
    assert html.index("Le Rassemblement national face") < html.index("Mélenchon et Ruffin")


def test_home_ranks_most_mentioned_figures_overall(client, archive):
    response = client.get("/")
    overall = response.context["page"].ranking.figures_overall
    assert [r.slug for r in overall[:2]] == ["jean-luc-melenchon", "marine-le-pen"]


def test_home_this_month_falls_back_to_latest_month_of_archive(client, archive):
    ranking = client.get("/").context["page"].ranking
    assert ranking.month == dt.date(2021, 7, 1)
    assert not ranking.month_is_current
    assert {r.slug for r in ranking.figures_month} == {"marine-le-pen", "jean-luc-melenchon"}


def test_home_hides_withdrawn_articles(client, archive):
    f.ArticleFactory(title="Withdrawn piece", status=Article.Status.WITHDRAWN,
                     published_on=dt.date(2022, 1, 1))
    assert "Withdrawn piece" not in client.get("/").content.decode()


def test_home_on_an_empty_archive(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "The archive is empty" in response.content.decode()


def test_article_page_shows_metadata_and_paragraphs(client, archive):
    article = archive.articles[0]
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<p>Jean-Luc Mélenchon parle.</p>" in html
    assert "<p>François Ruffin aussi.</p>" in html
    assert "Nathaniel Flakin" in html and "Left Voice" in html
    assert "3 June 2017" in html


def test_article_page_marks_estimated_date(client, archive):
    html = client.get(archive.articles[1].get_absolute_url()).content.decode()
    assert "November 2017" in html and "(estimated)" in html


def test_article_page_gives_figure_party_as_of_article_date(client, archive):
    before = client.get(archive.articles[1].get_absolute_url()).context["page"]
    after = client.get(archive.articles[2].get_absolute_url()).context["page"]
    assert {m.figure.slug: m.party_then.slug for m in before.figures} == {
        "marine-le-pen": "front-national"}
    assert {m.figure.slug: m.party_then.slug for m in after.figures}["marine-le-pen"] == (
        "rassemblement-national")


def test_article_wrong_slug_redirects_permanently(client, archive):
    article = archive.articles[0]
    response = client.get(f"/articles/{article.pk}/wrong-slug/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_article_short_url_redirects(client, archive):
    article = archive.articles[0]
    assert client.get(f"/articles/{article.pk}/")["Location"] == article.get_absolute_url()


def test_unknown_or_hidden_article_is_404(client, archive):
    draft = f.ArticleFactory(status=Article.Status.DRAFT)
    assert client.get("/articles/999999/x/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_article_body_is_escaped(client, db):
    article = f.ArticleFactory(
        title="<img src=x onerror=alert(1)>",
        body='Hello <script>alert(1)</script>\n\n<a href="javascript:alert(2)">click</a>',
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "&lt;a href=&quot;javascript:alert(2)&quot;&gt;" in html
    assert "<img src=x" not in html


def test_article_page_shows_diff_between_versions(client, db):
    article = f.ArticleFactory(body="First paragraph.\n\nOld ending.")
    f.CaptureFactory(article=article, body="First paragraph.\n\nOld ending.",
                     content_hash="a" * 64)
    f.CaptureFactory(article=article, body="First paragraph.\n\nNew ending.",
                     content_hash="b" * 64)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "What changed in version 2" in html
    assert "<del><span class=\"visually-hidden\">Removed: </span>Old ending.</del>" in html
    assert "<ins><span class=\"visually-hidden\">Added: </span>New ending.</ins>" in html


def test_article_page_has_citations(client, archive):
    page = client.get(archive.articles[0].get_absolute_url())
    citation = page.context["citation"]
    assert citation["bibtex"].startswith("@article{Flakin2017")
    assert "TY  - NEWS" in citation["ris"] and "AU  - Nathaniel Flakin" in citation["ris"]
    assert citation["plain"].startswith("Nathaniel Flakin. “Mélenchon et Ruffin en campagne.”")


def test_figure_index_groups_by_family_name_initial(client, archive):
    letters = client.get("/figures/").context["letters"]
    by_letter = {group.letter: [e.slug for e in group.entries] for group in letters}
    assert by_letter["M"] == ["jean-luc-melenchon"]
    assert by_letter["L"] == ["marine-le-pen"]
    counts = {e.slug: e.count for g in letters for e in g.entries}
    assert counts["jean-luc-melenchon"] == 2


def test_party_index_counts_articles(client, archive):
    letters = client.get("/parties/").context["letters"]
    counts = {e.slug: e.count for g in letters for e in g.entries}
    # Lineage counts, like the party page and the search's party facet: the FN's article
    # counts for the RN and the other way round.
    assert counts == {"front-national": 2, "rassemblement-national": 2, "la-france-insoumise": 1}
    for slug, count in counts.items():
        assert client.get(f"/parties/{slug}/").context["page"].article_count == count


def test_figure_page(client, archive):
    response = client.get("/figures/marine-le-pen/")
    page = response.context["page"]
    html = response.content.decode()
    assert [m.party.slug for m in page.memberships] == ["front-national", "rassemblement-national"]
    assert [c.election.slug for c in page.candidacies] == ["presidentielle-2017"]
    assert [(m.month, m.count) for m in page.months if m.count] == [
        (dt.date(2017, 11, 1), 1), (dt.date(2021, 7, 1), 1)]
    # The archive's span (Jun 2017 .. Jul 2021), not only hers, empty months included.
    assert len(page.months) == 50 and page.months[0].month == dt.date(2017, 6, 1)
    assert '<svg class="chart"' in html and "<table>" in html
    assert 'href="/figures/marine-le-pen/feed/"' in html
    assert [r.slug for r in page.co_mentioned] == ["jean-luc-melenchon"]


def test_party_page_follows_lineage(client, archive):
    page = client.get("/parties/rassemblement-national/").context["page"]
    assert [p.slug for p in page.lineage] == ["front-national", "rassemblement-national"]
    assert page.article_count == 2
    assert [r.slug for r in page.members_mentioned] == ["marine-le-pen"]
    assert {a.pk for a in page.latest} == {archive.articles[1].pk, archive.articles[2].pk}


def test_party_page_shows_lineage_dates(client, archive):
    html = client.get("/parties/front-national/").content.decode()
    assert "renamed 1 June 2018" in html


def test_author_page_lists_articles_with_counts(client, archive):
    response = client.get("/authors/nathaniel-flakin/")
    page = response.context["page"]
    assert page.total == 2
    assert [p.slug for p in page.others] == ["left-voice"]


def test_publication_page_paginates(client, db):
    from tests.web.conftest import build_archive

    build_archive(extra_articles=25)
    page = client.get("/publications/left-voice/?page=2").context["page"]
    assert page.total == 27 and page.articles.number == 2 and len(page.articles) == 7


def test_publication_page_ignores_a_bad_page_number(client, archive):
    assert client.get("/publications/left-voice/?page=abc").status_code == 200


@pytest.mark.parametrize("url", ["/figures/nobody/", "/parties/none/", "/authors/nobody/",
                                 "/publications/nothing/", "/figures/nobody/feed/",
                                 "/parties/none/feed/", "/no/such/page/"])
def test_unknown_slugs_are_404(client, archive, url):
    response = client.get(url)
    assert response.status_code == 404


def test_404_page_is_helpful(client, db):
    html = client.get("/no/such/page/").content.decode()
    assert "Page not found" in html and 'href="/search/"' in html


def test_search_help_page(client, db):
    html = client.get("/search/help/").content.decode()
    assert "How to search" in html and "figure:ruffin" in html


def test_unknown_api_url_is_json_404(client, db):
    response = client.get("/api/nothing/here")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found"


def test_server_error_page_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html and "<h1>" in html


def test_error_pages_render(client, db):
    from django.template.loader import render_to_string

    assert "could not be understood" in render_to_string("400.html")


def test_capture_source_file_shows_no_server_folders(client, db):
    capture = f.CaptureFactory(source_url="", source_file="/srv/private/dumps/003_seed.txt")
    html = client.get(capture.article.get_absolute_url()).content.decode()
    assert "003_seed.txt" in html and "/srv/private" not in html
