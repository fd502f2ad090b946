"""Every admin page an editor can reach renders (changelist, add, change, history)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from archive.models import CapturedURL, CaptureJob, IndexTask, Mention
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CandidacyFactory,
    CaptureFactory,
    FigureFactory,
    MembershipFactory,
    MentionFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db

ARCHIVE_ADMINS = sorted(model._meta.model_name for model in admin.site._registry
                        if model._meta.app_label == "archive")


@pytest.fixture
def one_of_everything(db):
    article = ArticleFactory(authors=[AuthorFactory()])
    CaptureFactory(article=article)
    MentionFactory(article=article, figure=FigureFactory())
    MentionFactory(article=article, party=PartyFactory())
    MembershipFactory()
    CandidacyFactory()
    CaptureJob.objects.create(urls=["https://example.org/a.html"])
    CapturedURL.objects.create(url="https://example.org/a.html")


def test_every_model_with_history_has_a_history_admin():
    from django.apps import apps
    from simple_history.admin import SimpleHistoryAdmin

    for model in apps.get_app_config("archive").get_models():
        if hasattr(model._meta, "simple_history_manager_attribute"):
            assert isinstance(admin.site._registry.get(model), SimpleHistoryAdmin), model


@pytest.mark.parametrize("model_name", ARCHIVE_ADMINS)
def test_editor_pages_render(editor_client, one_of_everything, model_name):
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    obj = model.objects.first()
    urls = [reverse(f"admin:archive_{model_name}_changelist"),
            reverse(f"admin:archive_{model_name}_change", args=[obj.pk])]
    if hasattr(model, "history"):
        urls.append(reverse(f"admin:archive_{model_name}_history", args=[obj.pk]))
    if model_name not in ("capture", "capturedurl"):  # made by imports and captures only
        urls.append(reverse(f"admin:archive_{model_name}_add"))

    for url in urls:
        assert editor_client.get(url).status_code == 200, url


def test_mention_page_refuses_a_second_mention_of_the_same_figure(editor_client):
    mention = MentionFactory(figure=FigureFactory())
    url = reverse("admin:archive_mention_add")

    response = editor_client.post(url, {"article": mention.article_id,
                                        "figure": mention.figure_id, "count": "1"})

    assert response.status_code == 200
    assert "already has a mention on this article" in response.content.decode()
    assert Mention.objects.count() == 1


def test_merging_queues_the_articles_for_reindexing():
    from archive.admin.merge import merge_figures

    survivor, duplicate = FigureFactory(), FigureFactory()
    article = ArticleFactory()
    MentionFactory(article=article, figure=duplicate)
    IndexTask.objects.all().delete()

    merge_figures(survivor, [duplicate])

    assert IndexTask.objects.filter(object_id=article.pk, action="update").exists()


def test_deleting_a_mention_from_its_page_is_refused_with_advice(editor_client):
    mention = MentionFactory(figure=FigureFactory())

    response = editor_client.post(reverse("admin:archive_mention_delete", args=[mention.pk]),
                                  {"post": "yes"}, follow=True)

    assert "tick “rejected” instead" in response.content.decode()
    assert Mention.objects.filter(pk=mention.pk).exists()


def test_autocomplete_for_the_figure_of_a_mention_finds_the_figure(editor_client):
    figure = FigureFactory(name="François Ruffin")

    response = editor_client.get(reverse("admin:autocomplete"), {
        "app_label": "archive", "model_name": "mention", "field_name": "figure",
        "term": "Ruff"})

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(figure.pk), "text": "François Ruffin"}]
