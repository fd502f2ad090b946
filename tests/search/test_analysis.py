from archive.search.analysis import fold_word, stem, stemming_analyzer, words


def test_folding_removes_accents_case_and_ligatures():
    assert words("Jean-Luc MÉLENCHON, cœur") == ["jean", "luc", "melenchon", "coeur"]


def test_french_stemming_joins_singular_and_plural():
    assert stem(fold_word("élections"), "fr") == stem(fold_word("election"), "fr")


def test_english_stemming_joins_verb_forms():
    assert stem("voting", "en") == stem("voted", "en")


def test_stemming_analyzer_drops_stop_words_of_its_language():
    tokens = [t.text for t in stemming_analyzer("fr")("Les élections de la présidente")]
    assert "les" not in tokens and "la" not in tokens
    assert stem("election", "fr") in tokens


def test_indexing_fast_path_matches_the_analyzer():
    text = "Les élections, les ÉLECTIONS et l'électeur: 2017 U.S. vote"
    for analyzer in (stemming_analyzer("fr"), stemming_analyzer("en")):
        expected: dict[str, list[int]] = {}
        for token in analyzer(text, positions=True):
            expected.setdefault(token.text, []).append(token.pos)
        assert analyzer.word_positions(text) == expected
