"""WARC files: HTML responses are captures; other records are skipped; a truncated record is
reported and the records before it are kept."""

import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.models import Article, Capture
from tests.ingest.conftest import PARAGRAPHS, page


def response(writer, url: str, body: bytes, ctype: str = "text/html; charset=utf-8",
             date: str = "2021-07-05T10:00:00Z"):
    headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                     length=len(body), http_headers=headers,
                                     warc_headers_dict={"WARC-Date": date})


def build_warc(gzip: bool = True, truncate: int = 0) -> tuple[bytes, list[int]]:
    """Two HTML pages, a request, an image, and a third page (cut when `truncate`)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    offsets = []

    def write(record):
        offsets.append(buf.tell())
        writer.write_record(record)

    write(response(writer, "https://example.org/a/1",
                   page("Premier article", PARAGRAPHS).encode()))
    request_headers = StatusAndHeaders("GET /a/1 HTTP/1.1", [("Host", "example.org")],
                                       is_http_request=True)
    write(writer.create_warc_record("https://example.org/a/1", "request",
                                    http_headers=request_headers))
    write(response(writer, "https://example.org/logo.png", b"\x89PNG\r\n fake", "image/png"))
    write(response(writer, "https://example.org/a/2",
                   page("Deuxième article", PARAGRAPHS[1:]).encode()))
    write(response(writer, "https://example.org/a/3",
                   page("Troisième article", PARAGRAPHS[2:]).encode()))
    data = buf.getvalue()
    return (data[:-truncate] if truncate else data), offsets


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_become_articles_with_their_offsets(write_file, run_import, gzip):
    data, offsets = build_warc(gzip=gzip)
    report = run_import(write_file("crawl.warc.gz" if gzip else "crawl.warc", data))
    assert len(report.created) == 3 and not report.failed
    assert sorted(Capture.objects.values_list("record_offset", flat=True)) == [
        offsets[0], offsets[3], offsets[4]]
    capture = Capture.objects.get(source_url="https://example.org/a/2")
    assert capture.retrieved_at.isoformat() == "2021-07-05T10:00:00+00:00"
    assert capture.article.title == "Deuxième article"


def test_request_and_non_html_records_are_skipped_not_failed(write_file, run_import):
    data, _ = build_warc()
    report = run_import(write_file("crawl.warc.gz", data))
    assert sorted(o.reason for o in report.skipped) == ["not an HTML page (image/png)",
                                                       "request record"]


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_last_record_is_reported_and_the_rest_kept(write_file, run_import, gzip):
    data, offsets = build_warc(gzip=gzip, truncate=200)
    path = write_file("crawl.warc.gz" if gzip else "crawl.warc", data)
    report = run_import(path)
    assert len(report.created) == 2
    assert [o.label for o in report.failed] == [f"{path}@{offsets[4]}"]
    assert "truncated WARC record" in report.failed[0].reason
    assert Article.objects.count() == 2


def test_garbage_is_a_failed_file_not_a_crash(write_file, run_import):
    report = run_import(write_file("bad.warc", b"WARC/1.0\r\nnonsense\r\n\r\n" * 3))
    assert report.failed and not report.created


def test_reimporting_a_warc_changes_nothing(write_file, run_import):
    path = write_file("crawl.warc.gz", build_warc()[0])
    run_import(path)
    report = run_import(path)
    assert len(report.unchanged) == 3 and not report.created and not report.updated
