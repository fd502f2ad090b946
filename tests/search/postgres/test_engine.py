"""The PostgreSQL engine answers the agreed vocabulary (docs/search-vocabulary) through
haystack's SearchQuerySet, on real tables of the test database."""

from __future__ import annotations

import datetime as dt

import pytest
from haystack.backends import SQ
from haystack.inputs import Clean, Exact
from haystack.query import SearchQuerySet

from archive.search.postgres import backend as pg_backend
from archive.search.postgres import facets as pg_facets
from tests.factories import ArticleFactory, AuthorFactory, MentionFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def sqs():
    return SearchQuerySet(using="postgres")


def pks(results) -> list[int]:
    return [int(r.pk) for r in results]


def article(engine, *, figures=(), parties=(), **fields):
    fields.setdefault("published_on", dt.date(2021, 7, 5))
    made = ArticleFactory(**fields)
    for figure in figures:
        MentionFactory(article=made, figure=figure)
    for party in parties:
        MentionFactory(article=made, party=party)
    engine.add(made)
    return made


def test_words_are_accent_and_case_insensitive_and_stemmed(postgres_engine):
    a = article(postgres_engine, title="Meeting", body="Jean-Luc MÉLENCHON parle des élections.")
    article(postgres_engine, title="Other", body="Rien à voir.")
    assert pks(sqs().filter(content=Clean("melenchon"))) == [a.pk]
    assert pks(sqs().filter(content=Clean("election"))) == [a.pk]
    assert pks(sqs().filter(content=Clean("Élection"))) == [a.pk]


def test_each_article_is_analysed_in_its_own_language(postgres_engine):
    english = article(postgres_engine, title="Rally", body="She runs hard.", language="en")
    french = article(postgres_engine, title="Course", body="Le mot anglais run revient.",
                     language="fr")
    # "running" is run in English but stays running in French: only the English article's
    # "runs" is a match, the French article's "run" is not.
    assert pks(sqs().filter(content=Clean("running"))) == [english.pk]
    assert sorted(pks(sqs().filter(content=Clean("run")))) == sorted([english.pk, french.pk])


def test_phrase_needs_consecutive_words(postgres_engine):
    both = article(postgres_engine, title="A", body="La France insoumise présente son programme.")
    apart = article(postgres_engine, title="B", body="La France, dit-il, restera insoumise.")
    assert pks(sqs().filter(content=Exact("france insoumise"))) == [both.pk]
    assert sorted(pks(sqs().filter(content=Clean("france insoumise")))) == sorted(
        [both.pk, apart.pk])


def test_exclusion_or_and_title(postgres_engine):
    a = article(postgres_engine, title="Retraites et réforme", body="glyphosate")
    b = article(postgres_engine, title="Agriculture", body="glyphosate et retraites")
    c = article(postgres_engine, title="Chasse", body="permis de chasse")
    q = sqs().filter(content=Clean("glyphosate")).exclude(content=Clean("retraites"))
    assert pks(q) == []
    assert sorted(pks(sqs().filter(SQ(content=Clean("retraites")) | SQ(content=Clean("chasse"))))
                  ) == sorted([a.pk, b.pk, c.pk])
    assert pks(sqs().filter(title=Clean("retraites"))) == [a.pk]
    assert pks(sqs().filter(title=Exact("retraites et reforme"))) == [a.pk]
    assert sorted(pks(sqs().exclude(title=Clean("agriculture")))) == sorted([a.pk, c.pk])


def test_stop_word_alone_drops_out_of_an_and(postgres_engine):
    a = article(postgres_engine, title="A", body="La France insoumise")
    q = sqs().filter(content=Clean("la")).filter(content=Clean("insoumise"))
    assert pks(q) == [a.pk]


def test_prefix(postgres_engine):
    a = article(postgres_engine, title="A", body="Les mélenchonistes défilent.")
    assert pks(sqs().filter(content__startswith="melenchon")) == [a.pk]


def test_whole_value_filters(postgres_engine, politics):
    lemonde = politics["lemonde"]
    author = AuthorFactory(name="Ariane Chemin", slug="ariane-chemin")
    fn_2017 = article(postgres_engine, title="FN 2017", body="x", parties=[politics["fn"]],
                      published_on=dt.date(2017, 6, 10), publication=lemonde,
                      authors=[author])
    rn_2021 = article(postgres_engine, title="RN 2021", body="x", parties=[politics["rn"]],
                      figures=[politics["mlp"]], published_on=dt.date(2021, 3, 1),
                      language="en")
    lfi = article(postgres_engine, title="LFI", body="x", parties=[politics["lfi"]],
                  figures=[politics["jlm"]], published_on=dt.date(2017, 6, 20))
    undated = article(postgres_engine, title="Undated", body="x", published_on=None)
    s = sqs()
    assert sorted(pks(s.filter(party_lineage="rassemblement-national"))) == sorted(
        [fn_2017.pk, rn_2021.pk])
    assert pks(s.filter(party_named="front-national")) == [fn_2017.pk]
    assert pks(s.filter(party="rassemblement-national")) == [rn_2021.pk]
    assert pks(s.filter(figure="marine-le-pen")) == [rn_2021.pk]
    assert pks(s.filter(author="ariane-chemin")) == [fn_2017.pk]
    assert pks(s.filter(publication="le-monde")) == [fn_2017.pk]
    assert pks(s.filter(language="en")) == [rn_2021.pk]
    assert sorted(pks(s.filter(year="2017"))) == sorted([fn_2017.pk, lfi.pk])
    assert pks(s.filter(month="2017-06").filter(figure="jean-luc-melenchon")) == [lfi.pk]
    june = dt.datetime(2017, 6, 15, tzinfo=dt.UTC)
    assert pks(s.filter(published__gte=june).order_by("published")) == [lfi.pk, rn_2021.pk]
    assert pks(s.filter(published__lte=june)) == [fn_2017.pk]
    assert sorted(pks(s.filter(figure__in=["marine-le-pen", "jean-luc-melenchon"]))) == sorted(
        [rn_2021.pk, lfi.pk])
    assert pks(s.filter(changed=True)) == []
    assert undated.pk in pks(s.exclude(publication="le-monde"))  # NULLs are not "le-monde"
    assert s.filter(SQ(figure="marine-le-pen") | SQ(content=Exact("insoumise"))).count() == 1


def test_facets_count_the_whole_matching_set(postgres_engine, politics):
    for day in (dt.date(2017, 5, 1), dt.date(2017, 6, 1), dt.date(2018, 1, 1)):
        article(postgres_engine, title="t", body="retraites", parties=[politics["fn"]],
                figures=[politics["mlp"]], published_on=day)
    article(postgres_engine, title="t", body="autre", parties=[politics["lfi"]])
    counts = (sqs().filter(content=Clean("retraites")).facet("party_lineage")
              .facet("year", limit=1).facet("figure").facet("language").facet_counts())
    fields = counts["fields"]
    assert fields["party_lineage"] == [("front-national", 3), ("rassemblement-national", 3)]
    assert fields["year"] == [("2017", 2)]
    assert fields["figure"] == [("marine-le-pen", 3)]
    assert fields["language"] == [("fr", 3)]
    assert sqs().facet("party").facet_counts()["fields"]["party"] == [
        ("front-national", 3), ("la-france-insoumise", 1)]


def test_orders_newest_oldest_and_newest_without_words(postgres_engine):
    old = article(postgres_engine, title="a", body="x", published_on=dt.date(2017, 1, 1))
    new = article(postgres_engine, title="b", body="x", published_on=dt.date(2022, 1, 1))
    mid = article(postgres_engine, title="c", body="x", published_on=dt.date(2019, 1, 1))
    assert pks(sqs().order_by("-published")) == [new.pk, mid.pk, old.pk]
    assert pks(sqs().order_by("published")) == [old.pk, mid.pk, new.pk]
    assert pks(sqs()) == [new.pk, mid.pk, old.pk]


def test_relevance_puts_the_title_above_the_body(postgres_engine):
    body = article(postgres_engine, title="Autre sujet", body="retraites " + "mot " * 30)
    title = article(postgres_engine, title="Les retraites", body="mot " * 30)
    results = list(sqs().filter(content=Clean("retraites")))
    assert pks(results) == [title.pk, body.pk]
    assert results[0].score > results[1].score > 0


def test_paging_through_all_results_never_repeats_or_skips(postgres_engine, monkeypatch):
    monkeypatch.setattr(pg_backend, "RANK_WINDOW", 4)
    postgres_engine.backend.rank_window = 4
    made = [article(postgres_engine, title=f"t{i}", body="retraites " * (i % 5 + 1) + "fin",
                    published_on=dt.date(2017, 1, 1) + dt.timedelta(days=i % 3))
            for i in range(11)]
    q = sqs().filter(content=Clean("retraites"))
    seen = []
    for start in range(0, 11, 3):
        seen += pks(q[start:start + 3])
    assert sorted(seen) == sorted(a.pk for a in made)
    assert len(seen) == len(set(seen)) == 11
    everything = list(sqs().filter(content=Clean("retraites"))[:11])
    scores = [r.score for r in everything]
    assert scores[:4] == sorted(scores[:4], reverse=True) and min(scores[:4]) > 0
    assert scores[4:] == [0.0] * 7  # past the rank window: newest first, unscored


def test_highlight_marks_the_words_with_the_projects_highlighter(postgres_engine):
    article(postgres_engine, title="A", body="Le débat sur les élections législatives.")
    result = sqs().filter(content=Clean("election")).highlight()[0]
    assert "<mark>élections</mark>" in result.highlighted["text"][0]


def test_spelling_suggestion_from_title_words(postgres_engine):
    article(postgres_engine, title="Mélenchon en campagne", body="x")
    assert sqs().filter(content=Clean("melanchon")).spelling_suggestion() == "melenchon"
    q = sqs().filter(content=Clean("melanchon"))
    assert q.set_spelling_query("Melanchon campagne").spelling_suggestion() == \
        "melenchon campagne"
    assert sqs().filter(content=Clean("campagne")).spelling_suggestion() is None  # known


def test_highlight_marks_a_name_as_one_mark(postgres_engine):
    article(postgres_engine, title="A", body="Hier, Jean-Luc Mélenchon a parlé.")
    result = (sqs().filter(content=Exact("jean luc melenchon"))
              .highlight(names=["Jean-Luc Mélenchon"])[0])
    snippet = result.highlighted["text"][0]
    assert snippet.count("<mark>") >= 1 and "Mélenchon</mark>" in snippet
    assert result._object.pk == int(result.pk)  # the page's row, loaded with the snippets


def test_more_like_this_prefers_shared_distinctive_words(postgres_engine):
    source = article(postgres_engine, title="A", body="glyphosate pesticide agriculteurs " * 5)
    other = article(postgres_engine, title="B", body="glyphosate pesticide interdiction " * 5)
    article(postgres_engine, title="C", body="élection présidentielle sondage " * 5)
    assert pks(sqs().more_like_this(source)) == [other.pk]


def test_update_replaces_and_remove_deletes(postgres_engine):
    a = article(postgres_engine, title="Old title", body="x")
    a.title = "Nouveau titre"
    a.save()
    postgres_engine.add(a)
    assert sqs().count() == 1
    assert pks(sqs().filter(title=Clean("nouveau"))) == [a.pk]
    postgres_engine.remove(a)
    assert sqs().count() == 0


def test_unknown_field_is_a_clear_error(postgres_engine):
    with pytest.raises(ValueError, match="no field 'colour'"):
        sqs().filter(colour="red").count()


def test_publication_facet_skips_articles_without_one(postgres_engine):
    pub = PublicationFactory(slug="mediapart", name="Mediapart")
    article(postgres_engine, title="a", body="x", publication=pub)
    article(postgres_engine, title="b", body="x", publication=None)
    assert sqs().facet("publication").facet_counts()["fields"]["publication"] == [
        ("mediapart", 1)]


def test_facets_follow_edits_and_removals_and_a_table_of_before_written_by_is_upgraded(
        postgres_engine, politics):
    from django.db import connection

    from archive.search.postgres import schema

    a = article(postgres_engine, title="a", body="x", figures=[politics["mlp"]])
    b = article(postgres_engine, title="b", body="x", parties=[politics["lfi"]])
    assert sqs().facet("party").facet_counts()["fields"]["party"] == [
        ("la-france-insoumise", 1)]
    MentionFactory(article=a, party=politics["fn"])
    postgres_engine.add(a)  # the edit, re-indexed: the facet columns re-read its row
    pg_facets.FACET_CACHE.clear()
    facets = sqs().facet("figure").facet("party").facet_counts()["fields"]
    assert facets["party"] == [("front-national", 1), ("la-france-insoumise", 1)]
    assert facets["figure"] == [("marine-le-pen", 1)]
    postgres_engine.remove(b)
    assert sqs().facet("party").facet_counts()["fields"]["party"] == [("front-national", 1)]
    postgres_engine.add(b)
    with connection.cursor() as cursor:  # a table as migration 0009 left it
        cursor.execute(f"ALTER TABLE {schema.ARTICLES} DROP COLUMN written_by")
        cursor.execute(f"ALTER TABLE {schema.ARTICLES} ADD COLUMN facet_terms tsvector")
        for statement in schema.install_sql():  # what migration 0010 runs
            cursor.execute(statement)
        cursor.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass "
                       "AND attnum > 0 AND NOT attisdropped", [schema.ARTICLES])
        columns = {name for (name,) in cursor.fetchall()}
    assert "written_by" in columns and "facet_terms" not in columns
    pg_facets.FACET_CACHE.clear()
    assert sqs().facet("figure").facet("party").facet_counts()["fields"] == facets


def test_warming_loads_the_facet_columns_before_a_first_search(postgres_engine, politics):
    from archive.search.postgres import facet_columns, schema

    article(postgres_engine, title="a", body="x", parties=[politics["lfi"]])
    facet_columns._COLUMNS.clear()
    postgres_engine.backend.warm()
    columns = facet_columns.columns_of("default", schema.ARTICLES)
    assert columns.oid is not None
    assert columns.values["party"] == ["la-france-insoumise"]
