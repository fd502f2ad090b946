from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page

from archive import views
from archive.api.routes import api
from archive.feeds import FigureFeed, PartyFeed, SearchFeed
from archive.sitemaps import SITEMAPS

SITEMAP_SECONDS = 3600

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("search/help/", views.search_help, name="search-help"),
    path("search/feed/", SearchFeed(), name="search-feed"),
    path("search/export.csv", views.search_csv, name="search-export"),
    path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="article-detail"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail-short"),
    path("figures/", views.figure_list, name="figure-list"),
    path("figures/<slug:slug>/", views.figure_detail, name="figure-detail"),
    path("figures/<slug:slug>/feed/", FigureFeed(), name="figure-feed"),
    path("parties/", views.party_list, name="party-list"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("parties/<slug:slug>/feed/", PartyFeed(), name="party-feed"),
    path("authors/<slug:slug>/", views.author_detail, name="author-detail"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication-detail"),
    path("elections/", views.election_list, name="election-list"),
    path("elections/<slug:slug>/", views.election_detail, name="election-detail"),
    path("api/", api.urls),
    path("opensearch.xml", views.opensearch_xml, name="opensearch"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", cache_page(SITEMAP_SECONDS)(sitemap_views.index),
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap-index"),
    path("sitemap-<section>.xml", cache_page(SITEMAP_SECONDS)(sitemap_views.sitemap),
         {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "archive.views.errors.bad_request"
handler404 = "archive.views.errors.page_not_found"
handler500 = "archive.views.errors.server_error"
