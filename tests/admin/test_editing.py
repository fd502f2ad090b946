"""Editing fidelity (issue 13): a save changes only what the editor changed, the history says
who changed what and why, and a revert restores every field."""

import datetime as dt

import pytest
from django.urls import reverse

from archive.ingest.parsed import ParsedArticle, payload_hash
from archive.ingest.pipeline import ingest
from archive.models import Article
from tests.admin.conftest import form_data
from tests.factories import ArticleFactory, PublicationFactory

pytestmark = pytest.mark.django_db
BODY = "Premier paragraphe du texte.\n\nDeuxième paragraphe, plus long.\n\nTroisième."


def change_url(article: Article) -> str:
    return reverse("admin:archive_article_change", args=[article.pk])


def crlf(data: dict) -> dict:
    """What a browser posts: textareas with CRLF line ends."""
    return {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}


def test_a_title_edit_posted_with_crlf_leaves_the_body_as_it_was(editor_client):
    article = ArticleFactory(title="Old title", body=BODY, summary="Ligne un.\nLigne deux.")
    data = crlf(form_data(editor_client.get(change_url(article)))) | {"title": "New title"}
    assert "\r\n" in data["body"]
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body, article.summary) == (
        "New title", BODY, "Ligne un.\nLigne deux.")
    latest = article.history.first()
    changed = latest.diff_against(latest.prev_record).changed_fields
    assert changed == ["title"]


def test_history_says_who_changed_what_and_why(editor_client, editor):
    publication = PublicationFactory()
    item = ParsedArticle(title="Imported", body=BODY, label="x", payload_hash=payload_hash(b"x"),
                         extractor="test", canonical_url="https://example.org/h")
    article = Article.objects.get(pk=ingest([item], publication=publication.slug,
                                            detect=False).created[0].article_id)
    data = form_data(editor_client.get(change_url(article))) | {
        "title": "Corrected", "change_reason": "typo in the headline"}
    editor_client.post(change_url(article), data)
    data = form_data(editor_client.get(change_url(article))) | {"summary": "Résumé."}
    editor_client.post(change_url(article), data)

    page = editor_client.get(reverse("admin:archive_article_history", args=[article.pk]))
    html = page.content.decode()
    assert "Changed by None" not in html and ">None<" not in html
    records = list(article.history.all())
    assert [r.history_change_reason for r in records] == [
        "Edited in the admin: Summary", "typo in the headline", "import"]
    assert [r.history_user for r in records] == [editor, editor, None]
    assert "typo in the headline" in html and "no user (an import or a script)" in html


def test_a_revert_restores_every_field(editor_client):
    first = PublicationFactory(name="First")
    second = PublicationFactory(name="Second")
    article = ArticleFactory(title="Original", body=BODY, summary="Résumé.", publication=first,
                             published_on=dt.date(2020, 1, 2), language="fr",
                             canonical_url="https://example.org/original")
    original = article.history.earliest()
    data = crlf(form_data(editor_client.get(change_url(article)))) | {
        "title": "Changed", "body": "Tout autre texte.", "summary": "", "language": "en",
        "publication": str(second.pk), "published_on": "2021-03-04", "date_estimated": "on",
        "canonical_url": "https://example.org/changed", "status": "draft", "slug": "changed"}
    assert editor_client.post(change_url(article), data).status_code == 302

    revert_url = reverse("admin:archive_article_simple_history",
                         args=[article.pk, original.history_id])
    response = editor_client.post(revert_url, crlf(form_data(editor_client.get(revert_url))))
    assert response.status_code == 302
    article.refresh_from_db()
    fields = ["title", "slug", "canonical_url", "publication_id", "published_on",
              "date_estimated", "language", "status", "summary", "body"]
    assert {f: getattr(article, f) for f in fields} == {f: getattr(original, f) for f in fields}
    assert article.history.first().history_change_reason.startswith(
        "Reverted to the version of")


def test_imported_text_is_stored_with_lf(db):
    item = ParsedArticle(title="Titre", body="Un.\r\n\r\nDeux.\rTrois.", label="x",
                         payload_hash=payload_hash(b"crlf"), extractor="test")
    report = ingest([item], detect=False)
    assert Article.objects.get(pk=report.created[0].article_id).body == "Un.\n\nDeux.\nTrois."
