from django.shortcuts import get_object_or_404, redirect, render

from archive.models import Article, Author, Figure, Party, Publication


def home(request):
    latest = Article.objects.published().for_listing().newest_first()[:20]
    return render(request, "home.html", {"latest": latest})


def article_detail(request, pk: int, slug: str | None = None):
    article = get_object_or_404(Article.objects.published().select_related("publication"), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    return render(request, "articles/detail.html", {"article": article})


def figure_detail(request, slug: str):
    figure = get_object_or_404(Figure, slug=slug)
    return render(request, "figures/detail.html", {"figure": figure})


def party_detail(request, slug: str):
    party = get_object_or_404(Party, slug=slug)
    return render(request, "parties/detail.html", {"party": party})


def author_detail(request, slug: str):
    author = get_object_or_404(Author, slug=slug)
    return render(request, "authors/detail.html", {"author": author})


def publication_detail(request, slug: str):
    publication = get_object_or_404(Publication, slug=slug)
    return render(request, "publications/detail.html", {"publication": publication})
