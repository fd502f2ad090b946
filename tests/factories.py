"""factory_boy factories: the one way tests make data."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from archive import models


class PublicationFactory(DjangoModelFactory):
    class Meta:
        model = models.Publication
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Publication {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")
    language = "fr"


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = models.Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = models.Party
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Parti {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    slug = factory.Sequence(lambda n: f"parti-{n}")


class FigureFactory(DjangoModelFactory):
    class Meta:
        model = models.Figure
        django_get_or_create = ("slug",)

    given_name = factory.Sequence(lambda n: f"Prénom{n}")
    family_name = factory.Sequence(lambda n: f"Nom{n}")
    name = factory.LazyAttribute(lambda o: f"{o.given_name} {o.family_name}")
    slug = factory.Sequence(lambda n: f"figure-{n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = models.Membership

    figure = factory.SubFactory(FigureFactory)
    party = factory.SubFactory(PartyFactory)
    start = dt.date(2000, 1, 1)
    end = None


class ElectionFactory(DjangoModelFactory):
    class Meta:
        model = models.Election
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Election {n}")
    slug = factory.Sequence(lambda n: f"election-{n}")
    kind = models.Election.Kind.PRESIDENTIAL
    first_round = dt.date(2017, 4, 23)
    second_round = dt.date(2017, 5, 7)


class CandidacyFactory(DjangoModelFactory):
    class Meta:
        model = models.Candidacy

    figure = factory.SubFactory(FigureFactory)
    election = factory.SubFactory(ElectionFactory)


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = models.Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    body = factory.Faker("paragraph", nb_sentences=8, locale="fr_FR")
    publication = factory.SubFactory(PublicationFactory)
    published_on = dt.date(2021, 7, 5)
    language = "fr"
    canonical_url = factory.Sequence(lambda n: f"https://example.org/articles/{n}")

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for position, author in enumerate(extracted):
                models.ArticleAuthor.objects.create(article=self, author=author,
                                                    position=position)


class CaptureFactory(DjangoModelFactory):
    class Meta:
        model = models.Capture

    article = factory.SubFactory(ArticleFactory)
    source_url = factory.LazyAttribute(lambda o: o.article.canonical_url or "")
    payload_hash = factory.Sequence(lambda n: f"{n:064x}")
    extractor = "test"
    title = factory.LazyAttribute(lambda o: o.article.title)
    body = factory.LazyAttribute(lambda o: o.article.body)
    content_hash = factory.LazyAttribute(lambda o: o.article.content_hash)


class MentionFactory(DjangoModelFactory):
    class Meta:
        model = models.Mention

    article = factory.SubFactory(ArticleFactory)
    count = 1
