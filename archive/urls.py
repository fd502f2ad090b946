from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page

from archive import views
from archive.api.routes import api
from archive.feeds import ChangesFeed, FigureFeed, PartyFeed, SearchFeed
from archive.sitemaps import SITEMAPS
from archive.views import captures

SITEMAP_SECONDS = 3600

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("search/help/", views.search_help, name="search-help"),
    path("search/feed/", SearchFeed(), name="search-feed"),
    path("search/export.csv", views.search_csv, name="search-export"),
    path("search/export.jsonl", views.search_jsonl, name="search-export-jsonl"),
    path("search/export.ris", views.search_ris, name="search-export-ris"),
    path("search/export.bib", views.search_bib, name="search-export-bib"),
    path("compare/", views.compare, name="compare"),
    path("compare/export.csv", views.compare_csv, name="compare-export"),
    path("network/", views.network, name="network"),
    path("network/export.gexf", views.network_gexf, name="network-gexf"),
    path("network/edges.csv", views.network_edges_csv, name="network-edges"),
    path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="article-detail"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail-short"),
    path("articles/<int:pk>/<slug:slug>/versions/<int:number>/", views.article_version,
         name="article-version"),
    path("figures/", views.figure_list, name="figure-list"),
    path("figures/<slug:slug>/", views.figure_detail, name="figure-detail"),
    path("figures/<slug:slug>/feed/", FigureFeed(), name="figure-feed"),
    path("parties/", views.party_list, name="party-list"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("parties/<slug:slug>/feed/", PartyFeed(), name="party-feed"),
    path("authors/<slug:slug>/", views.author_detail, name="author-detail"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication-detail"),
    path("captures/<int:pk>/", captures.capture_replay, name="capture-replay"),
    path("captures/<int:pk>/frame/", captures.capture_frame, name="capture-frame"),
    path("changes/", captures.changes, name="changes"),
    path("changes/feed/", ChangesFeed(), name="changes-feed"),
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
