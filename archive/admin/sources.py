"""Publications, authors (with merging of duplicates) and captures in the admin."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from archive.admin.actions import merge_action
from archive.admin.capture import PublicationCaptureForm
from archive.admin.filters import AliasSearch
from archive.admin.forms import AliasListField
from archive.admin.merge import merge_authors
from archive.admin.safety import HistoryIdGuard, IntegrityGuard
from archive.models import Author, Capture, Publication


@admin.register(Publication)
class PublicationAdmin(AliasSearch, IntegrityGuard, HistoryIdGuard, SimpleHistoryAdmin):
    form = PublicationCaptureForm  # feed and sitemap URLs, one per line
    formfield_overrides = {models.URLField: {"assume_scheme": "https"},
                           models.JSONField: {"form_class": AliasListField}}
    list_display = ["name", "slug", "language", "leaning", "homepage"]
    list_filter = ["language"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


def describe_author(author: Author) -> str:
    articles = author.articleauthor_set.count()
    publications = ", ".join(p.name for p in author.publications.all()) or "—"
    aliases = ", ".join(author.aliases) or "—"
    return f"{articles} articles; publications: {publications}; aliases: {aliases}"


@admin.register(Author)
class AuthorAdmin(AliasSearch, IntegrityGuard, HistoryIdGuard, SimpleHistoryAdmin):
    formfield_overrides = {models.JSONField: {"form_class": AliasListField}}
    list_display = ["name", "slug"]
    list_filter = ["publications"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["publications"]
    actions = ["merge_selected"]

    @admin.action(description=_("Merge selected authors (keeps the oldest unless you choose)"),
                  permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        return merge_action(self, request, queryset, merge=merge_authors,
                            describe=describe_author)


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    """Provenance is a record of what was retrieved: nobody edits it."""

    list_display = ["source_url", "article", "retrieved_at", "imported_at", "extractor"]
    list_select_related = ["article"]
    list_filter = ["extractor"]
    search_fields = ["source_url", "source_file"]
    show_facets = admin.ShowFacets.NEVER

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
