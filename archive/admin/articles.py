"""Articles in the admin: metadata, ordered authors, mentions an editor can add or reject,
read-only captures, optimistic concurrency, and every change kept in the history."""

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from archive.admin.filters import FigureMentionedFilter, PartyMentionedFilter
from archive.admin.forms import (
    ArticleAdminForm,
    MentionInlineForm,
    MentionInlineFormSet,
    TextareaField,
)
from archive.admin.safety import HistoryIdGuard, IntegrityGuard
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


def change_reason(request, form, change: bool) -> str:
    given = " ".join((form.cleaned_data.get("change_reason") or "").split())
    match = request.resolver_match
    if match and match.url_name and match.url_name.endswith("_simple_history"):
        version_id = match.kwargs.get("version_id") or (match.args[1:2] or [None])[0]
        version = (Article.history.filter(history_id=version_id).first()
                   if str(version_id or "").isdigit() else None)
        restored = (gettext("Reverted to the version of %(when)s") % {
            "when": timezone.localtime(version.history_date).strftime("%Y-%m-%d %H:%M")}
            if version else gettext("Reverted to an earlier version"))
        return (f"{restored}: {given}" if given else restored)[:100]
    if given:
        return given[:100]
    if not change:
        return gettext("Added in the admin")
    labels = [str(form.fields[name].label or name) for name in form.changed_data
              if name not in ("loaded_version", "change_reason")]
    if not labels:
        return gettext("Saved in the admin without changes")
    return (gettext("Edited in the admin: %(fields)s") % {"fields": ", ".join(labels)})[:100]


@admin.register(Article)
class ArticleAdmin(IntegrityGuard, HistoryIdGuard, SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"},
                           models.TextField: {"form_class": TextareaField}}
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
        (_("History"), {"fields": ["change_reason"]}),
        (_("Bookkeeping"), {"classes": ["collapse"],
                            "fields": ["word_count", "content_hash", "is_synthetic",
                                       "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("publication")

    def save_model(self, request, obj, form, change):
        """Every saved version says why: the editor's reason, else what was edited (or which
        version was restored); the user is recorded by SimpleHistoryAdmin."""
        obj._change_reason = change_reason(request, form, change)
        if {"title", "body"} & set(form.changed_data):
            obj.mentions_detected_at = None  # new text: `detect_mentions --missing` redoes it
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        # Captures are part of their article: whoever may delete the article may delete them
        # with it, although editors may not delete a capture on its own.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        capture = str(Capture._meta.verbose_name)
        perms_needed = {name for name in perms_needed if str(name) != capture}
        return deleted, counts, perms_needed, protected
