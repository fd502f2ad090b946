"""Sitemaps (django.contrib.sitemaps): an index at /sitemap.xml, one paginated section per
kind of page."""

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from archive.models import Article, Author, Figure, Party, Publication


class ArticleSitemap(Sitemap):
    limit = 5000
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().only("id", "slug", "updated_at").order_by("id")

    def lastmod(self, item: Article) -> dt.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        """One aggregate instead of Django's default, which reads every article."""
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SlugSitemap(Sitemap):
    limit = 5000
    changefreq = "weekly"
    model = None

    def items(self):
        return self.model.objects.only("id", "slug").order_by("slug")


class FigureSitemap(SlugSitemap):
    model = Figure


class PartySitemap(SlugSitemap):
    model = Party


class AuthorSitemap(SlugSitemap):
    model = Author


class PublicationSitemap(SlugSitemap):
    model = Publication


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "search", "search-help", "figure-list", "party-list"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "figures": FigureSitemap,
    "parties": PartySitemap,
    "authors": AuthorSitemap,
    "publications": PublicationSitemap,
}
