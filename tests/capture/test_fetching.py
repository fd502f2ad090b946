"""Fetching safely and politely: every case of the loopback site."""

import time

import pytest

from archive.capture.addresses import GuardedBackend, RefusedAddress, check_url, parse_policy
from archive.capture.crawl import capture
from archive.capture.fetch import Fetcher, retry_after
from archive.capture.politeness import Politeness
from archive.models import Article, CapturedURL

pytestmark = pytest.mark.django_db


def outcome(report, url):
    for kind in ("created", "updated", "unchanged", "failed", "skipped"):
        for o in getattr(report, kind):
            if o.label == url:
                return kind, o.reason
    raise AssertionError(f"no outcome for {url}")


def test_redirect_chain_is_followed_and_every_hop_recorded(site, config):
    fetcher = Fetcher(config, Politeness(0))
    result = fetcher.get(site.url("/redirect/1"))
    assert [e.status for e in result.exchanges] == [302, 302, 302, 200]
    assert result.final_url == site.url("/fr/melenchon-marseille.html")


def test_redirect_loop_stops_at_the_limit(site, config):
    report = capture([site.url("/loop")], config=config)
    kind, reason = outcome(report, site.url("/loop"))
    assert kind == "failed" and "redirects" in reason


@pytest.mark.parametrize("path,address", [("/to-metadata", "169.254.169.254"),
                                          ("/to-database", "10.0.0.7")])
def test_redirect_to_a_private_address_is_refused(site, config, path, address):
    report = capture([site.url(path)], config=config)
    kind, reason = outcome(report, site.url(path))
    assert kind == "failed"
    assert "refused" in reason and address in reason


@pytest.mark.parametrize("url,why", [
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://localhost:5432/", "loopback"),
    ("http://127.0.0.1:8000/admin/", "loopback"),
    ("http://10.1.2.3/", "private"),
    ("http://[::1]/", "loopback"),
    ("http://224.0.0.1/", "multicast"),
    ("file:///etc/passwd", "only http and https"),
])
def test_private_addresses_are_refused_by_default(url, why):
    with pytest.raises(RefusedAddress, match=why):
        check_url(url, allow_private=parse_policy("0"))


def test_connection_itself_is_guarded_against_dns_rebinding():
    """Even past the URL check, the socket backend connects only to checked addresses."""
    with pytest.raises(RefusedAddress, match="loopback"):
        GuardedBackend(allow_private=False).connect_tcp("localhost", 9)


def test_allow_private_lifts_the_refusal():
    check_url("http://127.0.0.1:9/", allow_private=parse_policy("1"))
    check_url("http://127.0.0.1:9/", allow_private=parse_policy("127.0.0.1/32"))
    with pytest.raises(RefusedAddress):
        check_url("http://10.0.0.1/", allow_private=parse_policy("127.0.0.1/32"))


def test_404_fails_with_its_status(site, config):
    report = capture([site.url("/missing.html")], config=config)
    kind, reason = outcome(report, site.url("/missing.html"))
    assert kind == "failed" and reason.startswith("HTTP 404")


def test_500_with_retry_after_is_retried_and_recovers(site, config):
    started = time.monotonic()
    report = capture([site.url("/fr/flaky.html")], config=config)
    assert outcome(report, site.url("/fr/flaky.html"))[0] == "created"
    assert site.state.flaky_calls == 2
    assert time.monotonic() - started >= 1.0  # Retry-After: 1 honoured


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after("3") == 3.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after("soon") is None


def test_response_slower_than_the_timeout_fails_after_retries(site, config):
    report = capture([site.url("/slow.html")], config=config)
    kind, reason = outcome(report, site.url("/slow.html"))
    assert kind == "failed" and "timed out after 3 attempts" in reason


def test_page_over_the_size_cap_fails(site, config):
    report = capture([site.url("/big.html")], config=config)
    kind, reason = outcome(report, site.url("/big.html"))
    assert kind == "failed" and "size cap" in reason


def test_gzip_bomb_stops_at_the_cap_on_decompressed_bytes(site, config):
    fetcher = Fetcher(config, Politeness(0))
    result = fetcher.get(site.url("/bomb.html"))
    assert "size cap" in result.error
    report = capture([site.url("/bomb.html")], config=config)
    assert outcome(report, site.url("/bomb.html"))[0] == "failed"


def test_gzip_encoded_page_is_decoded_and_stored_as_received(site, config):
    report = capture([site.url("/en/gzipped.html")], config=config)
    assert outcome(report, site.url("/en/gzipped.html"))[0] == "created"


def test_charset_from_the_http_header(site, config):
    capture([site.url("/fr/latin1.html")], config=config)
    assert Article.objects.get().title == "Un été à Besançon"


def test_non_html_file_is_skipped_with_its_content_type(site, config):
    report = capture([site.url("/document.pdf")], config=config)
    assert outcome(report, site.url("/document.pdf")) == (
        "skipped", "not an HTML page (application/pdf)")
    assert not Article.objects.exists()


def test_recapture_sends_validators_and_a_304_is_unchanged(site, config):
    url = site.url("/en/conditional.html")
    assert outcome(capture([url], config=config), url)[0] == "created"
    assert CapturedURL.objects.get(url=url).etag == '"v1"'
    report = capture([url], config=config)
    assert outcome(report, url) == ("unchanged", "not modified (HTTP 304)")
    last_headers = site.state.requests[-1][1]
    assert last_headers.get("If-None-Match") == '"v1"'


def test_one_request_at_a_time_per_host_with_the_delay(site, config):
    config.delay = 0.3
    urls = [site.url(p) for p in ("/fr/melenchon-marseille.html", "/en/le-pen-campaign.html",
                                  "/missing.html")]
    started = time.monotonic()
    capture(urls, config=config)
    # robots.txt + 3 pages, one host: at least 3 pauses between 4 requests
    assert time.monotonic() - started >= 0.9


def test_user_agent_names_the_archive_and_its_contact(site, capture_settings):
    from archive.capture.config import CaptureConfig

    capture_settings.ARCHIVE_CAPTURE_CONTACT = "archivist@example.org"
    config = CaptureConfig.from_settings()
    capture([site.url("/fr/melenchon-marseille.html")], config=config)
    agent = site.state.requests[-1][1]["User-Agent"]
    assert agent.startswith("political-archive/") and "archivist@example.org" in agent


def test_sitemap_index_is_followed_and_non_pages_left_out(site, config):
    report = capture(sitemaps=[site.url("/sitemap.xml")], config=config)
    assert len(report.created) == 3, report.failed
    assert "/files/report.pdf" not in site.state.paths()


def test_sitemap_lastmod_older_than_the_last_capture_is_not_fetched_again(site, config):
    capture(sitemaps=[site.url("/sitemap.xml")], config=config)
    before = site.state.paths().count("/fr/melenchon-marseille.html")
    report = capture(sitemaps=[site.url("/sitemap.xml")], config=config)
    assert site.state.paths().count("/fr/melenchon-marseille.html") == before
    assert outcome(report, site.url("/fr/melenchon-marseille.html"))[0] == "unchanged"
