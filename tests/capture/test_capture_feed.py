"""The issue's "Done when": capture a feed of a (loopback) site, read back, robots obeyed."""

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.capture.crawl import capture
from archive.models import Article, Capture

pytestmark = pytest.mark.django_db


def by_url(url: str) -> Article:
    return Article.objects.get(captures__source_url=url)


def test_feed_capture_archives_articles_with_metadata_from_the_pages(site, config):
    report = capture(feeds=[site.url("/feed.xml")], config=config)
    assert len(report.created) == 3, report.failed
    fr = by_url(site.url("/fr/melenchon-marseille.html"))
    assert fr.title == "Mélenchon présente son programme à Marseille"
    assert [a.name for a in fr.ordered_authors()] == ["Claire Dubois"]
    assert str(fr.published_on) == "2017-06-02" and not fr.date_estimated
    assert fr.publication.name == "Le Journal Local"
    assert fr.language == "fr"
    en = by_url(site.url("/en/le-pen-campaign.html"))
    # The page's own name wins over its host (issue 13): the English edition names itself.
    assert en.language == "en" and en.publication.name == "The Local Journal"


def test_robots_disallowed_page_is_skipped_and_never_requested(site, config):
    report = capture(feeds=[site.url("/feed.xml")], config=config)
    skipped = {o.label: o.reason for o in report.skipped}
    assert skipped[site.url("/private/secret.html")] == "disallowed by robots.txt"
    assert "/private/secret.html" not in site.state.paths()
    assert site.state.paths().count("/robots.txt") == 1


def test_every_exchange_is_in_readable_warc_files(site, config):
    capture(feeds=[site.url("/feed.xml")], config=config)
    files = sorted(config.warc_dir.glob("*.warc.gz"))
    assert files
    uris, types = [], []
    for path in files:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                types.append(record.rec_type)
                uris.append(record.rec_headers.get_header("WARC-Target-URI"))
                if record.rec_type == "response":
                    assert record.rec_headers.get_header("WARC-Payload-Digest")
                    assert record.rec_headers.get_header("WARC-Date")
    assert types[0] == "warcinfo"
    for path in ("/robots.txt", "/feed.xml", "/fr/melenchon-marseille.html"):
        assert site.url(path) in uris
    assert types.count("request") == types.count("response")
    for capture_row in Capture.objects.all():
        assert capture_row.source_file.endswith(".warc.gz")
        assert capture_row.record_offset is not None


def test_second_run_over_unchanged_pages_creates_nothing(site, config):
    capture(feeds=[site.url("/feed.xml")], config=config)
    articles, captures = Article.objects.count(), Capture.objects.count()
    report = capture(feeds=[site.url("/feed.xml")], config=config)
    assert not report.created and not report.updated and not report.failed
    assert (Article.objects.count(), Capture.objects.count()) == (articles, captures)
