"""Author and publication pages: their articles, newest first, paginated."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min

from archive.models import Article, Author, Publication

PER_PAGE = 20


@dataclass(frozen=True)
class SourcePage:
    subject: Author | Publication
    articles: Page
    total: int
    first: object
    last: object
    others: list  # the author's publications, or the publication's authors


def author_page(author: Author, page: int = 1) -> SourcePage:
    articles = Article.objects.published().filter(authors=author)
    publications = list(
        Publication.objects.filter(articles__in=articles)
        .annotate(n=Count("articles", distinct=True)).order_by("-n", "name")[:20]
    )
    return _page(author, articles, page, publications)


def publication_page(publication: Publication, page: int = 1) -> SourcePage:
    articles = Article.objects.published().filter(publication=publication)
    authors = list(
        Author.objects.filter(articles__in=articles)
        .annotate(n=Count("articles", distinct=True)).order_by("-n", "name")[:20]
    )
    return _page(publication, articles, page, authors)


def _page(subject, articles, page: int, others: list) -> SourcePage:
    span = articles.aggregate(first=Min("published_on"), last=Max("published_on"),
                              total=Count("id"))
    paginator = Paginator(articles.for_listing().newest_first(), PER_PAGE,
                          allow_empty_first_page=True)
    paginator.count = span["total"]  # one COUNT query, shared with the date span
    return SourcePage(
        subject=subject,
        articles=paginator.get_page(page),
        total=span["total"],
        first=span["first"],
        last=span["last"],
        others=others,
    )
