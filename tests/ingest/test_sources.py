"""Files, folders, globs, stdin and compressed files all reach the right reader."""

import gzip
import io
import json

import pytest
from django.core.management import call_command

from archive.ingest.formats import detect_format
from archive.ingest.sources import Source
from archive.models import Article
from tests.factories import PublicationFactory
from tests.ingest.conftest import PARAGRAPHS, page


@pytest.fixture
def tree(write_file):
    write_file("in/a.html", page("Article A", PARAGRAPHS))
    write_file("in/sub/b.htm", page("Article B", PARAGRAPHS[1:]))
    write_file("in/sub/c.txt", "Article C\n\nUn paragraphe de texte.\n")
    write_file("in/.hidden/d.html", page("Hidden", PARAGRAPHS))
    write_file("in/e.jsonl.gz", gzip.compress(json.dumps(
        {"title": "Article E", "body": "Texte.", "url": "https://example.org/e"}).encode()))
    return write_file("in/sub/c.txt", "Article C\n\nUn paragraphe de texte.\n").parent.parent


def test_folders_are_read_recursively_without_hidden_files(tree, run_import):
    report = run_import(tree)
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Article A", "Article B", "Article C", "Article E"]
    assert not report.failed


def test_glob_patterns_are_expanded(tree, run_import):
    run_import(str(tree) + "/**/*.htm*")
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Article A", "Article B"]


def test_a_file_named_twice_is_read_once(tree, run_import):
    report = run_import(tree / "a.html", tree / "a.html", tree)
    assert len(report.created) == 4 and not report.unchanged


def test_missing_paths_fail_without_stopping_the_rest(tree, run_import):
    report = run_import(tree / "nope.html", tree / "a.html", str(tree) + "/*.xyz")
    assert [o.reason for o in report.failed] == ["no such file or folder",
                                                 "pattern matches no files"]
    assert len(report.created) == 1


@pytest.mark.parametrize("content,expected", [
    (b"WARC/1.0\r\n", "warc"), (b'{"title": "x"}\n', "jsonl"),
    (b"<!DOCTYPE html><html>", "html"), (b"A title\n\nText.", "text"),
])
def test_format_is_sniffed_when_the_name_says_nothing(content, expected):
    assert detect_format(Source(label="-", data=content)) == expected


def test_format_option_overrides_the_name(write_file, run_import):
    path = write_file("page.txt", page("Une page", PARAGRAPHS))
    run_import(path, format="html")
    assert Article.objects.get().title == "Une page"


def test_command_date_and_url_hints(write_file, db):
    PublicationFactory(slug="wsws")
    path = write_file("dump.txt", "Un titre\n\nUn paragraphe.\n")
    out = io.StringIO()
    call_command("import_articles", str(path), "--date", "2017-06", "--url",
                 "http://www.example.org/x/", "--publication", "wsws", "--no-mentions",
                 stdout=out, stderr=io.StringIO())
    article = Article.objects.get()
    assert str(article.published_on) == "2017-06-01" and article.date_estimated
    assert article.canonical_url == "https://www.example.org/x"  # the host is kept
    assert article.publication.slug == "wsws"
    assert "created 1, new version 0, unchanged 0, failed 0" in out.getvalue()


def test_command_rejects_a_malformed_date(write_file, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date"):
        call_command("import_articles", "x.txt", "--date", "June 2017")


def test_command_prints_plain_lines_when_not_on_a_terminal(tree, db):
    out = io.StringIO()
    call_command("import_articles", str(tree / "a.html"), "--no-mentions", stdout=out)
    assert f"created: {tree / 'a.html'} (article " in out.getvalue()


def test_command_refuses_an_unknown_publication(write_file, db):
    from django.core.management.base import CommandError

    PublicationFactory(slug="wsws")
    with pytest.raises(CommandError, match="no publication with slug 'wswss'.*wsws"):
        call_command("import_articles", str(write_file("a.txt", "T\n\nText.")),
                     "--publication", "wswss")
    assert Article.objects.count() == 0


def test_paths_may_be_path_objects(write_file, db):
    from archive.ingest.pipeline import ingest as import_paths

    report = import_paths([write_file("a.txt", "T\n\nText."), write_file("b.txt", "U\n\nMore.")])
    assert len(report.created) == 2
