"""The readers' query language, without an index (names come from a hand-made table)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.entities import NameTable, Ref
from archive.search.query import (
    AnyOf,
    EntityTerm,
    Not,
    Phrase,
    Words,
    parse_query,
    query_sq,
)

JLM = Ref("figure", 1, "jean-luc-melenchon")
MLP = Ref("figure", 2, "marine-le-pen")
RN = Ref("party", 3, "rassemblement-national")


def table() -> NameTable:
    names = NameTable()
    for ref, name in [(JLM, "Jean-Luc Mélenchon"), (JLM, "Mélenchon"), (JLM, "JLM"),
                      (MLP, "Marine Le Pen"), (MLP, "Le Pen Marine"),
                      (RN, "Rassemblement national"), (RN, "RN")]:
        names.add(ref, name)
    names.slugs = {"figure": {JLM.slug: JLM, MLP.slug: MLP}, "party": {RN.slug: RN}}
    return names


def test_words_are_folded_and_required():
    parsed = parse_query("Élections Législatives", table())
    assert parsed.clauses == [Words(("elections",)), Words(("legislatives",))]


def test_quoted_words_are_a_phrase():
    assert parse_query('"union de la gauche"', table()).clauses == [
        Phrase(("union", "de", "la", "gauche"))
    ]


def test_minus_excludes():
    assert parse_query("retraites -macron", table()).clauses == [
        Words(("retraites",)), Not(Words(("macron",)))
    ]


def test_or_joins_neighbours():
    assert parse_query("ruffin OR quatennens", table()).clauses == [
        AnyOf((Words(("ruffin",)), Words(("quatennens",))))
    ]


def test_name_without_accents_resolves_to_figure():
    parsed = parse_query("melenchon", table())
    assert parsed.entity == JLM


def test_alias_resolves_to_figure():
    assert parse_query("JLM", table()).entity == JLM


def test_family_name_first_resolves_to_figure():
    assert parse_query("Le Pen Marine", table()).entity == MLP


def test_name_inside_longer_query_is_not_the_entity():
    parsed = parse_query("melenchon retraites", table())
    assert parsed.entity is None
    assert parsed.clauses[0] == EntityTerm(JLM, ("melenchon",))


def test_prefix_resolves_slug_or_name():
    assert parse_query("figure:melenchon", table()).clauses == [EntityTerm(JLM, ())]
    assert parse_query("party:rassemblement-national", table()).clauses == [EntityTerm(RN, ())]


def test_unknown_prefix_value_is_searched_as_words_with_message():
    parsed = parse_query("figure:nobody", table())
    assert parsed.clauses == [Words(("nobody",))]
    assert "Unknown figure 'nobody'" in parsed.messages[0]


def test_title_prefix_searches_the_title_field():
    assert parse_query('title:"la reforme"', table()).clauses == [
        Phrase(("la", "reforme"), "title")
    ]


def test_unbalanced_quote_is_explained():
    parsed = parse_query('"front national', table())
    assert parsed.clauses == [Phrase(("front", "national"))]
    assert parsed.messages


def test_lone_operators_are_ignored_with_message():
    parsed = parse_query("OR - OR", table())
    assert parsed.clauses == [] or all(isinstance(c, Words) for c in parsed.clauses)
    assert parsed.messages


def test_long_query_is_cut_with_message():
    parsed = parse_query("mot " * 3000, table())
    assert parsed.messages
    assert len(parsed.clauses) <= 24


def test_stop_words_alone_give_no_query():
    assert query_sq(parse_query("le la les", table())) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_string_parses_to_a_query_or_a_message(text):
    parsed = parse_query(text, table())
    query_sq(parsed)
    parsed.highlight_terms()
    assert isinstance(parsed.messages, list)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(['"', "-", "OR", "figure:", "title:", "party:x", "JLM", "le",
                                 "pen", "marine", " ", "\x00", "é", ":", "(", "*"]),
                max_size=30))
def test_operator_soup_never_raises(parts):
    parsed = parse_query(" ".join(parts), table())
    query_sq(parsed)
