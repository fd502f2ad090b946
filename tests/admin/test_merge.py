"""Merging duplicate figures and authors, through the admin action and the services."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from archive.admin.merge import merge_authors, merge_figures
from archive.models import ArticleAuthor, Author, Figure, Mention
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CandidacyFactory,
    ElectionFactory,
    FigureFactory,
    MembershipFactory,
    MentionFactory,
    PartyFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db


def run_merge_action(client, model: str, objects, survivor) -> object:
    url = reverse(f"admin:archive_{model}_changelist")
    selection = {"action": "merge_selected", ACTION_CHECKBOX_NAME: [o.pk for o in objects]}
    confirmation = client.post(url, selection | {"index": "0"})
    assert confirmation.status_code == 200
    assert "Yes, merge them" in confirmation.content.decode()
    return client.post(url, selection | {"confirm": "yes", "survivor": survivor.pk})


def test_merging_figures_moves_mentions_and_memberships_and_keeps_one(editor_client):
    survivor = FigureFactory(name="François Ruffin", slug="francois-ruffin")
    duplicate = FigureFactory(name="F. Ruffin", slug="francois-ruffin-2")
    party = PartyFactory()
    MembershipFactory(figure=duplicate, party=party, start=dt.date(2016, 1, 1))
    mentioned = ArticleFactory()
    MentionFactory(article=mentioned, figure=duplicate, count=2)

    response = run_merge_action(editor_client, "figure", [survivor, duplicate], survivor)

    assert response.status_code == 302
    assert list(Figure.objects.filter(slug__startswith="francois-ruffin")) == [survivor]
    assert Mention.objects.get(article=mentioned).figure == survivor
    assert survivor.memberships.get().party == party
    survivor.refresh_from_db()
    assert "F. Ruffin" in survivor.aliases


def test_merge_confirmation_defaults_to_the_oldest_figure(editor_client):
    oldest, newer = FigureFactory(), FigureFactory()
    url = reverse("admin:archive_figure_changelist")

    response = editor_client.post(url, {"action": "merge_selected", "index": "0",
                                        ACTION_CHECKBOX_NAME: [newer.pk, oldest.pk]})

    assert response.context["survivor"] == oldest
    assert Figure.objects.filter(pk__in=[oldest.pk, newer.pk]).count() == 2


def test_merging_figures_sums_counts_of_mentions_in_the_same_article():
    survivor, duplicate = FigureFactory(), FigureFactory()
    article = ArticleFactory()
    MentionFactory(article=article, figure=survivor, count=2, first_offset=50)
    MentionFactory(article=article, figure=duplicate, count=3, first_offset=10)

    merge_figures(survivor, [duplicate])

    mention = Mention.objects.get(article=article)
    assert (mention.figure, mention.count, mention.first_offset) == (survivor, 5, 10)


def test_merging_figures_keeps_the_editors_rejection():
    survivor, duplicate = FigureFactory(), FigureFactory()
    article = ArticleFactory()
    MentionFactory(article=article, figure=survivor)
    MentionFactory(article=article, figure=duplicate, rejected=True, source="editor")

    merge_figures(survivor, [duplicate])

    mention = Mention.objects.get(article=article)
    assert (mention.rejected, mention.source) == (True, "editor")


def test_merging_figures_combines_identical_memberships_and_candidacies():
    survivor, duplicate = FigureFactory(), FigureFactory()
    party, election = PartyFactory(), ElectionFactory()
    for figure in (survivor, duplicate):
        MembershipFactory(figure=figure, party=party, start=dt.date(2017, 1, 1))
    CandidacyFactory(figure=survivor, election=election, constituency="Somme (1)")
    CandidacyFactory(figure=duplicate, election=election, constituency="Somme (1)",
                     result="elected")

    merge_figures(survivor, [duplicate])

    assert survivor.memberships.count() == 1
    assert survivor.candidacies.get().result == "elected"


def test_merging_figures_keeps_the_duplicates_history():
    survivor, duplicate = FigureFactory(), FigureFactory(name="Dupe")
    MentionFactory(article=ArticleFactory(), figure=duplicate)
    duplicate_id = duplicate.pk

    merge_figures(survivor, [duplicate])

    records = Figure.history.filter(id=duplicate_id)
    assert [r.history_type for r in records] == ["-", "+"]
    assert "merge" in records[0].history_change_reason
    moved = Mention.history.filter(figure_id=survivor.pk).first()
    assert "merge" in moved.history_change_reason


def test_merging_figures_takes_over_the_duplicates_identifier():
    survivor, duplicate = FigureFactory(), FigureFactory(an_id="PA1234")

    merge_figures(survivor, [duplicate])

    survivor.refresh_from_db()
    assert survivor.an_id == "PA1234"


def test_merging_authors_moves_bylines_and_publications(editor_client):
    survivor = AuthorFactory(name="Nathaniel Flakin")
    duplicate = AuthorFactory(name="Nathaniel  Flakin")
    publication = PublicationFactory()
    duplicate.publications.add(publication)
    shared = ArticleFactory(authors=[duplicate, survivor])
    own = ArticleFactory(authors=[duplicate])

    response = run_merge_action(editor_client, "author", [survivor, duplicate], survivor)

    assert response.status_code == 302
    assert not Author.objects.filter(pk=duplicate.pk).exists()
    assert list(own.authors.all()) == [survivor]
    assert ArticleAuthor.objects.get(article=shared).position == 0
    assert list(survivor.publications.all()) == [publication]


def test_merging_figures_does_not_add_an_accent_variant_as_alias():
    survivor = FigureFactory(name="François Ruffin")
    duplicate = FigureFactory(name="Francois Ruffin", aliases=["Ruffin"])

    merge_figures(survivor, [duplicate])

    survivor.refresh_from_db()
    assert survivor.aliases == ["Ruffin"]


def test_merging_authors_records_aliases():
    survivor, duplicate = AuthorFactory(name="N. Flakin"), AuthorFactory(name="Nathaniel Flakin")

    merge_authors(survivor, [duplicate])

    survivor.refresh_from_db()
    assert survivor.aliases == ["Nathaniel Flakin"]
