"""What every search engine must answer alike (see conftest.py for the engines)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from haystack.query import SearchQuerySet

from archive.models import Article, Party
from archive.search.params import SearchParams
from archive.search.selector import facet_counts, iter_search_articles, search_articles
from archive.selectors.parties import party_index, party_page
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    FigureFactory,
    MentionFactory,
    PartyFactory,
    PublicationFactory,
)

COMMON = "gouvernement"
TOPICS = ["retraites", "budget", "climat", "écoles", "hôpital"]


@pytest.fixture
def world(engine):
    """A small archive: a lineage with a merged party, two figures, 48 articles."""
    ren = PartyFactory(name="Renaissance", short_name="RE", slug="renaissance")
    lrem = PartyFactory(name="La République en marche", short_name="LREM", slug="lrem",
                        succeeded_by=ren, succession_date=dt.date(2022, 9, 17),
                        succession_kind=Party.Succession.RENAMED)
    agir = PartyFactory(name="Agir", short_name="", slug="agir", succeeded_by=ren,
                        succession_date=dt.date(2022, 9, 17),
                        succession_kind=Party.Succession.MERGED)
    lfi = PartyFactory(name="La France insoumise", short_name="LFI", slug="la-france-insoumise")
    jlm = FigureFactory(name="Jean-Luc Mélenchon", given_name="Jean-Luc",
                        family_name="Mélenchon", slug="jean-luc-melenchon")
    ruffin = FigureFactory(name="François Ruffin", given_name="François",
                           family_name="Ruffin", slug="francois-ruffin")
    pubs = [PublicationFactory(name="Le Monde", slug="le-monde"),
            PublicationFactory(name="Libération", slug="liberation", language="fr")]
    authors = [AuthorFactory(name="Ada Dupont", slug="ada-dupont"),
               AuthorFactory(name="Léo Martin", slug="leo-martin")]
    rng = random.Random(7)
    articles = []
    for i in range(48):
        topic = TOPICS[i % len(TOPICS)]
        words = rng.choices(["le", "la", "projet", "vote", "loi", "débat", topic], k=40)
        body = f"Le {COMMON} {topic}. " + " ".join(words) + (" " + COMMON) * (i % 4)
        article = ArticleFactory(
            title=f"{topic.capitalize()} et {COMMON} {i}", body=body, summary="",
            language="en" if i % 6 == 0 else "fr", publication=pubs[i % 2],
            published_on=dt.date(2016, 1, 1) + dt.timedelta(days=61 * i),
        )
        article.authors.add(authors[i % 2])
        for party in ([lrem] if i % 5 == 0 else []) + ([ren] if i % 7 == 0 else []) + (
                [agir] if i % 9 == 0 else []) + ([lfi] if i % 4 == 1 else []):
            MentionFactory(article=article, party=party)
        if i % 3 == 0:
            MentionFactory(article=article, figure=jlm)
        articles.append(article)
    special = [
        ArticleFactory(title="Portrait", language="fr", published_on=dt.date(2021, 3, 3),
                       body="Jean-Luc Mélenchon, candidat de La France insoumise, parle de "
                            "l'élection et de l'Europe.", publication=pubs[0]),
        ArticleFactory(title="Amiens", language="en", published_on=dt.date(2017, 6, 17),
                       body="Filmmaker François Ruffin runs in Amiens for the legislative "
                            "elections.", publication=pubs[1]),
        ArticleFactory(title="Later", language="en", published_on=dt.date(2019, 2, 2),
                       body="Ruffin again, about the Picardie factory.", publication=pubs[1]),
    ]
    MentionFactory(article=special[0], figure=jlm)
    MentionFactory(article=special[0], party=lfi)
    MentionFactory(article=special[1], figure=ruffin)
    MentionFactory(article=special[2], figure=ruffin)
    ArticleFactory(title=f"Brouillon {COMMON}", body=COMMON, status=Article.Status.DRAFT)
    engine.add()
    return {"ren": ren, "lrem": lrem, "agir": agir, "lfi": lfi, "jlm": jlm, "ruffin": ruffin,
            "articles": articles, "special": special}


def search(**kw):
    return search_articles(SearchParams(**kw))


def all_pages(per_page: int = 7, **kw) -> list[int]:
    first = search(per_page=per_page, **kw)
    pks = [h.article.pk for h in first.hits]
    for page in range(2, first.num_pages + 1):
        pks += [h.article.pk for h in search(per_page=per_page, page=page, **kw).hits]
    return pks


def published():
    return Article.objects.published()


# -- filters only: what the database says ---------------------------------------------------
def test_browse_counts_facets_and_first_page_are_the_database(world):
    result = search(per_page=10)
    assert result.total == published().count()
    newest = list(published().newest_first().values_list("pk", flat=True)[:10])
    assert [h.article.pk for h in result.hits] == newest
    years = Counter(published().values_list("published_on__year", flat=True))
    assert {int(f.value): f.count for f in result.facets["year"]} == dict(years)
    langs = Counter(published().values_list("language", flat=True))
    assert {f.value: f.count for f in result.facets["language"]} == dict(langs)


@pytest.mark.parametrize("key", ["figure", "author", "publication"])
def test_filter_counts_are_the_database(world, key):
    for value in [f.value for f in search().facets[key]]:
        lookup = {"figure": "mentions__figure__slug", "author": "authors__slug",
                  "publication": "publication__slug"}[key]
        expected = published().filter(**{lookup: value}).distinct()
        result = search(**{key + "s": (value,)}, per_page=5)
        assert result.total == expected.count(), value
        assert [h.article.pk for h in result.hits] == list(
            expected.newest_first().values_list("pk", flat=True)[:5])


def test_date_and_language_filters(world):
    result = search(lang="en", date_from=dt.date(2017, 1, 1), date_to=dt.date(2018, 12, 31))
    expected = published().filter(language="en", published_on__gte=dt.date(2017, 1, 1),
                                  published_on__lte=dt.date(2018, 12, 31))
    assert result.total == expected.count() > 0


def test_oldest_first(world):
    result = search(sort="oldest", per_page=5)
    assert [h.article.pk for h in result.hits] == list(
        published().order_by("published_on", "pk").values_list("pk", flat=True)[:5])


# -- words --------------------------------------------------------------------------------
def test_word_search_counts_every_article_holding_it(world):
    expected = published().filter(body__icontains="climat").count()
    assert search(q="climat").total == expected > 0


def test_accents_and_case_are_folded(world):
    assert search(q="ECOLES").total == search(q="écoles").total > 0
    assert search(q="hopital").total == search(q="Hôpital").total > 0


def test_elisions_and_plurals(world):
    portrait = world["special"][0]
    for q in ("election", "élections", "europe"):
        assert portrait.pk in [h.article.pk for h in search(q=q).hits], q


def test_hyphenated_names(world):
    jlm = world["jlm"]
    expected = published().mentioning(jlm).count()
    for q in ("Jean-Luc Mélenchon", "jean luc melenchon", "JEAN-LUC MELENCHON"):
        assert search(q=q).total == expected, q


def test_exclusion_and_or(world):
    climat, budget = search(q="climat").total, search(q="budget").total
    assert search(q="climat OR budget").total == climat + budget
    assert search(q=f"{COMMON} -climat").total == search(q=COMMON).total - climat


def test_phrase_needs_adjacent_words(world):
    assert world["special"][0].pk in [h.article.pk for h in search(q='"France insoumise"').hits]
    assert search(q='"insoumise France"').total == 0


# -- paging: one order for every page --------------------------------------------------------
@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_paging_through_a_common_word_never_repeats_or_skips(world, sort):
    pks = all_pages(q=COMMON, sort=sort)
    assert len(pks) == len(set(pks)) == search(q=COMMON).total
    assert set(pks) == set(published().filter(body__icontains=COMMON).values_list("pk",
                                                                                   flat=True))


def test_haystack_slices_agree_with_the_count(world):
    sqs = SearchQuerySet().filter(content=COMMON)
    total = sqs.count()
    seen = []
    for start in range(0, total, 9):
        seen += [r.pk for r in SearchQuerySet().filter(content=COMMON)[start:start + 9]]
    assert len(seen) == len(set(seen)) == total


def test_counts_agree_everywhere(world):
    result = search(q=COMMON)
    assert result.total == sum(f.count for f in result.facets["language"])
    assert result.total == len(list(iter_search_articles(SearchParams(q=COMMON), 1000)))
    assert result.total == sum(facet_counts(SearchParams(q=COMMON), "month").values())


# -- lineage: the models' map, for index and pages alike ---------------------------------------
def test_party_filter_follows_party_lineage(world):
    for party in Party.objects.all():
        expected = published().filter(mentions__party__in=party.lineage_ids()).distinct()
        assert search(parties=(party.slug,)).total == expected.count(), party.slug


def test_a_merged_party_is_not_in_its_successors_lineage(world):
    agir_only = published().filter(mentions__party=world["agir"]).exclude(
        mentions__party__in=world["ren"].lineage_ids())
    assert agir_only.exists()
    found = {h.article.pk for h in search(parties=("renaissance",), per_page=100).hits}
    assert not found & set(agir_only.values_list("pk", flat=True))


def test_parties_index_party_page_and_facet_agree(world):
    facet = {f.value: f.count for f in search(per_page=1).facets["party"]}
    listed = {e.slug: e.count for letter in party_index() for e in letter.entries}
    for party in Party.objects.all():
        page = party_page(party).article_count
        assert listed[party.slug] == page == facet.get(party.slug, 0), party.slug


# -- names: a lone word of a party, a name with a year, one mark per name ----------------------
def test_a_lone_word_of_a_party_name_finds_its_articles(world):
    expected = set(published().filter(mentions__party=world["lfi"]).values_list("pk",
                                                                                 flat=True))
    found = {h.article.pk for h in search(q="insoumise", per_page=100).hits}
    assert expected <= found


def test_a_name_with_a_year(world):
    found = [h.article.pk for h in search(q="ruffin 2017").hits]
    assert found == [world["special"][1].pk]


def test_a_multi_word_name_is_one_mark(world):
    hit = next(h for h in search(q="Jean-Luc Mélenchon").hits
               if h.article.pk == world["special"][0].pk)
    assert "<mark>Jean-Luc Mélenchon</mark>" in hit.snippet
    hit = search(q='"France insoumise"').hits[0]
    assert "<mark>France insoumise</mark>" in hit.snippet


# -- the rest of the vocabulary ----------------------------------------------------------------
def test_suggestion_and_more_like_this(world):
    assert search(q="climta").suggestion == "climat"
    from archive.search.selector import similar_articles

    later, amiens = world["special"][2], world["special"][1]
    similar = similar_articles(later, limit=3)
    assert amiens in similar and later not in similar
