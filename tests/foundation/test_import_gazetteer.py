import json

import pytest
from django.core.management import CommandError, call_command

from archive.gazetteer.importer import GazetteerFormatError, import_gazetteer_file
from archive.models import Candidacy, Figure, Office

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputies(shared_testdata):
    ref = shared_testdata / "reference"
    return [ref / "deputes_an_leg15_2017-2022.csv", ref / "deputes_an_leg16_2022-2024.csv"]


def test_deputies_lists_merge_into_the_gazetteer(gazetteer, deputies):
    ruffins_before = Figure.objects.filter(name__icontains="ruffin").count()
    for path in deputies:
        import_gazetteer_file(path)
    abadie = Figure.objects.get(slug="caroline-abadie")
    candidacies = {c.election.slug: c for c in
                   Candidacy.objects.filter(figure=abadie).select_related("election", "party")}
    assert set(candidacies) == {"legislatives-2017", "legislatives-2022"}
    assert candidacies["legislatives-2017"].constituency == "Isère (8e circonscription)"
    assert candidacies["legislatives-2017"].party.slug == "la-republique-en-marche"
    assert candidacies["legislatives-2022"].party.slug in {"ensemble", "la-republique-en-marche"}
    assert Office.objects.filter(figure=abadie).count() == 2
    assert Figure.objects.filter(name__icontains="ruffin").count() == ruffins_before == 1
    ruffin = Figure.objects.get(slug="francois-ruffin")
    assert ruffin.an_id == "722142"


def test_importing_the_same_list_twice_adds_nothing(gazetteer, deputies):
    import_gazetteer_file(deputies[0])
    figures, offices = Figure.objects.count(), Office.objects.count()
    again = import_gazetteer_file(deputies[0])
    assert again.created == [] and sum(again.added.values()) == 0
    assert (Figure.objects.count(), Office.objects.count()) == (figures, offices)


def test_json_records_merge_by_name(gazetteer, tmp_path):
    path = tmp_path / "more.json"
    path.write_text(json.dumps([
        {"name": "François Ruffin", "aliases": ["Ruffin le Picard"]},
        {"name": "Nouvelle Personne", "memberships": [{"party": "parti-socialiste",
                                                       "start": "2019-01-01"}]},
    ]))
    report = import_gazetteer_file(path)
    assert report.created == ["Nouvelle Personne"]
    assert report.merged == ["François Ruffin"]
    assert "Ruffin le Picard" in Figure.objects.get(slug="francois-ruffin").aliases
    assert Figure.objects.get(slug="nouvelle-personne").party_on(None).slug == "parti-socialiste"


def test_a_file_of_another_shape_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(GazetteerFormatError, match="missing columns"):
        import_gazetteer_file(path)
    with pytest.raises(CommandError, match="missing columns"):
        call_command("import_gazetteer", str(path))


def test_invalid_json_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("[{")
    with pytest.raises(GazetteerFormatError, match="invalid JSON"):
        import_gazetteer_file(path)
