"""JSON lines: one article per line; bad lines are reported with their number."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from archive.models import Article, Capture
from tests.ingest.conftest import PARAGRAPHS, page


def record(i: int, **extra) -> dict:
    return {"url": f"https://example.org/a/{i}", "title": f"Article {i}",
            "authors": ["Claire Martin"], "date": "2021-07-05", "publication": "Le Journal",
            "body": "\n\n".join(PARAGRAPHS), **extra}


def test_each_line_becomes_an_article(write_jsonl, run_import):
    report = run_import(write_jsonl("a.jsonl", [record(i) for i in range(5)]))
    assert len(report.created) == 5
    article = Article.objects.get(canonical_url="https://example.org/a/3")
    assert article.published_on == dt.date(2021, 7, 5) and not article.date_estimated
    assert article.publication.slug == "le-journal"
    assert article.language == "fr"
    assert article.body.split("\n\n") == PARAGRAPHS


def test_capture_keeps_the_byte_offset_of_its_line(write_jsonl, run_import):
    path = write_jsonl("a.jsonl", [record(0), record(1)])
    run_import(path)
    offsets = list(Capture.objects.order_by("record_offset").values_list("record_offset",
                                                                          flat=True))
    first_line = path.read_bytes().split(b"\n")[0]
    assert offsets == [0, len(first_line) + 1]


def test_malformed_lines_are_reported_with_their_number(write_jsonl, run_import):
    path = write_jsonl("a.jsonl", [record(0), "{not json", "[1, 2]", record(3, date="soon"),
                                   {"url": "https://example.org/x", "title": "No body"},
                                   record(5)])
    report = run_import(path)
    assert len(report.created) == 3  # the unreadable date is dropped, the article kept
    warned = {o.label: o.warnings for o in report.warned}
    assert warned == {f"{path}:4": ("date 'soon' could not be read; kept without a date",)}
    reasons = {o.label: o.reason for o in report.failed}
    assert reasons[f"{path}:2"].startswith("line 2: invalid JSON")
    assert reasons[f"{path}:3"] == "line 3: expected a JSON object, found list"
    assert reasons[f"{path}:5"] == "line 5: no body, text or html"


def test_html_body_in_a_record_is_reduced_to_text(write_jsonl, run_import):
    html = "<p>Premier paragraphe.</p><script>alert(1)</script><p onclick='x()'>Second.</p>"
    run_import(write_jsonl("a.jsonl", [record(0, body=html)]))
    assert Article.objects.get().body == "Premier paragraphe.\n\nSecond."


def test_whole_page_in_a_record_goes_through_extraction(write_jsonl, run_import):
    run_import(write_jsonl("a.jsonl", [{"url": "https://example.org/p",
                                        "html": page("Titre de page", PARAGRAPHS)}]))
    article = Article.objects.get()
    assert article.title == "Titre de page"
    assert article.captures.get().extractor == "trafilatura"


def test_a_second_import_of_the_file_changes_nothing(write_jsonl, run_import):
    path = write_jsonl("a.jsonl", [record(i) for i in range(3)])
    run_import(path)
    report = run_import(path)
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 3)
    assert Capture.objects.count() == 3


def test_duplicate_urls_within_a_file_become_versions(write_jsonl, run_import):
    path = write_jsonl("a.jsonl", [record(0), record(0, body="Texte modifié.")])
    report = run_import(path)
    assert (len(report.created), len(report.updated)) == (1, 1)
    assert Article.objects.get().body == "Texte modifié."
    assert Capture.objects.count() == 2


@pytest.mark.parametrize("batch_size", [1, 2, 200])
def test_batching_does_not_change_the_result(write_jsonl, run_import, batch_size):
    path = write_jsonl("a.jsonl", [record(i) for i in range(5)] + ["oops"])
    report = run_import(path, batch_size=batch_size)
    assert (len(report.created), len(report.failed)) == (5, 1)
    assert Article.objects.count() == 5


def test_command_exits_with_status_1_and_names_the_bad_line(write_jsonl, db):
    path = write_jsonl("a.jsonl", [record(0), "{broken"])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_articles", str(path), "--no-mentions", stdout=out, stderr=err)
    assert exit_info.value.code == 1
    assert "created 1, new version 0, unchanged 0, failed 1" in out.getvalue()
    assert f"{path}:2: line 2: invalid JSON" in err.getvalue()


def test_stdin_is_read_with_dash(db):
    data = (json.dumps(record(0)) + "\n").encode()
    from archive.ingest.pipeline import ingest as import_paths

    report = import_paths(["-"], stdin=io.BytesIO(data))
    assert len(report.created) == 1
    assert Article.objects.get().captures.get().source_file == "<stdin>"
