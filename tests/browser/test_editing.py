"""An editor in Chromium (issue 13): a title edit through the real admin form leaves the body
byte for byte, the history says who changed what and why, and a revert restores every field."""

import pytest

from archive.admin.editors import make_editor
from archive.models import Article
from tests.browser.conftest import screenshot
from tests.factories import ArticleFactory, PublicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long Passphrase 42"
BODY = ("Le gouvernement a présenté mercredi un projet de loi.\n\n"
        "Les syndicats appellent à une journée de grève.\n\n"
        "L'opposition dénonce un texte préparé sans concertation.")


def log_in(page, base: str) -> None:
    page.goto(base + "/admin/login/?next=/admin/")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")


def test_title_edit_history_and_revert_in_a_real_browser(page, live_server):
    make_editor("edith", email="edith@example.org", password=PASSWORD)
    article = ArticleFactory(title="Titre d'origine", body=BODY,
                             summary="Un résumé.\nSur deux lignes.",
                             publication=PublicationFactory(name="Le Journal"))
    before = {f: getattr(article, f) for f in ("body", "summary", "published_on", "language",
                                                "canonical_url", "publication_id", "status")}
    base = live_server.url
    log_in(page, base)

    change = f"{base}/admin/archive/article/{article.pk}/change/"
    page.goto(change)
    page.fill("#id_title", "Titre corrigé")
    page.fill("#id_change_reason", "faute dans le titre")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/archive/article/")
    article.refresh_from_db()
    assert article.title == "Titre corrigé"
    assert {f: getattr(article, f) for f in before} == before  # body: same characters
    assert len(article.body) == len(BODY)

    page.goto(change)
    page.fill("#id_body", "Un tout autre texte, écrit pour voir.\n\nEt un second paragraphe.")
    page.select_option("#id_language", "en")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/archive/article/")

    page.goto(f"{base}/admin/archive/article/{article.pk}/history/")
    rows = page.locator("tr.history-record")
    assert rows.count() == 3
    users = [t.strip() for t in page.locator("td.history-user").all_inner_texts()]
    reasons = [t.strip() for t in page.locator("td.history-reason").all_inner_texts()]
    assert users[:2] == ["edith", "edith"] and "None" not in " ".join(users)
    assert reasons[0] == "Edited in the admin: Language, Body"
    assert reasons[1] == "faute dans le titre"
    changes = page.locator("td.history-changes").all_inner_texts()
    assert "title" in changes[1].lower() and "body" not in changes[1].lower()
    screenshot(page, "editing-history")

    rows.last.locator("a").click()  # the first version
    page.wait_for_url("**/history/**")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/archive/article/")
    article.refresh_from_db()
    assert article.title == "Titre d'origine"
    assert {f: getattr(article, f) for f in before} == before
    assert Article.history.filter(id=article.pk).first().history_change_reason.startswith(
        "Reverted to the version of")
