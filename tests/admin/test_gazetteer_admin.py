"""Editing the gazetteer (figures, parties, elections) as an editor."""

import datetime as dt

import pytest
from django.urls import reverse

from archive.models import Membership
from tests.admin.conftest import form_data, inline_prefix
from tests.factories import (
    CandidacyFactory,
    ElectionFactory,
    FigureFactory,
    MembershipFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db


def test_membership_ending_before_it_starts_is_a_form_error(editor_client):
    figure, party = FigureFactory(), PartyFactory()
    url = reverse("admin:archive_figure_change", args=[figure.pk])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "membership")

    response = editor_client.post(url, form_data(page) | {
        f"{prefix}-0-party": str(party.pk), f"{prefix}-0-start": "2020-01-01",
        f"{prefix}-0-end": "2019-01-01"})

    assert response.status_code == 200
    assert "is before the start date" in response.content.decode()
    assert not Membership.objects.exists()


def test_membership_page_refuses_an_end_before_the_start(editor_client):
    membership = MembershipFactory(start=dt.date(2020, 1, 1))
    url = reverse("admin:archive_membership_change", args=[membership.pk])

    response = editor_client.post(url, form_data(editor_client.get(url)) | {
        "end": "2019-12-31"})

    assert response.status_code == 200
    assert "is before the start date" in response.content.decode()


def test_party_page_shows_its_lineage(editor_client):
    rn = PartyFactory(name="Rassemblement national", short_name="RN")
    fn = PartyFactory(name="Front national", short_name="FN", succeeded_by=rn,
                      succession_date=dt.date(2018, 6, 1))

    response = editor_client.get(reverse("admin:archive_party_change", args=[fn.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Front national (FN)</strong> → <small>(became 2018-06-01)</small>" in content
    assert "Rassemblement national (RN)</a>" in content


def test_a_party_cannot_succeed_a_party_of_its_own_lineage(editor_client):
    rn = PartyFactory(name="Rassemblement national")
    fn = PartyFactory(name="Front national", succeeded_by=rn)
    url = reverse("admin:archive_party_change", args=[rn.pk])

    response = editor_client.post(url, form_data(editor_client.get(url)) | {
        "succeeded_by": str(fn.pk)})

    assert response.status_code == 200
    assert "make the lineage a loop" in response.content.decode()


def test_election_page_lists_its_candidacies(editor_client):
    election = ElectionFactory()
    CandidacyFactory(election=election, figure=FigureFactory(name="Philippe Poutou"))

    response = editor_client.get(reverse("admin:archive_election_change", args=[election.pk]))

    assert response.status_code == 200
    assert "Philippe Poutou" in response.content.decode()


def test_figure_search_finds_aliases(editor_client):
    FigureFactory(name="Jean-Luc Mélenchon", aliases=["JLM"])

    response = editor_client.get(reverse("admin:archive_figure_changelist"), {"q": "JLM"})

    assert response.context["cl"].result_count == 1


def test_aliases_are_edited_one_per_line(editor_client):
    figure = FigureFactory(aliases=["JLM"])
    url = reverse("admin:archive_figure_change", args=[figure.pk])
    page = editor_client.get(url)
    assert page.context["adminform"].form["aliases"].value() == "JLM"

    response = editor_client.post(url, form_data(page) | {"aliases": "JLM\n  Méluche \n\nJLM"})

    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.aliases == ["JLM", "Méluche"]


def test_adding_a_candidacy_twice_to_an_election_is_a_form_error(editor_client):
    candidacy = CandidacyFactory(constituency="Somme (1)")
    url = reverse("admin:archive_election_change", args=[candidacy.election_id])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "candidacy")

    response = editor_client.post(url, form_data(page) | {
        f"{prefix}-0-figure": str(candidacy.figure_id), f"{prefix}-0-constituency": "Somme (1)"})

    assert response.status_code == 200
    assert "already stands in this election" in response.content.decode()


def test_a_candidacy_is_added_from_the_election_page(editor_client):
    election, figure = ElectionFactory(), FigureFactory()
    url = reverse("admin:archive_election_change", args=[election.pk])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "candidacy")

    response = editor_client.post(url, form_data(page) | {
        f"{prefix}-0-figure": str(figure.pk), f"{prefix}-0-constituency": "Somme (1)"})

    assert response.status_code == 302
    assert election.candidacies.get().figure == figure


def test_figure_search_finds_accented_aliases(editor_client):
    FigureFactory(name="Jean-Luc Mélenchon", aliases=["Méluche"])

    response = editor_client.get(reverse("admin:archive_figure_changelist"), {"q": "Méluche"})

    assert response.context["cl"].result_count == 1


def test_revert_restores_a_figures_earlier_aliases(editor_client):
    figure = FigureFactory(aliases=["JLM"])
    original = figure.history.earliest()
    url = reverse("admin:archive_figure_change", args=[figure.pk])
    editor_client.post(url, form_data(editor_client.get(url)) | {"aliases": "Méluche"})
    revert_url = reverse("admin:archive_figure_simple_history",
                         args=[figure.pk, original.history_id])

    response = editor_client.post(revert_url, form_data(editor_client.get(revert_url)))

    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.aliases == ["JLM"]
