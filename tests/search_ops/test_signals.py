"""Data changes become IndexTask rows, committed (or rolled back) with the change."""

import pytest
from django.db import transaction

from archive.models import Article, ArticleAuthor, IndexTask, Mention
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    FigureFactory,
    MembershipFactory,
    MentionFactory,
    PartyFactory,
)
from tests.search_ops.conftest import queued

pytestmark = pytest.mark.django_db

UPDATE, DELETE = IndexTask.Action.UPDATE, IndexTask.Action.DELETE


@pytest.fixture
def article():
    article = ArticleFactory()
    IndexTask.objects.all().delete()
    return article


def test_saving_an_article_enqueues_an_update_when_the_transaction_commits():
    with transaction.atomic():
        article = ArticleFactory()
    assert set(queued(UPDATE)) == {article.pk}


def test_a_rolled_back_save_enqueues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        ArticleFactory()
        raise RuntimeError("abort")
    assert queued() == []


def test_unpublishing_an_article_enqueues_a_delete(article):
    article.status = Article.Status.WITHDRAWN
    article.save()
    assert queued(DELETE) == [article.pk]


def test_deleting_an_article_enqueues_a_delete(article):
    pk = article.pk
    article.delete()
    assert pk in queued(DELETE)


def test_adding_an_author_through_the_m2m_enqueues_the_article(article):
    article.authors.add(AuthorFactory(), through_defaults={"position": 0})
    assert set(queued(UPDATE)) == {article.pk}


def test_removing_articles_from_an_author_enqueues_them(article):
    author = AuthorFactory()
    ArticleAuthor.objects.create(article=article, author=author)
    IndexTask.objects.all().delete()
    author.articles.clear()
    assert set(queued(UPDATE)) == {article.pk}


def test_an_article_author_row_enqueues_its_article(article):
    ArticleAuthor.objects.create(article=article, author=AuthorFactory(), position=1)
    assert set(queued(UPDATE)) == {article.pk}


def test_a_new_mention_enqueues_its_article(article):
    MentionFactory(article=article, figure=FigureFactory())
    assert set(queued(UPDATE)) == {article.pk}


def test_rejecting_a_mention_enqueues_its_article(article):
    mention = MentionFactory(article=article, figure=FigureFactory())
    IndexTask.objects.all().delete()
    mention.rejected = True
    mention.save()
    assert set(queued(UPDATE)) == {article.pk}


def test_deleting_a_mention_enqueues_its_article(article):
    MentionFactory(article=article, figure=FigureFactory())
    IndexTask.objects.all().delete()
    Mention.objects.filter(article=article).delete()
    assert set(queued(UPDATE)) == {article.pk}


def test_renaming_a_figure_enqueues_the_articles_that_mention_it(article):
    figure = FigureFactory()
    MentionFactory(article=article, figure=figure)
    other = ArticleFactory()
    IndexTask.objects.all().delete()
    figure.slug = "new-slug"
    figure.save()
    assert set(queued(UPDATE)) == {article.pk}
    assert other.pk not in queued()


def test_saving_a_figure_unchanged_enqueues_nothing(article):
    figure = FigureFactory()
    MentionFactory(article=article, figure=figure)
    IndexTask.objects.all().delete()
    figure.save()
    assert queued() == []


def test_a_new_successor_party_enqueues_articles_of_the_whole_lineage(article):
    fn = PartyFactory(slug="fn")
    rn = PartyFactory(slug="rn")
    member = FigureFactory()
    MembershipFactory(figure=member, party=fn)
    via_member = ArticleFactory()
    MentionFactory(article=article, party=rn)
    MentionFactory(article=via_member, figure=member)
    IndexTask.objects.all().delete()
    fn.succeeded_by = rn
    fn.save()
    assert set(queued(UPDATE)) == {article.pk, via_member.pk}
