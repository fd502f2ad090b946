from django.contrib import admin
from django.urls import path

from archive import views

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="article-detail"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail-short"),
    path("figures/<slug:slug>/", views.figure_detail, name="figure-detail"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author-detail"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication-detail"),
    path("admin/", admin.site.urls),
]
