"""Caps on decompressed bytes per record and on article size (archive/ingest/limits.py):
each refusal says why, the rest of the file is still read, and memory stays bounded
(peak RSS of a fresh process reading a decompression bomb)."""

import gzip
import json

import pytest

from archive.dev.hostile import (
    MB,
    deflate_in_http,
    html_gzip_bomb,
    huge_page,
    jsonl_bomb,
    measure,
    warc_bomb,
)
from archive.ingest.formats import read_source
from archive.ingest.parsed import ParsedArticle, ParseFailure
from archive.ingest.sources import Source

CAP = 256 * 1024


@pytest.fixture
def small_caps(settings):
    settings.ARCHIVE_INGEST_MAX_RECORD_BYTES = CAP
    settings.ARCHIVE_INGEST_MAX_ARTICLE_CHARS = 20_000


def read(path):
    items = list(read_source(Source(label=str(path), path=path)))
    return ([i for i in items if isinstance(i, ParsedArticle)],
            [i.reason for i in items if isinstance(i, ParseFailure)])


def test_a_warc_record_over_the_cap_is_refused_and_the_next_is_read(small_caps, tmp_path):
    articles, refused = read(warc_bomb(tmp_path / "b.warc.gz", 4 * MB))
    assert refused == ["WARC record at offset 0: the record's payload is larger than 256 KB "
                       "once decompressed (the cap for one record); refused"]
    assert [a.title for a in articles] == ["Apres la bombe"]


def test_a_gzip_content_encoded_http_body_is_capped_too(small_caps, tmp_path):
    articles, refused = read(deflate_in_http(tmp_path / "ce.warc", 4 * MB))
    assert articles == [] and len(refused) == 1 and "larger than 256 KB" in refused[0]


def test_a_json_line_over_the_cap_is_refused_and_the_next_is_read(small_caps, tmp_path):
    articles, refused = read(jsonl_bomb(tmp_path / "b.jsonl.gz", 2 * MB))
    assert refused == ["line 1 is longer than 256 KB once decompressed (the cap for one "
                       "record); refused"]
    assert [a.title for a in articles] == ["Apres"]
    assert articles[0].label.endswith(":2")


def test_a_line_just_under_the_cap_is_read(small_caps, settings, tmp_path):
    settings.ARCHIVE_INGEST_MAX_ARTICLE_CHARS = CAP
    path = tmp_path / "ok.jsonl.gz"
    body = "mot " * ((CAP - 200) // 4)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"url": "https://example.org/a", "title": "T", "body": body}) + "\n")
    articles, refused = read(path)
    assert refused == [] and len(articles) == 1


def test_a_page_over_the_cap_is_refused(small_caps, tmp_path):
    articles, refused = read(html_gzip_bomb(tmp_path / "b.html.gz", 4 * MB))
    assert articles == []
    assert refused == ["the file is larger than 256 KB once decompressed (the cap for one "
                       "record); refused"]


def test_an_article_over_the_length_cap_is_refused(small_caps, tmp_path):
    articles, refused = read(huge_page(tmp_path / "huge.html", 200 * 1024))
    assert articles == []
    assert len(refused) == 1 and refused[0].startswith("the article is ")
    assert refused[0].endswith("characters long, over the cap of 20,000; refused")


def test_the_import_command_reports_the_reason(small_caps, tmp_path, db, capsys):
    from django.core.management import call_command

    path = jsonl_bomb(tmp_path / "b.jsonl.gz", 2 * MB)
    with pytest.raises(SystemExit) as exit_:
        call_command("import_articles", str(path), "--no-mentions")
    assert exit_.value.code == 1
    out = capsys.readouterr()
    assert "longer than 256 KB once decompressed" in out.out + out.err


@pytest.mark.slow
@pytest.mark.parametrize("make,name", [(warc_bomb, "bomb.warc.gz"),
                                       (jsonl_bomb, "bomb.jsonl.gz"),
                                       (html_gzip_bomb, "bomb.html.gz"),
                                       (deflate_in_http, "content-encoding.warc")])
def test_decompression_bombs_stay_within_bounded_memory(tmp_path, make, name):
    """192 MB once expanded; at the real 8 MB cap the reader grows by far less than that."""
    expanded = 192 * MB
    path = make(tmp_path / name, expanded)
    assert path.stat().st_size < 2 * MB
    measured = measure(path, expanded)
    assert measured.refused and "once decompressed" in measured.refused[0]
    assert measured.growth_mb < 100, measured
