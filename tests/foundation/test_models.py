import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from archive.models import Article, Figure, Mention, Party
from tests.factories import (
    ArticleFactory,
    FigureFactory,
    MembershipFactory,
    MentionFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fn_rn():
    rn = PartyFactory(slug="rn", name="Rassemblement national", short_name="RN")
    fn = PartyFactory(slug="fn", name="Front national", short_name="FN", succeeded_by=rn,
                      succession_date=dt.date(2018, 6, 1))
    return fn, rn


@pytest.fixture
def marine(fn_rn):
    fn, rn = fn_rn
    figure = FigureFactory(slug="marine-le-pen", name="Marine Le Pen")
    MembershipFactory(figure=figure, party=fn, start=dt.date(1986, 1, 1), end=dt.date(2018, 6, 1))
    MembershipFactory(figure=figure, party=rn, start=dt.date(2018, 6, 1), end=None)
    return figure


def test_lineage_orders_predecessors_before_successors(fn_rn):
    fn, rn = fn_rn
    assert rn.lineage() == [fn, rn]
    assert fn.lineage() == [fn, rn]


def test_lineage_follows_a_chain_of_renamings():
    ren = PartyFactory(slug="renaissance")
    lrem = PartyFactory(slug="lrem", succeeded_by=ren, succession_date=dt.date(2022, 9, 17))
    em = PartyFactory(slug="en-marche", succeeded_by=lrem, succession_date=dt.date(2017, 5, 8))
    assert lrem.lineage() == [em, lrem, ren]
    assert em.lineage_ids() == [em.pk, lrem.pk, ren.pk]


def test_party_on_answers_as_of_the_date(marine, fn_rn):
    fn, rn = fn_rn
    assert marine.party_on(dt.date(2017, 5, 7)) == fn
    assert marine.party_on(dt.date(2018, 5, 31)) == fn
    assert marine.party_on(dt.date(2018, 6, 1)) == rn
    assert marine.party_on(None) == rn
    assert FigureFactory().party_on(dt.date(2020, 1, 1)) is None


def test_mentioning_finds_articles_naming_the_figure(marine):
    named = ArticleFactory()
    MentionFactory(article=named, figure=marine)
    rejected = ArticleFactory()
    MentionFactory(article=rejected, figure=marine, rejected=True, source=Mention.Source.EDITOR)
    ArticleFactory()
    assert list(Article.objects.mentioning(marine)) == [named]


@pytest.mark.parametrize("sparse", [False, True])
def test_of_party_follows_lineage_both_ways(fn_rn, sparse):
    fn, rn = fn_rn
    old = ArticleFactory(published_on=dt.date(2017, 4, 1))
    MentionFactory(article=old, party=fn)
    new = ArticleFactory(published_on=dt.date(2021, 4, 1))
    MentionFactory(article=new, party=rn)
    assert set(Article.objects.of_party(rn, sparse=sparse)) == {old, new}
    assert set(Article.objects.of_party(fn, sparse=sparse)) == {old, new}
    assert set(Article.objects.of_party(rn, lineage=False, sparse=sparse)) == {new}


@pytest.mark.parametrize("sparse", [False, True])
def test_of_party_counts_a_figure_by_membership_on_the_article_date(marine, fn_rn, sparse):
    """Both forms of the query (ArticleQuerySet.of_party) give the same articles: a member
    on the article's date counts, an undated article or a rejected mention does not."""
    fn, rn = fn_rn
    other = PartyFactory(slug="lr")
    in_2017 = ArticleFactory(published_on=dt.date(2017, 4, 1))
    MentionFactory(article=in_2017, figure=marine)
    undated = ArticleFactory(published_on=None)
    MentionFactory(article=undated, figure=marine)
    rejected = ArticleFactory(published_on=dt.date(2017, 5, 1))
    MentionFactory(article=rejected, figure=marine, rejected=True)
    assert list(Article.objects.of_party(fn, lineage=False, sparse=sparse)) == [in_2017]
    assert list(Article.objects.of_party(rn, lineage=False, sparse=sparse)) == []
    assert list(Article.objects.of_party(other, sparse=sparse)) == []


def test_members_of_party_on_a_date(marine, fn_rn):
    fn, rn = fn_rn
    assert list(Figure.objects.members_of(rn, on=dt.date(2019, 1, 1))) == [marine]
    assert list(Figure.objects.members_of(fn, on=dt.date(2019, 1, 1))) == [marine]


def test_canonical_url_is_unique_but_may_be_missing():
    ArticleFactory(canonical_url=None)
    ArticleFactory(canonical_url=None)
    ArticleFactory(canonical_url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(canonical_url="https://example.org/a")


def test_a_mention_names_exactly_one_figure_or_party(marine, fn_rn):
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(article=article)
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(article=article, figure=marine, party=fn_rn[0])


def test_a_figure_is_mentioned_once_per_article(marine):
    article = ArticleFactory()
    MentionFactory(article=article, figure=marine)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentionFactory(article=article, figure=marine)


def test_membership_dates_must_be_ordered(marine, fn_rn):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(figure=marine, party=fn_rn[0], start=dt.date(2020, 1, 1),
                          end=dt.date(2019, 1, 1))


def test_article_save_derives_word_count_hash_and_slug():
    article = ArticleFactory(title="Ruffin à Amiens", body="Un deux  trois\n\nquatre")
    assert article.word_count == 4
    assert article.slug == "ruffin-a-amiens"
    assert len(article.content_hash) == 64
    same = ArticleFactory(title="Ruffin à  Amiens", body="Un deux trois quatre")
    assert same.content_hash == article.content_hash


def test_history_records_every_article_edit():
    article = ArticleFactory(title="Before")
    article.title = "After"
    article.save()
    assert [h.title for h in article.history.order_by("history_id")] == ["Before", "After"]


def test_party_str_shows_short_name():
    assert str(Party(name="Front national", short_name="FN")) == "Front national (FN)"
