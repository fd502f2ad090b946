"""Replay from the WARC record in a sandboxed frame; WARC round trip through import_articles;
WARC rotation and repair of a partial last record."""

import gzip
import io

import pytest
from django.core.management import call_command
from warcio.archiveiterator import ArchiveIterator

from archive.capture.crawl import capture
from archive.capture.fetch import Exchange
from archive.capture.warcfile import WarcWriter, readable_end, repair
from archive.models import Article, Capture
from archive.views.captures import REPLAY_CSP

pytestmark = pytest.mark.django_db


@pytest.fixture
def captured(site, config):
    capture([site.url("/fr/melenchon-marseille.html")], config=config)
    return Capture.objects.get()


def test_replay_page_has_a_banner_and_a_sandboxed_frame(client, captured, site):
    page = client.get(f"/captures/{captured.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert site.url("/fr/melenchon-marseille.html") in text
    assert captured.article.get_absolute_url() in text
    assert "not captured" in text  # page requisites
    assert f'src="/captures/{captured.pk}/frame/" sandbox=""' in text


def test_frame_serves_the_response_exactly_as_received_with_the_sandbox_csp(
        client, captured, site):
    frame = client.get(f"/captures/{captured.pk}/frame/")
    assert frame.status_code == 200
    assert frame["Content-Security-Policy"] == (
        "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'")
    assert frame["Content-Security-Policy"] == REPLAY_CSP
    assert frame.content == site.fr_article()
    assert frame["X-Frame-Options"] == "SAMEORIGIN"


def test_article_page_links_every_capture(client, captured):
    page = client.get(captured.article.get_absolute_url()).content.decode()
    assert f'href="/captures/{captured.pk}/"' in page


def test_capture_without_a_warc_record_is_not_found(client):
    from tests.factories import ArticleFactory

    article = ArticleFactory()
    row = Capture.objects.create(article=article, payload_hash="x", extractor="text",
                                 title=article.title, body=article.body,
                                 content_hash=article.content_hash)
    assert client.get(f"/captures/{row.pk}/").status_code == 404
    assert client.get("/captures/999999/frame/").status_code == 404


def test_import_articles_of_the_warc_folder_rebuilds_the_same_articles(site, config):
    capture(feeds=[site.url("/feed.xml")], config=config)
    before = sorted(Article.objects.values_list("canonical_url", "title", "published_on",
                                                "publication__name", "language"))
    offsets = sorted(Capture.objects.values_list("source_file", "record_offset"))
    Article.objects.all().delete()
    call_command("import_articles", str(config.warc_dir), "--no-mentions",
                 stdout=io.StringIO(), stderr=io.StringIO())
    after = sorted(Article.objects.values_list("canonical_url", "title", "published_on",
                                               "publication__name", "language"))
    assert after == before
    assert sorted(Capture.objects.values_list("source_file", "record_offset")) == offsets


def _exchange(n: int) -> Exchange:
    import datetime as dt

    body = f"<html><body><p>page {n}</p></body></html>".encode()
    return Exchange(url=f"http://example.test/{n}", request_headers=[("Host", "example.test")],
                    status=200, reason="OK", http_version="HTTP/1.1",
                    headers=[("Content-Type", "text/html")], raw=body, body=body,
                    retrieved_at=dt.datetime.now(dt.UTC))


def test_warc_files_rotate_by_size_and_open_with_warcinfo(tmp_path):
    writer = WarcWriter(tmp_path, max_bytes=2000)
    for n in range(10):
        writer.write(_exchange(n))
    writer.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) > 1
    for path in files:
        with open(path, "rb") as fh:
            records = list(ArchiveIterator(fh))
        info = records[0]
        assert info.rec_type == "warcinfo"
    assert not list(tmp_path.glob(".*.open"))


def test_repair_cuts_a_partial_last_record(tmp_path):
    writer = WarcWriter(tmp_path)
    for n in range(3):
        writer.write(_exchange(n))
    path = writer.path
    writer._fh.flush()
    whole = path.stat().st_size
    # a writer killed in the middle of a record: half a gzip member at the end
    partial = gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b"x" * 500)[:200]
    with open(path, "ab") as fh:
        fh.write(partial)
    writer._fh.close()  # the lock dies with the process
    done = repair(tmp_path)
    assert done and "cut a partial record" in done[0]
    assert path.stat().st_size == whole == readable_end(path)
    with open(path, "rb") as fh:
        assert [r.rec_type for r in ArchiveIterator(fh)].count("response") == 3
    assert not list(tmp_path.glob(".*.open"))


def test_repair_leaves_a_live_writer_alone(tmp_path):
    writer = WarcWriter(tmp_path)
    writer.write(_exchange(1))
    assert repair(tmp_path) == []
    writer.close()
