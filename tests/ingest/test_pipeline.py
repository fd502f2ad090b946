"""One ingest path: import, mention detection and index queueing once per article, inside the
data's transaction; detection state kept per article."""

import pytest
from django.core.management import call_command
from django.db import transaction

from archive.ingest.parsed import ParsedArticle, payload_hash
from archive.ingest.pipeline import ingest
from archive.models import Article, IndexTask, Mention

TEXT = ("Emmanuel Macron a reçu Marine Le Pen à l'Élysée. Le Rassemblement national et "
        "La France insoumise ont critiqué le gouvernement, a rapporté la presse.")


def item(n: int, body: str = TEXT) -> ParsedArticle:
    return ParsedArticle(title=f"Article {n}", body=body, label=f"item {n}",
                         canonical_url=f"https://example.org/a/{n}",
                         payload_hash=payload_hash(f"{n}{body}".encode()), extractor="test")


def tasks_for(pk: int) -> int:
    return IndexTask.objects.filter(object_id=pk).count()


def test_each_article_is_queued_once_with_its_mentions(gazetteer):
    report = ingest([item(1), item(2)])
    assert len(report.created) == 2
    for outcome in report.created:
        article = Article.objects.get(pk=outcome.article_id)
        assert article.mentions_detected_at is not None
        assert Mention.objects.filter(article=article, figure__isnull=False).count() >= 2
        assert tasks_for(article.pk) == 1  # not once before and once after its mentions
    assert report.mentions.articles == 2


def test_index_rows_are_written_inside_the_data_transaction(gazetteer):
    with transaction.atomic():
        report = ingest([item(3)])
        # on_commit would only queue after the outer commit: the row must already be there
        assert tasks_for(report.created[0].article_id) == 1
        transaction.set_rollback(True)
    assert not Article.objects.exists() and not IndexTask.objects.exists()


def test_a_rerun_detects_articles_imported_without_detection(gazetteer):
    first = ingest([item(4)], detect=False)
    pk = first.created[0].article_id
    assert Article.objects.get(pk=pk).mentions_detected_at is None
    assert not Mention.objects.filter(article_id=pk).exists()

    again = ingest([item(4)])
    assert [o.kind for o in again.outcomes] == ["unchanged"]
    assert Article.objects.get(pk=pk).mentions_detected_at is not None
    assert Mention.objects.filter(article_id=pk).exists()
    assert tasks_for(pk) == 2  # once per ingest that changed what the index holds

    third = ingest([item(4)])  # detected and unchanged: nothing more to do
    assert third.mentions.articles == 0 and tasks_for(pk) == 2


def test_detect_mentions_missing_completes_only_the_undetected(gazetteer, capsys):
    detected = ingest([item(5)]).created[0].article_id
    missing = ingest([item(6)], detect=False).created[0].article_id
    stamp = Article.objects.get(pk=detected).mentions_detected_at
    call_command("detect_mentions", "--missing")
    assert "1 articles read" in capsys.readouterr().out
    assert Article.objects.get(pk=missing).mentions_detected_at is not None
    assert Article.objects.get(pk=detected).mentions_detected_at == stamp


def test_detect_mentions_command_wants_one_selection(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="one of them"):
        call_command("detect_mentions", "--all", "--missing")


def test_load_defaults_goes_through_the_pipeline(db, seeds_dir):
    from archive.defaults import load_defaults

    report = load_defaults()
    assert report.failed == 0
    articles = list(Article.objects.all())
    assert articles and all(a.mentions_detected_at for a in articles)
    for article in articles:
        assert tasks_for(article.pk) == 1
