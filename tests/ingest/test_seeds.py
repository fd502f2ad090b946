"""The two seed documents import as the articles the archive was created from."""

import datetime as dt

import pytest

from archive.models import Article

SEED_003 = "003_9a5923dd7fa51b46.txt"
SEED_000 = "000_8b2e5e28c316ed95.txt"


@pytest.fixture
def kazib(seeds_dir, run_import):
    report = run_import(seeds_dir / SEED_003, publication="left-voice")
    assert len(report.created) == 1, report.failed
    return Article.objects.get(pk=report.created[0].article_id)


@pytest.fixture
def ruffin(seeds_dir, run_import):
    report = run_import(seeds_dir / SEED_000, publication="wsws", date_hint="2017-06-17")
    assert len(report.created) == 1, report.failed
    return Article.objects.get(pk=report.created[0].article_id)


def test_page_dump_title_is_the_headline(kazib):
    assert kazib.title == ("#Anasse2022: The Trotskyist Rail Worker of Moroccan Origin Running "
                           "for President of France")


def test_page_dump_body_starts_with_the_first_paragraph_not_the_caption(kazib):
    assert kazib.body.startswith("France will be electing a new president in April of next "
                                 "year. Marine Le Pen of the far-right National Rally party")
    assert "wearing jeans and a sweatshirt" not in kazib.body


def test_page_dump_body_ends_with_the_last_paragraph(kazib):
    assert kazib.body.endswith("with young workers’ leaders and antiracist activists.")


def test_page_dump_byline_is_the_author(kazib):
    assert [a.name for a in kazib.ordered_authors()] == ["Nathaniel Flakin"]
    assert kazib.ordered_authors()[0].slug == "nathaniel-flakin"


def test_page_dump_date_line_is_the_exact_date(kazib):
    assert kazib.published_on == dt.date(2021, 7, 5)
    assert kazib.date_estimated is False


def test_page_dump_drops_share_links_bio_and_teasers(kazib):
    for noise in ("Juan Chingo", "Paul Morao", "MOST RECENT", "Facebook", "Instagram",
                  "freelance journalist", "Battle of the Pensions", "July 5, 2021"):
        assert noise not in kazib.body, noise


def test_page_dump_standfirst_becomes_the_summary(kazib):
    assert kazib.summary.startswith("France will be electing a new president")
    assert kazib.body.count("hopes to give a voice to antiracist movements") == 0


def test_page_dump_paragraphs_are_separated_by_blank_lines(kazib):
    paragraphs = kazib.body.split("\n\n")
    assert len(paragraphs) == 12
    assert all(p.strip() == p and "\n" not in p for p in paragraphs)


def test_page_dump_language_and_publication(kazib):
    assert kazib.language == "en"
    assert kazib.publication.slug == "left-voice"


def test_plain_text_title_is_the_first_line(ruffin):
    assert ruffin.title == ("François Ruffin runs populist campaign in Amiens for France’s "
                            "legislative election")
    assert ruffin.body.startswith("Tomorrow, filmmaker François Ruffin will run in the second")
    assert ruffin.body.endswith("to keep them from falling asleep.”")


def test_plain_text_has_no_author(ruffin):
    assert ruffin.ordered_authors() == []


def test_plain_text_date_comes_from_the_hint_and_is_estimated(ruffin):
    assert ruffin.published_on == dt.date(2017, 6, 17)
    assert ruffin.date_estimated is True


def test_plain_text_publication_comes_from_the_hint(ruffin):
    assert ruffin.publication.slug == "wsws"


def test_seed_capture_records_the_source_file(ruffin, seeds_dir):
    capture = ruffin.captures.get()
    assert capture.source_file == str((seeds_dir / SEED_000).resolve())
    assert capture.extractor == "text-dump"
    assert capture.body == ruffin.body
    assert len(capture.payload_hash) == 64


def test_reimporting_a_seed_changes_nothing(seeds_dir, run_import, ruffin):
    report = run_import(seeds_dir / SEED_000, publication="wsws", date_hint="2017-06-17")
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 1)
    assert Article.objects.count() == 1
    assert ruffin.captures.count() == 1
