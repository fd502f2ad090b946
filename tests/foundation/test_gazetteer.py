import csv
import datetime as dt
from collections import defaultdict

import pytest

from archive.folding import fold
from archive.gazetteer.load import load_gazetteer
from archive.models import AllianceMembership, Candidacy, Election, Figure, Membership, Party

pytestmark = pytest.mark.django_db


def test_gazetteer_has_the_agreed_minimum(gazetteer):
    assert Party.objects.count() >= 25
    assert Figure.objects.count() >= 60
    assert Election.objects.count() >= 4


def test_loading_twice_changes_nothing(gazetteer):
    again = load_gazetteer()
    assert again.created == {} and again.updated == {}


@pytest.mark.parametrize(
    ("old", "new", "date"),
    [
        ("front-national", "rassemblement-national", dt.date(2018, 6, 1)),
        ("union-pour-un-mouvement-populaire", "les-republicains", dt.date(2015, 5, 30)),
        ("en-marche", "la-republique-en-marche", dt.date(2017, 5, 8)),
        ("la-republique-en-marche", "renaissance", dt.date(2022, 9, 17)),
    ],
)
def test_party_lineage_with_dates(gazetteer, old, new, date):
    party = Party.objects.get(slug=old)
    assert party.succeeded_by.slug == new
    assert party.succession_date == date


def test_renaissance_lineage_reaches_back_to_en_marche(gazetteer):
    slugs = [p.slug for p in Party.objects.get(slug="renaissance").lineage()]
    assert slugs == ["en-marche", "la-republique-en-marche", "renaissance"]


def test_nupes_is_a_2022_alliance_of_the_left(gazetteer):
    nupes = Party.objects.get(slug="nupes")
    assert nupes.kind == Party.Kind.ALLIANCE
    members = set(AllianceMembership.objects.filter(alliance=nupes)
                  .values_list("party__slug", flat=True))
    assert {"la-france-insoumise", "parti-socialiste", "parti-communiste-francais"} <= members


def test_far_left_is_present(gazetteer):
    for slug in ("nouveau-parti-anticapitaliste", "lutte-ouvriere", "revolution-permanente"):
        assert Party.objects.filter(slug=slug).exists(), slug


def _alias_owners(objects):
    owners = defaultdict(set)
    for obj in objects:
        for alias in [obj.name, *obj.aliases]:
            owners[fold(alias)].add(obj.slug)
    return owners


def test_no_figure_alias_is_shared_unless_marked_ambiguous(gazetteer):
    shared = {a: s for a, s in _alias_owners(Figure.objects.all()).items() if len(s) > 1}
    assert shared == {}


def test_no_party_alias_is_shared_unless_marked_ambiguous(gazetteer):
    shared = {a: s for a, s in _alias_owners(Party.objects.all()).items() if len(s) > 1}
    assert shared == {}


def test_bare_le_pen_is_ambiguous_for_every_le_pen(gazetteer):
    for slug in ("marine-le-pen", "jean-marie-le-pen", "marion-marechal"):
        figure = Figure.objects.get(slug=slug)
        assert "le pen" not in {fold(a) for a in figure.aliases}, slug
        assert "le pen" in {fold(a) for a in figure.ambiguous_aliases}, slug


def test_every_candidate_has_the_candidacy_party_on_election_day(gazetteer):
    problems = []
    for c in Candidacy.objects.select_related("figure", "election", "party"):
        if c.party is None:
            problems.append(f"{c}: no party")
            continue
        day = c.election.first_round
        held = c.figure.party_on(day)
        allies = set(AllianceMembership.objects.filter(alliance=c.party)
                     .values_list("party_id", flat=True))
        if held is None or (held != c.party and held.pk not in allies):
            problems.append(f"{c}: party on {day} is {held}, candidacy says {c.party}")
    assert problems == []


def test_membership_dates_are_ordered(gazetteer):
    bad = [m for m in Membership.objects.all() if m.start and m.end and m.start > m.end]
    assert bad == []


def test_presidential_candidates_of_2017_and_2022(gazetteer):
    for slug, count in (("presidentielle-2017", 11), ("presidentielle-2022", 12)):
        assert Election.objects.get(slug=slug).candidacies.count() == count


def test_ruffin_stood_in_the_somme_in_2017(gazetteer):
    candidacy = Candidacy.objects.get(figure__slug="francois-ruffin",
                                      election__slug="legislatives-2017")
    assert "Somme" in candidacy.constituency and "1" in candidacy.constituency


def test_party_facts_ids_exist_in_the_reference_table(gazetteer, shared_testdata):
    with (shared_testdata / "reference" / "partyfacts_core_parties_FRA.csv").open() as fh:
        known = {int(row["partyfacts_id"]) for row in csv.DictReader(fh)}
    ids = list(Party.objects.exclude(partyfacts_id=None).values_list("partyfacts_id", flat=True))
    assert len(ids) >= 8
    assert set(ids) <= known
