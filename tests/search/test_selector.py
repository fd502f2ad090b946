"""search_articles on a real Whoosh index: what readers type and what they get."""

import datetime as dt

from haystack.query import SearchQuerySet

from archive.search import selector
from archive.search.params import SearchParams, parse_search_params
from archive.search.selector import iter_search_articles, search_articles, similar_articles
from tests.factories import AuthorFactory, MentionFactory


def search(**query):
    params, messages = parse_search_params(query)
    result = search_articles(params)
    result.messages[:0] = messages
    return result


def titles(result):
    return {hit.article.title for hit in result.hits}


def test_words_ignore_accents_and_case(make_article):
    make_article(title="Portrait", body="Jean-Luc Mélenchon à Marseille.")
    assert titles(search(q="MELENCHON marseille")) == {"Portrait"}


def test_typed_accents_find_plain_text(make_article):
    make_article(title="Economie", body="La dette publique augmente.")
    assert titles(search(q="économie")) == {"Economie"}


def test_french_stemming_finds_plural(make_article):
    make_article(title="Scrutin", body="Les élections législatives approchent.", language="fr")
    assert titles(search(q="election legislative")) == {"Scrutin"}


def test_english_stemming_finds_other_forms(make_article):
    make_article(title="Poll", body="Millions of citizens voted yesterday.", language="en")
    assert titles(search(q="voting citizen")) == {"Poll"}


def test_alias_finds_articles_mentioning_the_figure(make_article, politics):
    make_article(title="Discours", body="Le candidat insoumis a parlé.", figures=[politics["jlm"]])
    result = search(q="JLM")
    assert titles(result) == {"Discours"}
    assert result.entity == politics["jlm"]


def test_family_name_first_finds_the_figure(make_article, politics):
    make_article(title="Meeting", body="Une candidate à Hénin-Beaumont.", figures=[politics["mlp"]])
    result = search(q="Le Pen Marine")
    assert titles(result) == {"Meeting"}
    assert result.entity == politics["mlp"]


def test_ambiguous_name_is_not_an_entity(make_article, politics):
    make_article(title="Famille", body="Le Pen, père et fille.")
    result = search(q="le pen")
    assert result.entity is None
    assert titles(result) == {"Famille"}


def test_party_filter_follows_lineage(make_article, politics):
    make_article(title="FN 2017", body="Texte.", parties=[politics["fn"]],
                 published_on=dt.date(2017, 4, 1))
    make_article(title="RN 2020", body="Texte.", parties=[politics["rn"]],
                 published_on=dt.date(2020, 4, 1))
    assert titles(search(party="rassemblement-national")) == {"FN 2017", "RN 2020"}
    assert titles(search(party="front-national")) == {"FN 2017", "RN 2020"}


def test_party_filter_without_lineage_keeps_own_name(make_article, politics):
    make_article(title="FN 2017", body="Texte.", parties=[politics["fn"]])
    make_article(title="RN 2020", body="Texte.", parties=[politics["rn"]])
    assert titles(search(party="rassemblement-national", lineage="0")) == {"RN 2020"}


def test_party_derived_from_a_figure_counts(make_article, politics, search_index):
    article = make_article(title="Derived", body="Texte.", index=False)
    MentionFactory(article=article, figure=politics["mlp"])
    MentionFactory(article=article, party=politics["rn"], via_figure=politics["mlp"])
    search_index.add(article)
    assert titles(search(party="rassemblement-national", lineage="0")) == {"Derived"}


def test_rejected_mentions_do_not_count(make_article, politics, search_index):
    article = make_article(title="Rejected", body="Texte.", index=False)
    MentionFactory(article=article, figure=politics["jlm"], rejected=True)
    search_index.add(article)
    assert search(figure="jean-luc-melenchon").total == 0


def test_figure_prefix_accepts_a_name_without_accents(make_article, politics):
    make_article(title="Avec", body="Texte.", figures=[politics["jlm"]])
    make_article(title="Sans", body="Texte.")
    assert titles(search(q="figure:melenchon")) == {"Avec"}


def test_party_prefix_follows_lineage(make_article, politics):
    make_article(title="FN", body="Texte.", parties=[politics["fn"]])
    assert titles(search(q="party:RN")) == {"FN"}


def test_author_prefix(make_article):
    alice = AuthorFactory(name="Alice Dupont", slug="alice-dupont")
    make_article(title="Par Alice", body="Texte.", authors=[alice])
    make_article(title="Anonyme", body="Texte.")
    assert titles(search(q="author:alice-dupont")) == {"Par Alice"}


def test_title_prefix_searches_titles_only(make_article):
    make_article(title="Retraites: la réforme", body="Texte.")
    make_article(title="Autre sujet", body="On parle des retraites.")
    assert titles(search(q="title:retraites")) == {"Retraites: la réforme"}


def test_phrase_requires_adjacent_words(make_article):
    make_article(title="A", body="Le front national progresse.")
    make_article(title="B", body="Un national, sur le front.")
    assert titles(search(q='"front national"')) == {"A"}


def test_exclusion(make_article):
    make_article(title="A", body="Retraites et Macron.")
    make_article(title="B", body="Retraites et syndicats.")
    assert titles(search(q="retraites -macron")) == {"B"}


def test_only_exclusions_browse_the_rest(make_article):
    make_article(title="A", body="Macron.")
    make_article(title="B", body="Syndicats.")
    assert titles(search(q="-macron")) == {"B"}


def test_or(make_article):
    make_article(title="A", body="Ruffin parle.")
    make_article(title="B", body="Quatennens parle.")
    make_article(title="C", body="Personne.")
    assert titles(search(q="ruffin OR quatennens")) == {"A", "B"}


def test_party_facet_is_one_whole_value(make_article, politics):
    make_article(title="A", body="Texte.", parties=[politics["rn"]])
    make_article(title="B", body="Texte.", parties=[politics["rn"], politics["lfi"]])
    facet = {v.value: v for v in search().facets["party"]}
    assert facet["rassemblement-national"].label == "Rassemblement national"
    assert facet["rassemblement-national"].count == 2
    assert facet["la-france-insoumise"].count == 1


def test_facets_count_the_result_set_and_mark_selection(make_article, politics):
    make_article(title="A", body="retraites", figures=[politics["jlm"]])
    make_article(title="B", body="retraites", figures=[politics["jlm"], politics["mlp"]])
    make_article(title="C", body="autre", figures=[politics["mlp"]])
    result = search(q="retraites", figure="jean-luc-melenchon")
    figures = {v.value: (v.count, v.selected) for v in result.facets["figure"]}
    assert figures == {"jean-luc-melenchon": (2, True), "marine-le-pen": (1, False)}
    assert [(v.value, v.count) for v in result.facets["year"]] == [("2021", 2)]
    assert {v.value for v in result.facets["language"]} == {"fr"}


def test_repeated_filters_and(make_article, politics):
    make_article(title="Both", body="x", figures=[politics["jlm"], politics["mlp"]])
    make_article(title="One", body="x", figures=[politics["jlm"]])
    assert titles(search(figure=["jean-luc-melenchon", "marine-le-pen"])) == {"Both"}


def test_publication_and_language_filters(make_article, politics):
    make_article(title="Monde", body="x", publication=politics["lemonde"], language="fr")
    make_article(title="Other", body="x", language="en")
    assert titles(search(publication="le-monde")) == {"Monde"}
    assert titles(search(lang="en")) == {"Other"}


def test_dates_are_inclusive_days_at_midnight_utc(make_article):
    for day in (dt.date(2017, 5, 31), dt.date(2017, 6, 1), dt.date(2017, 6, 30),
                dt.date(2017, 7, 1)):
        make_article(title=day.isoformat(), body="x", published_on=day)
    assert titles(search(**{"from": "2017-06-01", "to": "2017-06-30"})) == {
        "2017-06-01", "2017-06-30"}
    assert titles(search(to="2017-06-01")) == {"2017-05-31", "2017-06-01"}


def test_year_bounds_cover_the_whole_year(make_article):
    for day in (dt.date(2016, 12, 31), dt.date(2017, 1, 1), dt.date(2017, 12, 31),
                dt.date(2018, 1, 1)):
        make_article(title=day.isoformat(), body="x", published_on=day)
    assert titles(search(**{"from": "2017", "to": "2017"})) == {"2017-01-01", "2017-12-31"}


def test_articles_without_date_are_listed_last(make_article):
    make_article(title="Dated", body="x", published_on=dt.date(2010, 1, 1))
    make_article(title="Undated", body="x", published_on=None)
    assert [h.article.title for h in search().hits] == ["Dated", "Undated"]
    assert [h.article.title for h in search(sort="oldest").hits] == ["Dated", "Undated"]


def test_suggestion_for_a_misspelled_title_word(make_article):
    make_article(title="La réforme des retraites", body="Texte.")
    result = search(q="retraittes")
    assert result.total == 0
    assert result.suggestion == "retraites"


def test_suggestion_for_a_misspelled_name(make_article, politics):
    make_article(title="A", body="Mélenchon en meeting.")
    result = search(q="Melanchon meeting")
    assert result.total == 0
    assert result.suggestion == "melenchon meeting"


def test_no_suggestion_when_words_are_known(make_article):
    make_article(title="A", body="Les élections.")
    assert search(q="election").suggestion is None


def test_pagination_covers_every_article_once(make_article):
    for i in range(25):
        make_article(title=f"T{i}", body="x", published_on=dt.date(2020, 1, 1) + dt.timedelta(i))
    pages = [search(page=str(p), per_page="10") for p in (1, 2, 3)]
    seen = [h.article.title for r in pages for h in r.hits]
    assert len(seen) == 25 == len(set(seen))
    assert seen[0] == "T24"
    assert pages[0].num_pages == 3 and pages[0].total == 25


def test_page_past_the_end_is_empty_with_message(make_article):
    make_article(title="A", body="x")
    result = search(page="7")
    assert result.hits == [] and result.total == 1
    assert any("past the last page" in m for m in result.messages)


def test_bad_page_numbers_show_page_one_with_message(make_article):
    make_article(title="A", body="x")
    for bad in ("-1", "1000000000", "abc"):
        result = search(page=bad)
        assert result.page == 1 and titles(result) == {"A"} and result.messages


def test_unknown_slug_gives_message_and_no_results(make_article):
    make_article(title="A", body="x")
    result = search(party="nonexistent")
    assert result.total == 0
    assert "Unknown party 'nonexistent'." in result.messages


def test_relevance_puts_denser_matches_first(make_article):
    make_article(title="Rare", body="retraites " + "mot " * 200)
    make_article(title="Dense", body="retraites " * 20)
    assert [h.article.title for h in search(q="retraites").hits] == ["Dense", "Rare"]


def test_newest_and_oldest_sort(make_article):
    make_article(title="Old", body="retraites", published_on=dt.date(2017, 1, 1))
    make_article(title="New", body="retraites", published_on=dt.date(2022, 1, 1))
    assert [h.article.title for h in search(q="retraites", sort="newest").hits] == ["New", "Old"]
    assert [h.article.title for h in search(q="retraites", sort="oldest").hits] == ["Old", "New"]


def test_snippet_is_escaped_with_only_mark_tags(make_article):
    make_article(title="A", body="<script>alert(1)</script> Les élections & le <b>vote</b>.")
    snippet = search(q="election").hits[0].snippet
    assert "<mark>élections</mark>" in snippet
    assert "<script>" not in snippet and "<b>" not in snippet and "&amp;" in snippet


def test_stop_words_only_give_a_message(make_article):
    make_article(title="A", body="le la les")
    result = search(q="le la")
    assert result.total == 0 and result.messages


def test_similar_articles_share_distinctive_words(make_article):
    source = make_article(title="Glyphosate", body="glyphosate pesticide agriculteurs " * 10)
    make_article(title="Pesticides", body="glyphosate pesticide interdiction " * 10)
    make_article(title="Football", body="match ballon stade " * 10)
    similar = similar_articles(source, limit=5)
    assert [a.title for a in similar][:1] == ["Pesticides"]
    assert source not in similar


def test_iter_search_articles_yields_all_in_order(make_article):
    for i in range(7):
        make_article(title=f"T{i}", body="x", published_on=dt.date(2020, 1, 1 + i))
    params = SearchParams(sort="oldest")
    assert [a.title for a in iter_search_articles(params, limit=5)] == [f"T{i}" for i in range(5)]


def test_iter_search_articles_runs_a_small_first_slice_then_the_rest(make_article, monkeypatch):
    """The export's first rows leave after a search of FIRST_SLICE articles, not of all of
    them; the rest follows in order, none repeated or skipped."""
    monkeypatch.setattr(selector, "FIRST_SLICE", 3)
    for i in range(8):
        make_article(title=f"T{i}", body="x", published_on=dt.date(2020, 1, 1 + i))
    slices = []
    real = SearchQuerySet.__getitem__

    def spy(self, k):
        if isinstance(k, slice):
            slices.append((k.start, k.stop))
        return real(self, k)

    monkeypatch.setattr(SearchQuerySet, "__getitem__", spy)
    found = iter_search_articles(SearchParams(sort="oldest"), limit=7)
    assert slices == [(0, 3)]  # before the first row is asked for
    assert next(found).title == "T0"
    assert [a.title for a in found] == [f"T{i}" for i in range(1, 7)]
    assert slices == [(0, 3), (3, 7)]


def test_removed_article_leaves_results(make_article, search_index):
    gone = make_article(title="Gone", body="retraites")
    make_article(title="Kept", body="retraites")
    assert search(q="retraites").total == 2
    search_index.remove(gone)
    assert titles(search(q="retraites")) == {"Kept"}
    assert search().total == 1


def test_new_articles_appear_without_reopening(make_article):
    make_article(title="First", body="retraites")
    assert search(q="retraites").total == 1
    make_article(title="Second", body="retraites")
    assert titles(search(q="retraites")) == {"First", "Second"}


def test_a_page_costs_a_bounded_number_of_queries(make_article, politics,
                                                   django_assert_max_num_queries):
    for i in range(30):
        make_article(title=f"T{i}", body="retraites", figures=[politics["jlm"]])
    search(q="retraites")  # warm the name table
    # names version, articles, their authors, figures mentioned and licences (for_listing)
    with django_assert_max_num_queries(5):
        result = search(q="retraites", figure="jean-luc-melenchon")
    assert len(result.hits) == 20


def test_alias_marks_the_name_in_the_snippet(make_article, politics):
    make_article(title="A", body="Hier, Mélenchon a parlé.", figures=[politics["jlm"]])
    assert "<mark>Mélenchon</mark>" in search(q="JLM").hits[0].snippet


def test_hand_built_params_are_clamped(make_article):
    make_article(title="A", body="x")
    result = search_articles(SearchParams(page=0, per_page=0))
    assert titles(result) == {"A"}


def test_relevance_within_a_filter(make_article, politics):
    make_article(title="Rare", body="retraites " + "mot " * 200, figures=[politics["jlm"]])
    make_article(title="Dense", body="retraites " * 20, figures=[politics["jlm"]])
    make_article(title="Elsewhere", body="retraites " * 30)
    result = search(q="retraites", figure="jean-luc-melenchon")
    assert [h.article.title for h in result.hits] == ["Dense", "Rare"]
    assert result.hits[0].score > result.hits[1].score > 0


def test_a_lone_word_of_a_party_name_widens_to_its_articles(make_article, politics):
    named = make_article(title="Meeting", body="Le mouvement tient meeting.",
                         parties=[politics["lfi"]])
    worded = make_article(title="Mot", body="Une députée insoumise parle.")
    make_article(title="Autre", body="Rien à voir.")
    result = search(q="insoumise")
    assert {h.article.pk for h in result.hits} == {named.pk, worded.pk}
    assert result.entity is None  # a word of the name does not name the party for the page
    assert search(q="national").total == 0  # shared by two parties' names: just a word


def test_a_year_among_words_is_the_articles_of_that_year(make_article, politics):
    old = make_article(title="Ancien", body="Mélenchon parle.", figures=[politics["jlm"]],
                       published_on=dt.date(2017, 5, 1))
    make_article(title="Récent", body="Mélenchon parle.", figures=[politics["jlm"]],
                 published_on=dt.date(2022, 5, 1))
    cited = make_article(title="Cite", body="En 2017, Mélenchon avait parlé.",
                         published_on=dt.date(2023, 1, 1))
    assert set(titles(search(q="melenchon 2017"))) == {old.title, cited.title}
