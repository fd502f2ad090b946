"""Browse pages: home, article, figures, parties, authors, publications, search help."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from archive import charts, citation
from archive.models import Article, Author, Figure, Party, Publication
from archive.selectors.articles import article_page
from archive.selectors.figures import figure_index, figure_page
from archive.selectors.home import about_page, home_page
from archive.selectors.parties import party_index, party_page
from archive.selectors.sources import author_page, publication_page
from archive.views.export import EXPORT_LIMIT


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"page": home_page()})


def article_detail(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    article = get_object_or_404(Article.objects.published().select_related("publication"), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    page = article_page(article)
    url = request.build_absolute_uri(article.get_absolute_url())
    return render(request, "articles/detail.html", {
        "page": page,
        "article": article,
        "citation": citation.all_formats(article, page.authors, url),
        "highwire": citation.highwire_tags(article, page.authors, url),
        "json_ld": citation.json_ld(article, page.authors, url, page.captures),
    })


def figure_list(request: HttpRequest) -> HttpResponse:
    return render(request, "figures/index.html", {"letters": figure_index()})


def figure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    figure = get_object_or_404(Figure, slug=slug)
    page = figure_page(figure)
    chart = charts.mentions_chart(
        page.months, _("Articles mentioning %(name)s per month") % {"name": figure.name},
        "mentions-chart")
    return render(request, "figures/detail.html",
                  {"page": page, "figure": figure, "chart": chart})


def party_list(request: HttpRequest) -> HttpResponse:
    return render(request, "parties/index.html", {"letters": party_index()})


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(Party, slug=slug)
    page = party_page(party)
    chart = charts.mentions_chart(
        page.months, _("Articles mentioning %(name)s per month") % {"name": party.name},
        "mentions-chart")
    return render(request, "parties/detail.html", {"page": page, "party": party, "chart": chart})


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    page = author_page(author, request.GET.get("page", 1))
    return render(request, "authors/detail.html", {"page": page, "author": author})


def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = get_object_or_404(Publication, slug=slug)
    page = publication_page(publication, request.GET.get("page", 1))
    return render(request, "publications/detail.html",
                  {"page": page, "publication": publication})


def search_help(request: HttpRequest) -> HttpResponse:
    return render(request, "search/help.html", {"export_limit": EXPORT_LIMIT})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "about.html", {"page": about_page()})
