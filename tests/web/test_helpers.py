"""The small pieces pages are built from: citation formats, the SVG chart, querystring
links, paragraphs and version diffs."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from archive import charts, citation
from archive.selectors.activity import MonthCount
from archive.selectors.articles import diff_lines, paragraphs
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_bibtex_escapes_special_characters(db):
    article = f.ArticleFactory(title="Taxes {up} 50% & more_#", published_on=dt.date(2017, 6, 1))
    text = citation.bibtex(article, [], "http://x/a/1/")
    assert r"title = {Taxes \{up\} 50\% \& more\_\#}" in text


def test_estimated_date_is_marked_in_every_format(db):
    article = f.ArticleFactory(published_on=dt.date(2017, 6, 1), date_estimated=True)
    assert "[1 June 2017, estimated]" in citation.plain(article, [], "u")
    assert "date estimated" in citation.bibtex(article, [], "u")
    assert "DA  - 2017/06/\n" in citation.ris(article, [], "u")


def test_ris_ends_with_end_of_record(db):
    article = f.ArticleFactory()
    assert citation.ris(article, [], "u").endswith("ER  - \n")


def test_chart_has_one_bar_per_month_and_a_title():
    months = [MonthCount(dt.date(2017, m, 1), m % 3) for m in range(1, 13)]
    svg = str(charts.mentions_chart(months, "Mentions of X", "c"))
    assert svg.count('<rect class="chart-bar"') == 12
    assert 'role="img"' in svg and 'aria-labelledby="c-title"' in svg
    assert "<title>March 2017: 0</title>" in svg


def test_chart_escapes_its_title():
    months = [MonthCount(dt.date(2017, 1, 1), 1)]
    svg = str(charts.mentions_chart(months, "<script>", "c"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_chart_without_data_says_so():
    assert "No dated mentions" in str(charts.mentions_chart([], "x", "c"))


def render(template: str, url: str) -> str:
    request = RequestFactory().get(url)
    return Template("{% load querystrings %}" + template).render(Context({"request": request}))


def test_toggle_adds_then_removes_a_repeated_filter():
    assert render("{% query_toggle 'party' 'lfi' %}", "/s/?q=a&party=rn&page=3") == (
        "?q=a&amp;party=rn&amp;party=lfi")
    assert render("{% query_toggle 'party' 'rn' %}", "/s/?q=a&party=rn") == "?q=a"


def test_set_keeps_other_parameters_and_resets_page():
    assert render("{% query_set 'sort' 'oldest' %}", "/s/?q=a&page=2") == "?q=a&amp;sort=oldest"
    assert render("{% query_set 'page' 2 %}", "/s/?q=a") == "?q=a&amp;page=2"


def test_facet_url_for_language_and_year():
    assert render("{% facet_url 'language' 'fr' False %}", "/s/?q=a") == "?q=a&amp;lang=fr"
    assert render("{% facet_url 'language' 'fr' True %}", "/s/?q=a&lang=fr") == "?q=a"
    assert render("{% facet_url 'year' 2017 False %}", "/s/") == "?from=2017&amp;to=2017"


def test_querystring_values_are_escaped():
    out = render("{% query_set 'sort' 'x' %}", '/s/?q="><script>')
    assert "<script>" not in out


def test_paragraphs_split_on_blank_lines_else_on_line_breaks():
    assert paragraphs("a\nb\n\nc") == ["a b", "c"]
    assert paragraphs("a\nb\nc") == ["a", "b", "c"]
    assert paragraphs("  ") == []


def test_diff_shows_changed_paragraphs_with_context():
    before = "\n\n".join(f"p{i}" for i in range(10))
    after = before.replace("p5", "P5")
    lines, truncated = diff_lines(before, after)
    assert [(line.kind, line.text) for line in lines] == [
        ("same", "p4"), ("removed", "p5"), ("added", "P5"), ("same", "p6")]
    assert not truncated


def test_chart_bars_keep_a_sensible_width_and_ticks_mark_years():
    few = str(charts.mentions_chart([MonthCount(dt.date(2020, 1, 1), 3),
                                     MonthCount(dt.date(2020, 2, 1), 1)], "x", "c"))
    widths = [float(w) for w in re.findall(r'class="chart-bar"[^>]*width="([\d.]+)"', few)]
    assert widths and max(widths) <= charts.MAX_BAR
    span = [MonthCount(dt.date(2017 + (m // 12), m % 12 + 1, 1), m % 4) for m in range(6, 66)]
    svg = str(charts.mentions_chart(span, "x", "c"))
    # July 2017 .. June 2022: the partial first year, then each January.
    assert re.findall(r'class="chart-tick"[^>]*>(\d{4})<', svg) == [
        "2017", "2018", "2019", "2020", "2021", "2022"]


def test_chart_summary_has_no_grammar_slips():
    one = str(charts.mentions_chart([MonthCount(dt.date(2020, 1, 1), 1)], "Mentions", "c"))
    assert "1 month from January 2020 to January 2020, 1 article in all" in one
    assert "at most 1 article in a month" in one
    assert "1 months" not in one and "1 articles" not in one
