"""Editing articles in /admin/ as an editor: changelist, edits, history, revert, concurrency,
and the form errors that replace database errors."""

import pytest
from django.urls import reverse

from archive.models import Article, Mention
from tests.admin.conftest import form_data, inline_prefix
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    FigureFactory,
    MentionFactory,
    PartyFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:archive_article_changelist")


def change_url(article: Article) -> str:
    return reverse("admin:archive_article_change", args=[article.pk])


def test_changelist_with_filters_and_search_runs_a_bounded_number_of_queries(
        editor_client, django_assert_max_num_queries):
    publication = PublicationFactory()
    figure = FigureFactory(name="François Ruffin", slug="francois-ruffin")
    party = PartyFactory(name="La France insoumise", short_name="LFI", slug="lfi")
    for n in range(30):
        article = ArticleFactory(title=f"Amiens story {n}", publication=publication,
                                 authors=[AuthorFactory(), AuthorFactory()])
        MentionFactory(article=article, figure=figure)
        MentionFactory(article=article, party=party)
    params = {"q": "Amiens", "figure": "ruffin", "party": "LFI", "language__exact": "fr",
              "status__exact": "published", "publication__id__exact": publication.pk}

    with django_assert_max_num_queries(20):
        response = editor_client.get(CHANGELIST, params)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 30
    assert "François Ruffin" in response.content.decode()


def test_figure_filter_with_unknown_name_says_so(editor_client):
    ArticleFactory()

    response = editor_client.get(CHANGELIST, {"figure": "nobody-at-all"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    assert "No figure matches" in response.content.decode()


def test_editor_edits_an_article(editor_client):
    article = ArticleFactory(title="Old title", authors=[AuthorFactory()])
    page = editor_client.get(change_url(article))
    data = form_data(page) | {"title": "New title", "summary": "A summary.", "_save": "Save"}

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    article.refresh_from_db()
    assert (article.title, article.summary) == ("New title", "A summary.")


def test_history_page_lists_the_editors_change(editor_client, editor):
    article = ArticleFactory(title="Old title")
    data = form_data(editor_client.get(change_url(article))) | {"title": "New title"}
    editor_client.post(change_url(article), data)

    response = editor_client.get(reverse("admin:archive_article_history", args=[article.pk]))

    assert response.status_code == 200
    records = list(response.context["page_obj"].object_list)
    assert len(records) == 2
    assert records[0].history_user == editor
    assert "New title" in response.content.decode()


def test_revert_restores_the_earlier_title(editor_client):
    article = ArticleFactory(title="Old title")
    original = article.history.earliest()
    data = form_data(editor_client.get(change_url(article))) | {"title": "New title"}
    editor_client.post(change_url(article), data)
    revert_url = reverse("admin:archive_article_simple_history",
                         args=[article.pk, original.history_id])

    response = editor_client.post(revert_url, form_data(editor_client.get(revert_url)))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Old title"


def test_stale_edit_is_refused_and_keeps_the_editors_input(editor_client):
    article = ArticleFactory(title="Original")
    data = form_data(editor_client.get(change_url(article))) | {"title": "Mine"}
    other = Article.objects.get(pk=article.pk)
    other.title = "Theirs"
    other.save()

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "changed by" in content and "NOT been saved" in content
    assert 'value="Mine"' in content
    article.refresh_from_db()
    assert article.title == "Theirs"


def test_saving_again_after_a_conflict_overwrites_deliberately(editor_client):
    article = ArticleFactory(title="Original")
    data = form_data(editor_client.get(change_url(article))) | {"title": "Mine"}
    Article.objects.get(pk=article.pk).save()
    conflict = editor_client.post(change_url(article), data)

    response = editor_client.post(change_url(article), form_data(conflict))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Mine"


def test_duplicate_canonical_url_is_a_form_error(editor_client):
    ArticleFactory(title="First", canonical_url="https://example.org/same")
    article = ArticleFactory()
    data = form_data(editor_client.get(change_url(article))) | {
        "canonical_url": "https://example.org/same"}

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "Another article already has this canonical URL" in response.content.decode()


def test_removing_a_detected_mention_keeps_it_as_rejected(editor_client):
    article = ArticleFactory()
    mention = MentionFactory(article=article, figure=FigureFactory(), count=3)
    page = editor_client.get(change_url(article))
    prefix = inline_prefix(page, "mention")

    response = editor_client.post(change_url(article),
                                  form_data(page) | {f"{prefix}-0-DELETE": "on"})

    assert response.status_code == 302
    mention.refresh_from_db()
    assert (mention.rejected, mention.source) == (True, Mention.Source.EDITOR)


def test_a_rejected_mention_stays_rejected_when_the_article_is_saved_again(editor_client):
    article = ArticleFactory()
    mention = MentionFactory(article=article, figure=FigureFactory(), rejected=True,
                             source=Mention.Source.EDITOR)
    page = editor_client.get(change_url(article))
    assert "REJECTED" in page.content.decode()

    editor_client.post(change_url(article), form_data(page) | {"title": "Edited"})

    mention.refresh_from_db()
    assert mention.rejected


def test_a_mention_added_by_an_editor_is_saved_as_editor(editor_client):
    article = ArticleFactory()
    figure = FigureFactory()
    page = editor_client.get(change_url(article))
    prefix = inline_prefix(page, "mention")

    response = editor_client.post(change_url(article), form_data(page) | {
        f"{prefix}-0-figure": str(figure.pk), f"{prefix}-0-count": "2"})

    assert response.status_code == 302
    mention = Mention.objects.get(article=article, figure=figure)
    assert (mention.source, mention.rejected, mention.count) == (Mention.Source.EDITOR,
                                                                 False, 2)


def test_adding_a_mention_that_exists_already_is_a_form_error(editor_client):
    article = ArticleFactory()
    figure = FigureFactory()
    MentionFactory(article=article, figure=figure, rejected=True, source="editor")
    page = editor_client.get(change_url(article))
    prefix = inline_prefix(page, "mention")
    extra = page.context["inline_admin_formsets"][1].formset.initial_form_count()

    response = editor_client.post(change_url(article), form_data(page) | {
        f"{prefix}-{extra}-figure": str(figure.pk)})

    assert response.status_code == 200
    assert "already has a mention on this article" in response.content.decode()
    assert Mention.objects.filter(article=article).count() == 1


def test_a_mention_rejected_in_the_admin_survives_re_detection(editor_client):
    from archive.mentions.service import detect_mentions

    figure = FigureFactory(name="Anasse Kazib", given_name="Anasse", family_name="Kazib",
                           slug="anasse-kazib")
    article = ArticleFactory(body="Anasse Kazib, cheminot, a pris la parole à Paris.")
    detect_mentions([article.pk])
    assert Mention.objects.get(article=article, figure=figure).source == "detected"
    page = editor_client.get(change_url(article))
    prefix = inline_prefix(page, "mention")
    editor_client.post(change_url(article), form_data(page) | {f"{prefix}-0-DELETE": "on"})

    detect_mentions([article.pk])

    mention = Mention.objects.get(article=article, figure=figure)
    assert (mention.rejected, mention.source) == (True, "editor")
    assert not Article.objects.mentioning(figure).exists()


def test_editor_deletes_an_article_with_its_captures_and_mentions(editor_client):
    from tests.factories import CaptureFactory

    article = ArticleFactory()
    CaptureFactory(article=article)
    MentionFactory(article=article, figure=FigureFactory())
    url = reverse("admin:archive_article_delete", args=[article.pk])

    response = editor_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_the_same_author_twice_in_a_byline_is_a_form_error(editor_client):
    author = AuthorFactory()
    article = ArticleFactory(authors=[author])
    page = editor_client.get(change_url(article))
    prefix = inline_prefix(page, "articleauthor")

    response = editor_client.post(change_url(article), form_data(page) | {
        f"{prefix}-1-author": str(author.pk), f"{prefix}-1-position": "1"})

    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()


def test_a_mention_saved_meanwhile_by_someone_else_gives_a_message_not_a_500(editor_client):
    from django.db.models.signals import pre_save

    article, figure = ArticleFactory(), FigureFactory()
    page = editor_client.get(change_url(article))
    prefix = inline_prefix(page, "mention")

    def detection_runs_meanwhile(sender, instance, **kwargs):
        if instance.pk is None and instance.source == Mention.Source.EDITOR:
            Mention.objects.create(article=article, figure=figure)

    pre_save.connect(detection_runs_meanwhile, sender=Mention)
    try:
        response = editor_client.post(change_url(article), form_data(page) | {
            f"{prefix}-0-figure": str(figure.pk)}, follow=True)
    finally:
        pre_save.disconnect(detection_runs_meanwhile, sender=Mention)

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not Mention.objects.filter(article=article, source="editor").exists()


def test_figure_filter_matches_an_accented_alias(editor_client):
    figure = FigureFactory(name="Jean-Luc Mélenchon", aliases=["Méluche"])
    MentionFactory(article=ArticleFactory(), figure=figure)
    ArticleFactory()

    response = editor_client.get(CHANGELIST, {"figure": "Méluche"})

    assert response.context["cl"].result_count == 1


def test_the_concurrency_row_tells_a_stale_refusal_from_other_form_errors(editor_client):
    from tests.reliability.concurrency import refused_as_stale

    article = ArticleFactory(title="Original")
    data = form_data(editor_client.get(change_url(article))) | {"title": "Mine"}
    Article.objects.get(pk=article.pk).save()

    assert refused_as_stale(editor_client.post(change_url(article), data))
    fresh = form_data(editor_client.get(change_url(article))) | {"title": ""}
    assert not refused_as_stale(editor_client.post(change_url(article), fresh))
