"""Exports of any search: CSV with mentions (and an Excel dialect), JSON lines, RIS and
BibTeX, streamed, each read back by an independent reader library."""

import csv
import io
import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from pybtex.database import parse_string as pybtex_parse

from tests import factories as f

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.status_code == 200
    assert response.streaming
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_has_mentioned_figures_and_parties(client, indexed_archive):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/search/export.csv?q=melenchon")))))
    first = next(r for r in rows if r["title"] == "Mélenchon et Ruffin en campagne")
    assert first["figures"] == "Jean-Luc Mélenchon; François Ruffin"
    assert first["figure_slugs"] == "jean-luc-melenchon francois-ruffin"
    assert first["parties"] == "La France insoumise"


def test_excel_csv_has_a_bom_and_semicolons(client, indexed_archive):
    text = body(client.get("/search/export.csv?q=melenchon&excel=1"))
    assert text.startswith("\ufeffid;title;")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert len(rows) == 2 and rows[0]["title"]


def test_jsonl_has_every_field_and_the_body_only_on_request(client, indexed_archive):
    lines = body(client.get("/search/export.jsonl?party=rassemblement-national")).splitlines()
    records = [json.loads(line) for line in lines]
    assert {r["title"] for r in records} == {"Le Front national avant le congrès",
                                            "Le Rassemblement national face à Mélenchon"}
    record = next(r for r in records if r["published_on"] == "2017-11-20")
    assert record["date_estimated"] is True
    assert [p["slug"] for p in record["parties"]] == ["front-national"]
    assert record["figures"][0]["slug"] == "marine-le-pen"
    assert {"content_hash", "word_count", "captures", "archive_url", "authors"} <= set(record)
    assert "body" not in record
    with_body = [json.loads(x) for x in body(
        client.get("/search/export.jsonl?party=rassemblement-national&body=1")).splitlines()]
    assert next(r for r in with_body if r["id"] == record["id"])["body"] == (
        "Marine Le Pen et le Front national.")


def test_ris_is_read_back_by_rispy(client, indexed_archive):
    entries = rispy.loads(body(client.get("/search/export.ris?q=melenchon")))
    assert len(entries) == 2
    entry = next(e for e in entries if e["title"] == "Mélenchon et Ruffin en campagne")
    assert entry["type_of_reference"] == "NEWS"
    assert entry["authors"] == ["Nathaniel Flakin"]
    assert entry["secondary_title"] == "Left Voice"
    assert entry["date"] == "2017/06/03"
    assert entry["urls"][-1].startswith("http://testserver/articles/")
    assert "Jean-Luc Mélenchon" in entry["keywords"]


def test_bibtex_is_read_back_by_two_parsers_with_hostile_characters(client, indexed_archive):
    article = f.ArticleFactory(title="50 % & {braces} $x_1$ #1 \\ Mélenchon", body="x",
                               canonical_url="https://example.test/a_b?c=1%20&d=2")
    f.MentionFactory(article=article, figure=indexed_archive.melenchon)
    from archive.search.rebuild import rebuild

    rebuild()
    text = body(client.get("/search/export.bib?figure=jean-luc-melenchon"))
    assert text.startswith("% Articles of http://testserver/search/?figure=jean-luc-melenchon"
                           " (at most 10,000)")
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    assert len(library.entries) == 3
    hostile = next(e for e in library.entries if e["url"].startswith("https://example.test"))
    assert hostile["title"] == "50 % & {braces} $x_1$ #1 \\ Mélenchon"
    raw = bibtexparser.parse_string(text)  # URLs are verbatim: read without LaTeX decoding
    assert {e["url"] for e in raw.entries} >= {"https://example.test/a_b?c=1%20&d=2"}
    pybtex = pybtex_parse(text, "bibtex")
    assert len(pybtex.entries) == 3
    keys = [e.key for e in library.entries]
    assert len(set(keys)) == 3
    flakin = next(e for e in pybtex.entries.values() if e.fields["journal"] == "Left Voice")
    assert [str(p) for p in flakin.persons["author"]] == ["Flakin, Nathaniel"]


def test_exports_reject_malformed_parameters(client, indexed_archive):
    for fmt in ("csv", "jsonl", "ris", "bib"):
        response = client.get(f"/search/export.{fmt}?from=nope")
        assert response.status_code == 400
        assert "must be a date" in response.content.decode()


def test_search_page_links_every_format(client, indexed_archive):
    html = client.get("/search/?q=melenchon").content.decode()
    for href in ("/search/export.csv?q=melenchon", "/search/export.csv?q=melenchon&amp;excel=1",
                 "/search/export.jsonl?q=melenchon", "/search/export.jsonl?q=melenchon&amp;body=1",
                 "/search/export.ris?q=melenchon", "/search/export.bib?q=melenchon",
                 "/network/?q=melenchon"):
        assert f'href="{href}"' in html, href


def test_figure_and_party_pages_link_compare_and_network(client, archive):
    html = client.get("/figures/marine-le-pen/").content.decode()
    assert 'href="/compare/?figure=marine-le-pen"' in html
    assert 'href="/network/?figure=marine-le-pen"' in html
    html = client.get("/parties/front-national/").content.decode()
    assert 'href="/compare/?party=front-national"' in html


def test_export_memory_stays_flat_in_batches(client, db, index_root,
                                             django_assert_max_num_queries):
    from archive.search.rebuild import rebuild
    from tests.web.conftest import build_archive

    build_archive(extra_articles=40)
    rebuild()
    with django_assert_max_num_queries(14):
        lines = body(client.get("/search/export.jsonl")).splitlines()
    assert len(lines) == 43


def test_exports_list_authors_in_byline_order(client, db, index_root):
    from archive.search.rebuild import rebuild

    zoe, albert = f.AuthorFactory(name="Zoé Zola"), f.AuthorFactory(name="Albert Abel")
    f.ArticleFactory(title="Deux signatures", authors=[zoe, albert])
    rebuild()
    rows = list(csv.DictReader(io.StringIO(body(client.get("/search/export.csv?q=signatures")))))
    assert [r["authors"] for r in rows] == ["Zoé Zola; Albert Abel"]
    record = json.loads(body(client.get("/search/export.jsonl?q=signatures")))
    assert [a["name"] for a in record["authors"]] == ["Zoé Zola", "Albert Abel"]
    entries = rispy.loads(body(client.get("/search/export.ris?q=signatures")))
    assert entries[0]["authors"] == ["Zoé Zola", "Albert Abel"]


def test_exports_build_one_model_instance_per_row(client, db, index_root):
    """Authors, mentions, figures, parties and licences come as plain values: building them as
    model instances (17 a row) was most of a CSV export's cost (docs/performance.md)."""
    from django.db.models.signals import post_init

    from archive.search.rebuild import rebuild
    from tests.web.conftest import build_archive

    build_archive(extra_articles=30)
    rebuild()
    built: dict[str, int] = {}

    def count(sender, **kwargs):
        built[sender.__name__] = built.get(sender.__name__, 0) + 1

    post_init.connect(count)
    try:
        rows = list(csv.DictReader(io.StringIO(body(client.get("/search/export.csv")))))
    finally:
        post_init.disconnect(count)
    assert len(rows) >= 30
    assert any(r["figures"] for r in rows) and any(r["authors"] for r in rows)
    assert set(built) <= {"Article", "Publication"}, built
    assert built["Article"] == len(rows)
