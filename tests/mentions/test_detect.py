"""Detection rules on a small hand-written gazetteer (tests/mentions/conftest.py)."""

import datetime as dt

from archive.mentions.detect import detect
from archive.mentions.normalise import fold

D2016, D2017, D2021 = dt.date(2016, 3, 1), dt.date(2017, 6, 17), dt.date(2021, 7, 5)


def figures(text, mini, on=D2017):
    return set(detect(text, mini, on).figures)


def parties(text, mini, on=D2017):
    return set(detect(text, mini, on).parties)


def test_fold_keeps_length_and_offsets():
    text = "Jean‑Luc Mélenchon’s ŒUVRE — d’Édouard\u00a0Philippe"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("jean luc melenchon's ouvre")


def test_full_name_is_found_with_count_offset_and_matched_text(mini):
    text = "Hier, Emmanuel Macron a parlé. Macron a insisté."
    hit = detect(text, mini, D2017).figures["emmanuel-macron"]
    assert (hit.count, hit.first_offset, hit.matched_text) == (2, 6, "Emmanuel Macron")


def test_missing_accents_still_match(mini):
    assert figures("Jean-Luc Melenchon et MELENCHON", mini) == {"jean-luc-melenchon"}


def test_hyphen_may_be_a_space(mini):
    assert figures("Jean Luc Mélenchon parle.", mini) == {"jean-luc-melenchon"}


def test_elisions_match(mini):
    text = "Le discours d'Emmanuel Macron, l’UMP et qu'Édouard Philippe"
    assert figures(text, mini) == {"emmanuel-macron", "edouard-philippe"}
    assert parties(text, mini) == {"les-republicains"}


def test_possessives_match(mini):
    assert figures("Macron's plan and Mélenchon’s answer", mini) == {
        "emmanuel-macron", "jean-luc-melenchon"}


def test_abbreviation_is_not_found_inside_a_word(mini):
    assert parties("Le PSG a gagné; RNA vaccines; LFIX", mini) == set()


def test_lowercase_word_is_not_an_abbreviation(mini):
    assert parties("il a écrit ps: à bientôt, et rn ou fn", mini) == set()


def test_abbreviations_match_as_whole_tokens(mini):
    assert parties("Le PS, le FN (et LFI).", mini, D2016) == {
        "parti-socialiste", "front-national", "la-france-insoumise"}


def test_lowercase_common_phrase_is_not_a_party_or_a_name(mini):
    assert parties("le train est en marche", mini) == set()
    assert figures("une marine le pen à la main, un macron sur le a", mini) == set()


def test_bare_ambiguous_surname_alone_is_not_counted(mini):
    assert figures("Le Pen a parlé.", mini) == set()


def test_bare_le_pen_after_marine_is_marine(mini):
    hit = detect("Marine Le Pen arrive. Le Pen parle.", mini, D2017).figures["marine-le-pen"]
    assert hit.count == 2


def test_bare_le_pen_never_marine_when_only_jean_marie_is_named(mini):
    assert figures("Jean-Marie Le Pen a fondé le parti. Le Pen a parlé.", mini) == {
        "jean-marie-le-pen"}


def test_bare_le_pen_goes_to_the_last_named_in_full(mini):
    text = "Jean-Marie Le Pen et Marine Le Pen. Le Pen fille parle. Jean-Marie Le Pen. Le Pen."
    found = detect(text, mini, D2017).figures
    assert found["marine-le-pen"].count == 2
    assert found["jean-marie-le-pen"].count == 3


def test_other_le_pen_with_hyphenated_first_name_is_not_marine(mini):
    assert figures("Marie-Caroline Le Pen a parlé.", mini) == set()


def test_hyphenated_names_match_only_whole(mini):
    assert figures("Nicolas Dupont, candidat LREM, et Nicolas Dupont-Aignan.", mini) == {
        "nicolas-dupont-aignan"}


def test_hyphen_between_two_names_joins_a_duel(mini):
    assert figures("Le duel Macron-Le Pen. Marine Le Pen s'y prépare.", mini) == {
        "emmanuel-macron", "marine-le-pen"}


def test_lowercase_prefix_before_hyphen_still_matches(mini):
    assert figures("A pro-Macron meeting", mini) == {"emmanuel-macron"}
    assert parties("old PS-linked groups in France", mini) == {"parti-socialiste"}


def test_other_person_with_same_surname_is_not_the_figure(mini):
    assert figures("Beth Ruffin said so. “Yes,” said Ruffin.", mini) == set()


def test_title_before_surname_keeps_the_figure_next_to_a_namesake(mini):
    assert figures("President Macron met Brigitte Macron.", mini) == {"emmanuel-macron"}


def test_named_party_is_taken_as_of_the_article_date(mini):
    assert parties("The French National Front", mini, D2016) == {"front-national"}
    assert parties("The French National Front", mini, D2021) == {"rassemblement-national"}
    assert parties("En Marche !", mini, D2016) == {"en-marche"}
    assert parties("En Marche !", mini, D2017) == {"la-republique-en-marche"}


def test_party_is_derived_from_figure_as_of_date(mini):
    assert set(detect("Marine Le Pen", mini, D2017).derived) == {"front-national"}
    assert set(detect("Marine Le Pen", mini, D2021).derived) == {"rassemblement-national"}


def test_derived_party_names_the_figure_it_came_from(mini):
    hit = detect("Philippe Poutou parle.", mini, D2021).derived["nouveau-parti-anticapitaliste"]
    assert hit.via_figure == "philippe-poutou"


def test_named_party_is_not_also_derived(mini):
    result = detect("Marine Le Pen (RN)", mini, D2021)
    assert set(result.parties) == {"rassemblement-national"}
    assert result.derived == {}


def test_undated_text_derives_no_party(mini):
    assert detect("Marine Le Pen", mini, None).derived == {}


def test_ambiguous_party_alias_needs_the_party_named(mini):
    assert parties("Ensemble, ils ont voté.", mini) == set()


def test_english_party_names_match(mini):
    assert parties("the Socialist Party and Unsubmissive France", mini) == {
        "parti-socialiste", "la-france-insoumise"}


def test_empty_text_finds_nothing(mini):
    assert detect("", mini, D2017).figures == {}


def test_long_abbreviation_also_matches_in_title_case(mini):
    assert parties("La Lrem et la LREM", mini, D2021) == {"la-republique-en-marche"}


def test_short_abbreviation_never_matches_in_title_case(mini):
    assert parties("Ps : à jeudi. Fn. Rn.", mini) == set()


def test_later_name_of_a_party_is_taken_back_to_the_article_date(mini):
    assert parties("LREM", mini, D2016) == {"en-marche"}


def test_offsets_point_into_the_original_text(mini):
    text = "L’ŒUVRE d’Édouard Philippe et de Jean‑Luc Mélenchon"
    for hit in detect(text, mini, D2017).figures.values():
        assert text[hit.first_offset:].startswith(hit.matched_text)


def test_figure_name_needs_its_capitals(mini):
    text = "Marine Le Pen arrive. Le pen est tombé. Le Pen parle."
    assert detect(text, mini, D2017).figures["marine-le-pen"].count == 2


def test_all_caps_headline_still_names_the_figure(mini):
    assert figures("MARINE LE PEN EN TÊTE", mini) == {"marine-le-pen"}


def test_alias_shared_with_a_party_gone_by_then_goes_to_the_current_one(mini):
    assert parties("Yannick Jadot et Les Verts", mini, D2021) == {"europe-ecologie-les-verts"}
    assert parties("Les Verts", mini, dt.date(2008, 1, 1)) == {"les-verts"}


# Foreign texts (issue 13): namesakes of French parties need French context ----------------
def test_abbreviations_followed_or_preceded_by_a_number_are_codes(mini):
    assert parties("Police found an FN 5.7 pistol and a box of FN-15 magazines.", mini) == set()
    assert parties("Trials of PS-7977 went well; the 12-RN unit agreed.", mini) == set()
    assert parties("Le PS et le RN ont voté contre.", mini, D2021) == {
        "parti-socialiste", "rassemblement-national"}


def test_foreign_namesakes_need_french_context(mini):
    us = ("The Socialist Party held its convention in Milwaukee; the Republicans in the "
          "state senate objected.")
    assert detect(us, mini, D2017, "en").parties == {}
    near_french = "Emmanuel Macron beat the Socialist Party candidate, and the PS collapsed."
    assert set(detect(near_french, mini, D2017, "en").parties) == {"parti-socialiste"}
    in_france = "In France, the Socialist Party lost half of its seats."
    assert set(detect(in_france, mini, D2017, "en").parties) == {"parti-socialiste"}


def test_a_party_name_qualified_as_foreign_never_counts(mini):
    text = ("Emmanuel Macron met members of the Socialist Party USA and the British National "
            "Front's old guard was mentioned.")
    assert set(detect(text, mini, D2017, "en").parties) == set()


def test_french_names_and_french_texts_need_no_context(mini):
    assert set(detect("The Front national won two seats.", mini, D2016, "en").parties) == {
        "front-national"}
    assert set(detect("Le Socialist Party, disait-il en riant.", mini, D2017, "fr").parties) == {
        "parti-socialiste"}
