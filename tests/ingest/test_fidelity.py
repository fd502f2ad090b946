"""Ingestion fidelity (issue 13): dates, authors, publications, titles, word counts and the
page's own metadata, each as real records and pages give them."""

import datetime as dt

import pytest

from archive.ingest.authors import split_authors
from archive.ingest.dates import read_date
from archive.ingest.html import extract_page
from archive.models import Article, Publication
from archive.words import count_words
from tests.ingest.conftest import PARAGRAPHS, page

BODY = "\n\n".join(PARAGRAPHS)


def record(n: int, **extra) -> dict:
    return {"url": f"https://example.org/a/{n}", "title": f"Titre {n}", "body": BODY, **extra}


# dates --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "language", "expected", "estimated"), [
    ("2020-02", "en", dt.date(2020, 2, 1), True),
    ("2019", "fr", dt.date(2019, 1, 1), True),
    ("7/23/17", "en", dt.date(2017, 7, 23), False),
    ("03/04/2017", "en", dt.date(2017, 3, 4), False),   # US: month first
    ("03/04/2017", "fr", dt.date(2017, 4, 3), False),   # French: day first
    ("23/07/2017", "en", dt.date(2017, 7, 23), False),  # a day > 12 decides
    ("March 2019", "en", dt.date(2019, 3, 1), True),
    ("Mardi 3 mars 2020", "fr", dt.date(2020, 3, 3), False),
    ("12 de marzo de 2019", "es", dt.date(2019, 3, 12), False),
    ("2021-07-05T10:00:00+02:00", "fr", dt.date(2021, 7, 5), False),
])
def test_dates_as_records_write_them(value, language, expected, estimated):
    reading = read_date(value, language)
    assert (reading.date, reading.estimated, reading.warning) == (expected, estimated, "")


@pytest.mark.parametrize("value", ["soon", "0001-01-01T00:00:00Z", "2020-13-45", "n/a"])
def test_unreadable_or_absurd_dates_give_a_warning(value):
    reading = read_date(value, "en")
    assert reading.date is None and "could not be read" in reading.warning


def test_partial_and_us_dates_are_imported_not_rejected(write_jsonl, run_import):
    report = run_import(write_jsonl("a.jsonl", [
        record(1, date="2020-02"), record(2, date="2019"),
        record(3, date="7/23/17", language="en"), record(4, date="not a date"),
    ]))
    assert len(report.created) == 4 and not report.failed
    dates = {a.canonical_url[-1]: (a.published_on, a.date_estimated)
             for a in Article.objects.all()}
    assert dates == {"1": (dt.date(2020, 2, 1), True), "2": (dt.date(2019, 1, 1), True),
                     "3": (dt.date(2017, 7, 23), False), "4": (None, False)}
    assert [o.label.rsplit(":", 1)[1] for o in report.warned] == ["4"]


# authors ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("byline", "names"), [
    ('"Jane Doe"', ["Jane Doe"]),
    ('"Jane Doe", "John Roe"', ["Jane Doe", "John Roe"]),
    ('["Lisa Mascaro", "Eric Tucker"]', ["Lisa Mascaro", "Eric Tucker"]),
    ("“Marie Curie”", ["Marie Curie"]),
    (["\"Jane Doe\"", "Bob Li"], ["Jane Doe", "Bob Li"]),
    ("By MEG KINNARD and ERRIN HAINES, Associated Press", ["Meg Kinnard", "Errin Haines"]),
    ("By STEVE PEOPLES, AP National Political Writer", ["Steve Peoples"]),
    ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
    ("Author Of", []),
    ("Monday", []),
    ("Posted Tuesday", []),
    ("Only In America", []),
    ("View author archive", []),
    ("Éditorial", []),
    ("April Ryan", ["April Ryan"]),  # a month is a first name
    ("Jean de la Fontaine", ["Jean de la Fontaine"]),
])
def test_real_bylines(byline, names):
    assert split_authors(byline) == names


def test_quoted_author_names_are_kept(write_jsonl, run_import):
    run_import(write_jsonl("a.jsonl", [record(1, authors=['"Jane Doe"', '"John Roe"'])]))
    assert [a.name for a in Article.objects.get().ordered_authors()] == ["Jane Doe", "John Roe"]


# publications -------------------------------------------------------------------------------
def test_the_records_own_publication_wins_over_the_first_name_seen_for_its_host(
        write_jsonl, run_import):
    run_import(write_jsonl("a.jsonl", [
        record(1, url="https://www.x-news.example/opinion/1", publication="X Opinion"),
        record(2, url="https://www.x-news.example/politics/2", publication="X News"),
        record(3, url="https://www.x-news.example/politics/3"),  # names none: its host decides
    ]))
    by_url = {a.canonical_url: a.publication.name for a in Article.objects.all()}
    assert by_url["https://www.x-news.example/opinion/1"] == "X Opinion"
    assert by_url["https://www.x-news.example/politics/2"] == "X News"
    assert by_url["https://www.x-news.example/politics/3"] in {"X Opinion", "X News"}


def test_a_mislabelled_record_does_not_rename_another_sites_articles(write_jsonl, run_import):
    Publication.objects.create(name="Site A", slug="site-a", homepage="https://a.example/")
    run_import(write_jsonl("a.jsonl", [
        record(1, url="https://a.example/1", publication="Site B"),  # mislabelled
        record(2, url="https://a.example/2", publication="Site A"),
        record(3, url="https://b.example/3", publication="Site B"),
    ]))
    names = {a.canonical_url[-1]: a.publication.name for a in Article.objects.all()}
    assert names == {"1": "Site B", "2": "Site A", "3": "Site B"}
    assert Publication.objects.get(slug="site-a").name == "Site A"


def test_publication_aliases_file_records_under_one_publication(write_jsonl, run_import):
    Publication.objects.create(name="The X", slug="the-x", homepage="https://x.example/",
                               aliases=["X Opinion", "hosted.x-wire.example"])
    run_import(write_jsonl("a.jsonl", [
        record(1, url="https://x.example/1", publication="X Opinion"),
        record(2, url="https://hosted.x-wire.example/2"),
    ]))
    assert {a.publication.slug for a in Article.objects.all()} == {"the-x"}
    assert Publication.objects.count() == 1


def test_og_site_name_wins_over_the_host_and_a_host_label_is_no_name(write_file, run_import):
    run_import(write_file("a.html", page("Titre", PARAGRAPHS, head=(
        "<meta property='og:site_name' content='Le Journal du Soir'>"
        "<link rel='canonical' href='https://www.jds.example/p/1'>"))))
    run_import(write_file("b.html", page("Autre titre", PARAGRAPHS, head=(
        "<meta property='og:site_name' content='Hosted'>"
        "<link rel='canonical' href='https://hosted.wire.example/p/2'>"))))
    names = {a.canonical_url: a.publication.name for a in Article.objects.all()}
    assert names == {"https://www.jds.example/p/1": "Le Journal du Soir",
                     "https://hosted.wire.example/p/2": "hosted.wire.example"}
    assert not Publication.objects.filter(name="Hosted").exists()


def test_the_canonical_url_keeps_www_and_both_forms_are_one_article(write_jsonl, run_import):
    run_import(write_jsonl("a.jsonl", [record(1, url="https://www.site.example/a")]))
    report = run_import(write_jsonl("b.jsonl", [record(1, url="https://site.example/a")]))
    assert [o.kind for o in report.outcomes] == ["unchanged"]
    assert list(Article.objects.values_list("canonical_url", flat=True)) == [
        "https://www.site.example/a"]


def test_publication_aliases_are_editable_in_the_admin(admin_client):
    from django.urls import reverse

    publication = Publication.objects.create(name="The X", slug="the-x")
    url = reverse("admin:archive_publication_change", args=[publication.pk])
    response = admin_client.get(url)
    assert 'name="aliases"' in response.text
    response = admin_client.post(url, {
        "name": "The X", "slug": "the-x", "homepage": "", "language": "", "leaning": "",
        "aliases": "X Opinion\r\nX Daily\r\n", "feed_urls": "", "sitemap_urls": "",
        "poll_minutes": "60"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    publication.refresh_from_db()
    assert publication.aliases == ["X Opinion", "X Daily"]


# titles and metadata ------------------------------------------------------------------------
def test_og_title_gives_the_clean_title():
    html = page("The view on Hong Kong | Editorial | Opinion | The Paper", PARAGRAPHS,
                head="<meta property='og:title' content='The view on Hong Kong'>"
                     "<meta property='og:site_name' content='The Paper'>")
    assert extract_page(html).title == "The view on Hong Kong"


def test_a_site_suffix_is_removed_when_it_names_the_site():
    html = page("Réforme : le gouvernement recule - Le Monde", PARAGRAPHS,
                head="<meta property='og:title' content='Réforme : le gouvernement recule - Le"
                     " Monde'><meta property='og:site_name' content='Le Monde'>")
    assert extract_page(html).title == "Réforme : le gouvernement recule"


def test_a_leading_section_label_goes_but_a_speaker_stays():
    labelled = page("Opinion | Republicans Are Following Trump", PARAGRAPHS,
                    head="<meta property='og:title' content='Opinion | Republicans Are "
                         "Following Trump'>")
    assert extract_page(labelled).title == "Republicans Are Following Trump"
    speaker = page("Jane Doe: why I resigned from the council", PARAGRAPHS,
                   head="<meta name='author' content='Jane Doe'>")
    assert extract_page(speaker).title == "Jane Doe: why I resigned from the council"


def test_json_ld_metadata_is_read_before_guessing():
    ld = ('{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"W"},'
          '{"@type":"NewsArticle","headline":"Le vrai titre","datePublished":"2018-04-11",'
          '"author":[{"@type":"Person","name":"Claire Martin"}],'
          '"publisher":{"@type":"Organization","name":"La Voix"}}]}')
    found = extract_page(page("Un titre de page | La Voix", PARAGRAPHS,
                              head=f"<script type='application/ld+json'>{ld}</script>"))
    assert (found.title, found.published_on, found.date_estimated, found.authors,
            found.site_name) == ("Le vrai titre", dt.date(2018, 4, 11), False,
                                 ["Claire Martin"], "La Voix")


def test_a_time_element_gives_the_date():
    found = extract_page(page("Titre", PARAGRAPHS, extra=(
        "<time datetime='2022-10-21T18:40:00+02:00' class='published'>21 octobre</time>")))
    assert (found.published_on, found.date_estimated) == (dt.date(2022, 10, 21), False)


# words --------------------------------------------------------------------------------------
JAPANESE = ("岸田文雄首相は十五日、衆議院の予算委員会で、防衛費の増額に向けた財源について説明した。"
            "野党側は増税の是非をめぐって政府を追及し、審議は夜まで続いた。") * 4


def test_cjk_words_are_counted_fairly():
    assert count_words("Le gouvernement recule.") == 3
    assert count_words(JAPANESE) > 150
    assert count_words("日本 and France") == 4


def test_a_japanese_page_is_an_article_not_four_words(write_file, run_import):
    html = (f"<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><title>防衛費</title>"
            f"</head><body><article><h1>防衛費の財源</h1><p>{JAPANESE}</p><p>{JAPANESE}</p>"
            f"</article></body></html>")
    report = run_import(write_file("ja.html", html))
    assert len(report.created) == 1, report.failed
    assert Article.objects.get().word_count > 150
