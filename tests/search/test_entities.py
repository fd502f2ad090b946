"""Names readers type, resolved against the project's real gazetteer."""

import pytest

from archive.search.entities import name_table
from archive.search.query import parse_query


@pytest.mark.parametrize("typed,slug", [
    ("melenchon", "jean-luc-melenchon"),
    ("MÉLENCHON", "jean-luc-melenchon"),
    ("JLM", "jean-luc-melenchon"),
    ("Le Pen Marine", "marine-le-pen"),
    ("Mélenchon Jean-Luc", "jean-luc-melenchon"),
    ("jean-luc melenchon", "jean-luc-melenchon"),
    ("marine le pen", "marine-le-pen"),
    ("FN", "front-national"),
    ("rassemblement national", "rassemblement-national"),
    ("france insoumise", "la-france-insoumise"),
])
def test_gazetteer_names_resolve(gazetteer, typed, slug):
    assert parse_query(typed, name_table()).entity.slug == slug


@pytest.mark.parametrize("typed", ["le pen", "marine", "la", "e"])
def test_ambiguous_or_common_words_are_not_names(gazetteer, typed):
    assert parse_query(typed, name_table()).entity is None


def test_table_follows_an_editors_new_alias(gazetteer):
    from archive.models import Figure

    assert parse_query("LFI-boss", name_table()).entity is None
    figure = Figure.objects.get(slug="jean-luc-melenchon")
    figure.aliases = [*figure.aliases, "LFI boss"]
    figure.save()
    assert parse_query("LFI boss", name_table()).entity.slug == "jean-luc-melenchon"
