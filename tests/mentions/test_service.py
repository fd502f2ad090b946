"""detect_mentions writes and reconciles Mention rows in the database."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from archive.mentions.service import detect_mentions, detection_text
from archive.models import Figure, IndexTask, Mention, Party
from tests.factories import ArticleFactory, MentionFactory


def slugs(article, *, active=True):
    qs = Mention.objects.filter(article=article)
    if active:
        qs = qs.active()
    return {m.figure.slug if m.figure_id else m.party.slug for m in qs}


@pytest.fixture
def article(mini_db):
    return ArticleFactory(title="Marine Le Pen en campagne",
                          body="Face à Emmanuel Macron, Le Pen promet. Le PS se tait.",
                          published_on=dt.date(2017, 4, 1))


def test_detection_writes_figure_and_party_mentions(article):
    detect_mentions([article.pk])
    assert slugs(article) == {"marine-le-pen", "emmanuel-macron", "parti-socialiste",
                              "front-national", "en-marche"}


def test_mention_stores_count_offset_and_matched_text(article):
    detect_mentions([article.pk])
    mention = Mention.objects.get(article=article, figure__slug="marine-le-pen")
    assert (mention.count, mention.first_offset, mention.matched_text) == (2, 0, "Marine Le Pen")
    text = detection_text(article.title, article.body)
    ps = Mention.objects.get(article=article, party__slug="parti-socialiste")
    assert text[ps.first_offset:ps.first_offset + 2] == "PS"


def test_party_through_figure_follows_the_article_date(mini_db):
    old = ArticleFactory(body="Marine Le Pen parle.", published_on=dt.date(2017, 6, 1))
    new = ArticleFactory(body="Marine Le Pen parle.", published_on=dt.date(2022, 4, 1))
    detect_mentions([old.pk, new.pk])
    via_old = Mention.objects.get(article=old, party__isnull=False)
    via_new = Mention.objects.get(article=new, party__isnull=False)
    assert via_old.party.slug == "front-national"
    assert via_new.party.slug == "rassemblement-national"
    assert via_new.via_figure.slug == "marine-le-pen"


def test_named_party_has_no_via_figure(article):
    detect_mentions([article.pk])
    assert Mention.objects.get(article=article, party__slug="parti-socialiste").via_figure is None


def test_second_run_changes_nothing(article):
    detect_mentions([article.pk])
    report = detect_mentions([article.pk])
    assert (report.created, report.updated, report.deleted) == (0, 0, 0)
    assert report.changed_article_ids == []


def test_mentions_no_longer_found_are_deleted(article):
    detect_mentions([article.pk])
    article.body = "Rien à signaler."
    article.save()
    detect_mentions([article.pk])
    assert slugs(article) == {"marine-le-pen", "front-national"}


def test_editor_added_mention_survives_redetection(article):
    poutou = Figure.objects.get(slug="philippe-poutou")
    MentionFactory(article=article, figure=poutou, source=Mention.Source.EDITOR)
    detect_mentions([article.pk])
    assert "philippe-poutou" in slugs(article)


def test_editor_rejected_mention_is_not_brought_back(article):
    macron = Figure.objects.get(slug="emmanuel-macron")
    MentionFactory(article=article, figure=macron, source=Mention.Source.EDITOR, rejected=True)
    detect_mentions([article.pk])
    assert "emmanuel-macron" not in slugs(article)
    assert Mention.objects.get(article=article, figure=macron).rejected


def test_editor_mention_is_left_untouched(article):
    ps = Party.objects.get(slug="parti-socialiste")
    MentionFactory(article=article, party=ps, source=Mention.Source.EDITOR, count=7,
                   matched_text="")
    detect_mentions([article.pk])
    mention = Mention.objects.get(article=article, party=ps)
    assert (mention.source, mention.count, mention.matched_text) == ("editor", 7, "")


def test_changed_articles_are_queued_for_indexing(article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = detect_mentions([article.pk])
    assert report.changed_article_ids == [article.pk]
    assert IndexTask.objects.filter(object_id=article.pk, action="update").exists()


def test_unchanged_articles_are_not_queued(article, django_capture_on_commit_callbacks):
    detect_mentions([article.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        detect_mentions([article.pk])
    assert callbacks == []


def test_all_articles_are_read_when_no_ids_are_given(mini_db):
    ArticleFactory.create_batch(3, body="Philippe Poutou")
    report = detect_mentions()
    assert report.articles == 3
    assert Mention.objects.filter(figure__slug="philippe-poutou").count() == 3


def test_unknown_ids_are_reported_not_fatal(article):
    report = detect_mentions([article.pk, 999_999])
    assert report.missing_ids == [999_999]
    assert report.articles == 1


def test_gazetteer_change_rebuilds_the_automaton(article):
    detect_mentions([article.pk])
    figure = Figure.objects.get(slug="philippe-poutou")
    figure.aliases = ["Poutou", "campagne"]
    figure.save()
    detect_mentions([article.pk])
    assert "philippe-poutou" in slugs(article)


def test_empty_gazetteer_deletes_nothing(db):
    article = ArticleFactory()
    MentionFactory(article=article, party=Party.objects.create(slug="x", name="X"))
    Party.objects.all().delete()
    report = detect_mentions()
    assert report.skipped_reason


def test_command_needs_ids_or_all(db):
    with pytest.raises(CommandError):
        call_command("detect_mentions")


def test_command_prints_counts(article, capsys):
    call_command("detect_mentions", "--all")
    assert "1 articles read" in capsys.readouterr().out


def test_no_party_through_a_figure_an_editor_rejected(mini_db):
    article = ArticleFactory(body="Philippe Poutou parle.", published_on=dt.date(2021, 7, 5))
    poutou = Figure.objects.get(slug="philippe-poutou")
    MentionFactory(article=article, figure=poutou, source=Mention.Source.EDITOR, rejected=True)
    detect_mentions([article.pk])
    assert slugs(article) == set()
