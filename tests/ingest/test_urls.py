"""Canonical URLs decide identity: variants of one address are one article."""

import pytest

from archive.ingest.urls import canonical_url, same_article_urls

BASE = "https://example.org/2021/07/05/article"


@pytest.mark.parametrize("variant", [
    "http://example.org/2021/07/05/article",
    "https://EXAMPLE.org/2021/07/05/article",
    "https://example.org/2021/07/05/article/",
    "https://example.org/2021/07/05/article#comments",
    "https://example.org/2021/07/05/article?utm_source=twitter&utm_medium=social",
    "https://example.org/2021/07/05/article?fbclid=IwAR0abc",
    "https://example.org/2021/07/05/article?gclid=xyz&xtor=RSS-1",
    "https://example.org:443/2021/07/05/article",
    "https://example.org//2021/07/05/article",
])
def test_variants_of_an_address_share_one_canonical_url(variant):
    assert canonical_url(variant) == BASE


@pytest.mark.parametrize("amp", [
    "https://example.org/2021/07/05/article/amp",
    "https://example.org/2021/07/05/article/amp/",
    "https://example.org/amp/2021/07/05/article",
    "https://amp.example.org/2021/07/05/article",
    "https://example.org/2021/07/05/article?amp=1",
    "https://example-org.cdn.ampproject.org/c/s/example.org/2021/07/05/article",
])
def test_amp_variants_are_the_same_article(amp):
    assert canonical_url(amp) == BASE


def test_the_canonical_url_keeps_www_and_identity_ignores_it():
    www = "https://www.example.org/2021/07/05/article"
    assert canonical_url("http://WWW.example.org/2021/07/05/article/?utm_source=x") == www
    assert same_article_urls(www) == (www, BASE)
    assert same_article_urls(BASE) == (BASE, www)
    assert canonical_url("https://m.example.org/2021/07/05/article") == BASE


def test_amp_html_suffix_is_removed():
    assert canonical_url("https://example.org/a/story.amp.html") == "https://example.org/a/story.html"


def test_meaningful_query_parameters_are_kept_and_sorted():
    assert canonical_url("https://example.org/article.php?id=12&lang=fr&utm_campaign=x") == (
        "https://example.org/article.php?id=12&lang=fr")
    assert canonical_url("https://example.org/a?b=2&a=1") == canonical_url(
        "https://example.org/a?a=1&b=2")


def test_different_paths_stay_different():
    assert canonical_url("https://example.org/a") != canonical_url("https://example.org/b")


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "mailto:a@b.org", "ftp://x.org/a",
                                 "not a url", "", None, "https://"])
def test_non_web_addresses_have_no_canonical_url(bad):
    assert canonical_url(bad) is None
