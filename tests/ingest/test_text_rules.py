"""The text-dump rules are about the shape of lines, not about one site."""

import datetime as dt

import pytest

from archive.ingest.text import parse_byline, parse_text_dump

DUMP = """Share on Facebook | Twitter | Email

Councils vote on the new housing plan

A short standfirst about why the vote matters to tenants in the region.

By Jane Doe and Marc Dupont

12 mars 2022

Photo: the council chamber during the session

The regional council approved the housing plan on Thursday after a long debate.

Tenants had campaigned for stronger rent controls, which were finally included.

Jane Doe

Jane is a reporter covering local politics. She lives in Lyon.

Related articles

Another headline about something else

A blurb for the other article, which is only a teaser.

John Smith

March 1, 2022
"""


@pytest.fixture
def article():
    return parse_text_dump(DUMP)


def test_share_line_is_not_the_title(article):
    assert article.title == "Councils vote on the new housing plan"


def test_byline_with_several_names_gives_ordered_authors(article):
    assert article.authors == ["Jane Doe", "Marc Dupont"]


def test_french_date_line_is_read(article):
    assert article.published_on == dt.date(2022, 3, 12)


def test_caption_after_the_byline_is_dropped(article):
    assert article.body.startswith("The regional council approved")


def test_bio_and_teasers_after_the_article_are_dropped(article):
    assert article.body.endswith("which were finally included.")
    assert "John Smith" not in article.body and "Related" not in article.body


def test_teaser_blocks_end_the_article_even_without_a_heading():
    text = ("A headline\n\nFirst paragraph of the article, which is long enough to count.\n\n"
            "Second paragraph of the article, also a sentence.\n\nOther story title\n\n"
            "Its blurb sentence here.\n\nAnna Weber\n\nMay 2, 2023\n\nThird title\n\n"
            "Another blurb.\n\nPaul Klee\n\nMay 1, 2023\n")
    article = parse_text_dump(text)
    assert article.body.endswith("also a sentence.")


def test_bare_text_keeps_every_paragraph():
    article = parse_text_dump("Title line\n\nOne sentence.\n\nTwo sentences. Here.\n")
    assert article.title == "Title line"
    assert article.body == "One sentence.\n\nTwo sentences. Here."
    assert article.authors == [] and article.published_on is None


def test_hard_wrapped_paragraphs_are_joined():
    text = ("Title\n\nThis paragraph was wrapped by an editor at a fixed width so\n"
            "that every line is about the same length, which is what text\n"
            "dumps from mail archives look like in practice.\n\nNext one.\n")
    article = parse_text_dump(text)
    assert article.body.split("\n\n")[0].startswith("This paragraph was wrapped by an editor")
    assert article.body.split("\n\n")[0].endswith("look like in practice.")


def test_empty_text_is_an_error():
    with pytest.raises(ValueError):
        parse_text_dump(" \n\n ")


@pytest.mark.parametrize("line,names", [
    ("Nathaniel Flakin", ["Nathaniel Flakin"]),
    ("By Jane Doe", ["Jane Doe"]),
    ("Par Marie de La Tour et Jean-Luc Petit", ["Marie de La Tour", "Jean-Luc Petit"]),
    ("The government resigned.", None),
    ("Europe", None),
    ("March 20, 2023", None),
])
def test_byline_shapes(line, names):
    assert parse_byline(line) == names


def test_navigation_before_the_title_is_dropped():
    article = parse_text_dump("Home | World | Politics | Europe\n\nThe title\n\nA sentence.\n")
    assert article.title == "The title"


def test_a_name_heading_inside_the_body_does_not_end_it():
    text = ("Interview title\n\nIntroduction of the interview, a full sentence.\n\n"
            "Marine Tondelier\n\nMarine Tondelier answered our questions on Monday.\n\n"
            "The last paragraph of the interview.\n")
    article = parse_text_dump(text)
    assert article.body.endswith("The last paragraph of the interview.")


def test_a_bio_without_byline_ends_the_body():
    text = ("A title\n\nThe article itself, a full sentence.\n\nJane Roe\n\n"
            "Jane is a historian who writes about labour movements.\n")
    article = parse_text_dump(text)
    assert article.body == "The article itself, a full sentence."
