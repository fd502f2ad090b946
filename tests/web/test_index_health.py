"""A broken index is reported, not hidden (issue 14, item 7): /healthz answers 503 with the
reason when the index is missing, unreadable or holds a different number of articles than
the database (beyond the queue's backlog); searches, feeds and exports say that search is
unavailable (503, never a 500 or an empty file) while the pages drawn from the database keep
working; ``ensure_index`` repairs each case."""

import io
import shutil

import pytest
from django.core.management import call_command

from archive.models import IndexTask
from archive.search import whoosh_index
from archive.search.location import live_index_dir

pytestmark = pytest.mark.django_db

#: Searches that read words' postings (a browse without words reads none, and answers
#: rightly from the columns when only a postings file is damaged).
SEARCHES = ["/search/?q=melenchon", "/search/export.csv?q=ruffin",
            "/search/export.jsonl?q=melenchon", "/search/feed/?q=ruffin", "/api/search?q=ruffin"]


def healthz(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, response.json()


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_search_unavailable_and_the_rest_works(client, archive) -> None:
    for url in SEARCHES:
        response = client.get(url)
        assert response.status_code == 503, url
        assert b"unavailable" in content(response), url
    page = client.get("/search/?q=melenchon")
    assert page["Content-Type"].startswith("text/html")
    assert "Search is unavailable" in page.content.decode()
    assert 'class="site-header"' in page.content.decode()  # the site's layout
    assert client.get("/api/search?q=ruffin").json()["errors"]
    french = client.get("/search/?q=melenchon", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Recherche indisponible" in french.content.decode()
    article = archive.articles[0]
    for url in ("/", article.get_absolute_url(), archive.melenchon.get_absolute_url(),
                archive.rn.get_absolute_url(), "/figures/", "/parties/"):
        assert client.get(url).status_code == 200, url


def ensure_index() -> str:
    out = io.StringIO()
    call_command("ensure_index", stdout=out)
    return out.getvalue()


def assert_repaired(client, output: str) -> None:
    assert "rebuilding it" in output and "Search index repaired: 3 documents" in output
    status, body = healthz(client)
    assert status == 200 and body["status"] == "ok"
    assert body["documents"]["indexed"] == body["documents"]["expected"] == 3
    response = client.get("/search/export.csv?q=ruffin")
    assert response.status_code == 200 and len(content(response).splitlines()) == 2


def test_a_sound_index_is_200_with_the_figures(client, indexed_archive):
    status, body = healthz(client)
    assert status == 200
    assert body["documents"]["indexed"] == 3 and body["documents"]["expected"] == 3
    assert "sound: 3 documents for 3 published articles" in ensure_index()


def test_a_deleted_index_directory_is_503_and_readers_do_not_recreate_it(
        client, indexed_archive, index_root):
    client.get("/search/?q=melenchon")  # this process holds a searcher on the old files
    shutil.rmtree(index_root)
    status, body = healthz(client)
    assert status == 503 and body["index"] is False and body["database"] is True
    assert body["reason"].startswith("index missing")
    assert client.head("/healthz").status_code == 503
    assert_search_unavailable_and_the_rest_works(client, indexed_archive)
    for url in ("/compare/?figure=jean-luc-melenchon", "/network/?q=ruffin",
                "/network/export.gexf?q=ruffin", "/compare/export.csv?figure=jean-luc-melenchon",
                "/api/figures", "/api/network?q=ruffin"):
        assert client.get(url).status_code == 503, url
    assert not index_root.exists()  # no empty index made behind the operator's back
    assert healthz(client)[0] == 503
    assert_repaired(client, ensure_index())


@pytest.mark.parametrize("suffix, damage", [
    (".pst", "garble"),  # postings: searches used to answer 500, /healthz 200
    (".article_id.col", "truncate"),  # the pk column: an empty CSV with 200
    (".trm", "truncate"),  # the terms: every search a 500
])
def test_a_damaged_segment_is_503_with_the_reason(client, indexed_archive, suffix, damage):
    segment = next(p for p in live_index_dir().iterdir() if p.name.endswith(suffix))
    data = segment.read_bytes()
    segment.write_bytes(b"" if damage == "truncate" else bytes(b ^ 0x5A for b in data))
    whoosh_index.close_all()  # a worker (re)started after the damage
    status, body = healthz(client)
    assert status == 503 and body["reason"].startswith("index unreadable: "), body
    assert_search_unavailable_and_the_rest_works(client, indexed_archive)
    assert_repaired(client, ensure_index())


def remove_behind_the_databases_back(archive, count: int) -> None:
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.remove_many([f"archive.article.{a.pk}" for a in archive.articles[:count]])


def test_documents_missing_from_the_index_are_503_with_the_counts(client, indexed_archive):
    IndexTask.objects.all().delete()  # the writer has applied everything
    remove_behind_the_databases_back(indexed_archive, 2)
    status, body = healthz(client)
    assert status == 503
    assert body["reason"] == "index holds 1 documents, the database 3 (0 queued)"
    assert body["documents"] == {"indexed": 1, "expected": 3, "queued": 0}
    output = ensure_index()
    assert "index holds 1 documents, the database 3 (0 queued); rebuilding it" in output
    assert_repaired(client, output)


def test_the_queue_backlog_is_allowed_for(client, indexed_archive):
    IndexTask.objects.all().delete()
    remove_behind_the_databases_back(indexed_archive, 1)
    IndexTask.objects.create(model="archive.article", object_id=indexed_archive.articles[0].pk)
    status, body = healthz(client)
    assert status == 200, body
    assert body["documents"] == {"indexed": 2, "expected": 3, "queued": 1}


def test_an_index_never_built_is_missing_and_ensure_index_builds_it(client, archive, index_root):
    assert healthz(client)[1]["reason"].startswith("index missing")
    assert client.get("/search/export.csv").status_code == 503
    assert not index_root.exists()
    assert_repaired(client, ensure_index())
