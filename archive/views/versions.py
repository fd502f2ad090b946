"""An article version's permalink: the text as one capture read it, with a citation that
names its capture date."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from archive import citation
from archive.models import Article
from archive.selectors.articles import article_page, paragraphs


def version_url(article: Article, number: int) -> str:
    return reverse("article-version", kwargs={"pk": article.pk, "slug": article.slug,
                                              "number": number})


def article_version(request: HttpRequest, pk: int, slug: str, number: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.published().select_related("publication"), pk=pk)
    if slug != article.slug:
        return redirect(version_url(article, number), permanent=True)
    page = article_page(article)
    version = next((v for v in page.versions if v.number == number), None)
    if version is None:
        raise Http404(_("This article has no version %(n)d.") % {"n": number})
    first = version.captures[0]
    captured = first.retrieved_at or first.imported_at
    archive_url = request.build_absolute_uri(article.get_absolute_url())
    url = request.build_absolute_uri(version_url(article, number))
    return render(request, "articles/version.html", {
        "article": article,
        "page": page,
        "version": version,
        "captured": captured,
        "paragraphs": paragraphs(first.body),
        "is_latest": number == len(page.versions),
        "citation": citation.version_citation(article, page.authors, url, number, captured),
        "highwire": citation.highwire_tags(article, page.authors, url, first),
        "json_ld": citation.json_ld(article, page.authors, archive_url, version.captures,
                                    version_url=url),
    })
