"""Articles in the admin: metadata, ordered authors, mentions an editor can add or reject,
read-only captures, optimistic concurrency, and every change kept in the history."""

from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from archive.admin.filters import FigureMentionedFilter, PartyMentionedFilter
from archive.admin.forms import ArticleAdminForm, MentionInlineForm, MentionInlineFormSet
from archive.admin.safety import IntegrityGuard
from archive.models import Article, ArticleAuthor, Capture, Mention


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author"]
    ordering = ["position", "id"]
    verbose_name = _("author")
    verbose_name_plural = _("authors (in byline order: lowest position first)")


class MentionInline(admin.TabularInline):
    model = Mention
    fk_name = "article"
    form = MentionInlineForm
    formset = MentionInlineFormSet
    extra = 1
    autocomplete_fields = ["figure", "party"]
    fields = ["state", "figure", "party", "count", "matched_text", "derived_from", "origin",
              "rejected"]
    readonly_fields = ["state", "matched_text", "derived_from", "origin"]
    verbose_name_plural = _("mentions (deleting one keeps it as rejected, so that detection "
                            "does not bring it back)")

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("figure", "party", "via_figure")
                .order_by("rejected", "party_id", "-count", "id"))

    @admin.display(description=_("state"))
    def state(self, mention: Mention) -> str:
        if not mention.pk:
            return ""
        if mention.rejected:
            return format_html('<strong class="mention-rejected" title="{}">✗ {}</strong>',
                               _("Rejected by an editor: does not count anywhere."),
                               _("REJECTED"))
        return _("active")

    @admin.display(description=_("source"))
    def origin(self, mention: Mention) -> str:
        return mention.get_source_display() if mention.pk else ""

    @admin.display(description=_("through figure"))
    def derived_from(self, mention: Mention) -> str:
        return str(mention.via_figure) if mention.via_figure_id else ""


class CaptureInline(admin.TabularInline):
    model = Capture
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["source_url", "retrieved_at", "imported_at", "source_file", "extractor",
              "extractor_version", "payload_hash", "licence"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(IntegrityGuard, SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    form = ArticleAdminForm
    list_display = ["title", "publication", "published_on", "date_estimated", "language",
                    "status"]
    list_filter = ["publication", "published_on", "language", "status", "date_estimated",
                   FigureMentionedFilter, PartyMentionedFilter]
    date_hierarchy = "published_on"
    search_fields = ["title", "canonical_url", "authors__name"]
    list_select_related = ["publication"]
    autocomplete_fields = ["publication"]
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50
    inlines = [ArticleAuthorInline, MentionInline, CaptureInline]
    readonly_fields = ["word_count", "content_hash", "is_synthetic", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "canonical_url", "publication",
                           ("published_on", "date_estimated"), "language", "status",
                           "loaded_version"]}),
        (_("Text"), {"fields": ["summary", "body"]}),
        (_("Bookkeeping"), {"classes": ["collapse"],
                            "fields": ["word_count", "content_hash", "is_synthetic",
                                       "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("publication")

    def get_deleted_objects(self, objs, request):
        # Captures are part of their article: whoever may delete the article may delete them
        # with it, although editors may not delete a capture on its own.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        capture = str(Capture._meta.verbose_name)
        perms_needed = {name for name in perms_needed if str(name) != capture}
        return deleted, counts, perms_needed, protected
