"""Identity and versions: same URL and text is unchanged; new text is a new version."""

from archive.ingest.parsed import ParsedArticle, payload_hash
from archive.ingest.pipeline import ingest
from archive.models import Article, Capture, IndexTask
from tests.factories import ArticleFactory, CaptureFactory

URL = "https://example.org/politique/reforme"


def import_capture(item: ParsedArticle, **options):
    """One capture through the ingest pipeline; its outcome."""
    return ingest([item], **options).outcomes[0]


def parsed(body: str, *, url: str | None = URL, title: str = "La réforme", label: str = "x",
           payload: bytes | None = None, **extra) -> ParsedArticle:
    return ParsedArticle(title=title, body=body, label=label, canonical_url=url,
                         payload_hash=payload_hash(payload or (title + body).encode()),
                         extractor="test", **extra)


def test_first_capture_creates_the_article_and_its_capture(db):
    outcome = import_capture(parsed("Premier texte.", authors=["Claire Martin", "Jean Petit"]))
    article = Article.objects.get(pk=outcome.article_id)
    assert outcome.kind == "created"
    assert article.canonical_url == URL
    assert [a.name for a in article.ordered_authors()] == ["Claire Martin", "Jean Petit"]
    assert article.captures.get().body == "Premier texte."


def test_same_url_and_same_text_is_unchanged(db):
    import_capture(parsed("Premier texte."))
    again = import_capture(parsed("Premier texte."))
    assert again.kind == "unchanged"
    assert Article.objects.count() == 1 and Capture.objects.count() == 1


def test_same_text_from_another_url_variant_is_unchanged(db):
    import_capture(parsed("Premier texte."))
    again = import_capture(parsed("Premier   texte.", payload=b"other bytes, same text"))
    assert again.kind == "unchanged"
    assert Article.objects.count() == 1
    assert Capture.objects.count() == 2  # a second retrieval is still provenance


def test_changed_text_is_a_new_version_with_history_kept(db):
    first = import_capture(parsed("Premier texte."))
    second = import_capture(parsed("Texte corrigé après publication."))
    assert second.kind == "updated" and second.article_id == first.article_id
    article = Article.objects.get()
    assert article.body == "Texte corrigé après publication."
    assert list(article.captures.order_by("id").values_list("body", flat=True)) == [
        "Premier texte.", "Texte corrigé après publication."]
    assert article.history.count() == 2


def test_new_version_keeps_slug_and_authors(db):
    first = import_capture(parsed("Premier texte.", authors=["Claire Martin"]))
    slug = Article.objects.get(pk=first.article_id).slug
    import_capture(parsed("Autre texte.", title="Nouveau titre"))
    article = Article.objects.get()
    assert article.slug == slug and article.title == "Nouveau titre"
    assert [a.name for a in article.ordered_authors()] == ["Claire Martin"]


def test_editor_corrections_survive_a_reimport_of_known_text(db):
    import_capture(parsed("Premier texte."))
    article = Article.objects.get()
    article.title = "Titre corrigé par la rédaction"
    article.save()
    outcome = import_capture(parsed("Premier texte.", payload=b"new bytes"))
    assert outcome.kind == "unchanged"
    assert Article.objects.get().title == "Titre corrigé par la rédaction"


def test_without_url_the_payload_is_the_identity(db):
    first = import_capture(parsed("Un texte.", url=None, payload=b"file one"))
    again = import_capture(parsed("Un texte.", url=None, payload=b"file one"))
    other = import_capture(parsed("Un autre texte.", url=None, payload=b"file two"))
    assert (first.kind, again.kind, other.kind) == ("created", "unchanged", "created")
    assert Article.objects.filter(canonical_url__isnull=True).count() == 2


def test_existing_article_from_elsewhere_gets_a_version(db):
    article = ArticleFactory(canonical_url=URL, body="Texte d'origine.")
    CaptureFactory(article=article)
    outcome = import_capture(parsed("Texte d'origine, modifié."))
    assert outcome.kind == "updated" and outcome.article_id == article.pk


def test_changed_articles_are_queued_for_indexing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_capture(parsed("Premier texte."))
    assert IndexTask.objects.filter(object_id=outcome.article_id, action="update").exists()


def test_date_hint_fills_a_missing_date_as_estimated(db):
    import datetime as dt

    outcome = import_capture(parsed("Texte."), date_hint=dt.date(2017, 6, 1))
    article = Article.objects.get(pk=outcome.article_id)
    assert article.published_on == dt.date(2017, 6, 1) and article.date_estimated


def test_a_record_the_database_refuses_fails_alone(db):
    outcome = import_capture(parsed("Texte.", url="https://example.org/" + "a" * 1200))
    assert outcome.kind == "failed" and "longer than 1000" in outcome.reason
    assert Article.objects.count() == 0


def test_an_older_capture_found_late_is_kept_but_not_shown(db):
    import datetime as dt

    late = dt.datetime(2021, 7, 6, tzinfo=dt.UTC)
    early = dt.datetime(2021, 7, 5, tzinfo=dt.UTC)
    import_capture(parsed("Texte corrigé.", retrieved_at=late))
    outcome = import_capture(parsed("Texte d'origine.", retrieved_at=early))
    assert outcome.kind == "updated"
    assert Article.objects.get().body == "Texte corrigé."
    assert Capture.objects.count() == 2


def test_article_made_in_the_admin_with_the_same_text_is_unchanged(db):
    ArticleFactory(canonical_url=URL, title="La réforme", body="Premier texte.")
    outcome = import_capture(parsed("Premier texte."))
    assert outcome.kind == "unchanged"
    assert Capture.objects.count() == 1
