"""Feeds, sitemap, robots.txt, OpenSearch, /healthz and the security headers."""

import xml.etree.ElementTree as ET

import pytest

from archive.models import Article
from tests import factories as f

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    return root


def entry_titles(root: ET.Element) -> list[str]:
    return [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]


def test_figure_feed_is_atom_newest_first(client, archive):
    root = parse_atom(client.get("/figures/jean-luc-melenchon/feed/"))
    assert entry_titles(root) == ["Le Rassemblement national face à Mélenchon",
                                  "Mélenchon et Ruffin en campagne"]
    link = root.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.startswith("http://testserver/articles/")


def test_party_feed_follows_lineage(client, archive):
    root = parse_atom(client.get("/parties/rassemblement-national/feed/"))
    assert entry_titles(root) == ["Le Rassemblement national face à Mélenchon",
                                  "Le Front national avant le congrès"]


def test_feed_escapes_hostile_text(client, archive):
    article = f.ArticleFactory(title="<b>bold</b> & co", body="<script>x</script>")
    f.MentionFactory(article=article, figure=archive.ruffin)
    response = client.get("/figures/francois-ruffin/feed/")
    root = parse_atom(response)
    assert "<b>bold</b> & co" in entry_titles(root)
    assert b"<script>" not in response.content


def test_feed_leaves_out_hidden_articles(client, archive):
    hidden = f.ArticleFactory(title="Draft about Ruffin", status=Article.Status.DRAFT)
    f.MentionFactory(article=hidden, figure=archive.ruffin)
    root = parse_atom(client.get("/figures/francois-ruffin/feed/"))
    assert "Draft about Ruffin" not in entry_titles(root)


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_index_lists_sections_that_list_pages(client, archive):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-articles.xml" in sections
    articles = ET.fromstring(client.get("/sitemap-articles.xml").content)
    locs = {loc.text for loc in articles.iter(f"{SITEMAP}loc")}
    assert f"http://testserver{archive.articles[0].get_absolute_url()}" in locs
    figures = ET.fromstring(client.get("/sitemap-figures.xml").content)
    assert "http://testserver/figures/marine-le-pen/" in {
        loc.text for loc in figures.iter(f"{SITEMAP}loc")}


def test_sitemap_unknown_section_or_page_is_404(client, archive):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-articles.xml?p=99").status_code == 404


def test_robots_txt_points_to_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_opensearch_description(client, db):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(response.content)
    ns = "{http://a9.com/-/spec/opensearch/1.1/}"
    templates = [u.get("template") for u in root.findall(f"{ns}Url")]
    assert "http://testserver/search/?q={searchTerms}" in templates
    assert 'rel="search"' in client.get("/").content.decode()


def test_healthz_reports_database_and_index(client, indexed_archive):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body.pop("documents")["indexed"] == 3
    assert body == {"status": "ok", "database": True, "index": True, "search_engine": "whoosh"}


def test_healthz_says_the_index_does_not_answer(client, indexed_archive):
    """An index whose segments are gone is reported, not hidden behind its directory."""
    from archive.search.location import live_index_dir
    from archive.search.whoosh_index import close_all

    close_all()
    for path in live_index_dir().iterdir():
        if path.suffix != ".toc":
            path.unlink()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["index"] is False


def test_healthz_without_index_is_503_json(client, index_root):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["index"] is False and response.json()["database"] is True


def test_pages_send_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client, archive):
    for url in ["/", "/figures/marine-le-pen/", "/parties/front-national/",
                archive.articles[0].get_absolute_url(), "/figures/", "/search/help/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and "style=" not in html and "<style" not in html, url
        assert html.count("<h1") == 1, url
        assert "<main" in html and "<nav" in html, url
