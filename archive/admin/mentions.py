"""Mentions and bylines on their own pages (mostly reached through the article form), with
history. Mentions are never deleted from the admin, only rejected: see MentionInlineFormSet."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from archive.admin.forms import MentionAdminForm
from archive.admin.safety import HistoryIdGuard, IntegrityGuard
from archive.models import ArticleAuthor, Mention


@admin.register(Mention)
class MentionAdmin(IntegrityGuard, HistoryIdGuard, SimpleHistoryAdmin):
    form = MentionAdminForm
    list_display = ["article", "figure", "party", "count", "source", "rejected"]
    list_filter = ["source", "rejected"]
    list_select_related = ["article", "figure", "party"]
    search_fields = ["figure__name", "party__name", "party__short_name"]
    autocomplete_fields = ["article", "figure", "party"]
    readonly_fields = ["matched_text", "first_offset", "via_figure", "source"]
    show_facets = admin.ShowFacets.NEVER
    actions = ["reject", "restore"]

    # Deleting a mention would let detection bring it back: this page rejects instead. (The
    # delete permission itself stays, so that deleting an article takes its mentions along.)
    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url,
                                   {**(extra_context or {}), "show_delete": False})

    def delete_view(self, request, object_id, extra_context=None):
        self.message_user(request, _("Mentions are not deleted: tick “rejected” instead, so "
                                     "that detection does not bring them back."),
                          messages.WARNING)
        return HttpResponseRedirect(reverse("admin:archive_mention_change", args=[object_id]))

    def save_model(self, request, obj, form, change):
        obj.source = Mention.Source.EDITOR
        super().save_model(request, obj, form, change)

    def _set_rejected(self, request, queryset, rejected: bool) -> int:
        changed = 0
        for mention in queryset.filter(rejected=not rejected):
            mention.rejected, mention.source = rejected, Mention.Source.EDITOR
            mention.save(update_fields=["rejected", "source"])
            changed += 1
        return changed

    @admin.action(description=_("Reject selected mentions (detection will not restore them)"),
                  permissions=["change"])
    def reject(self, request, queryset):
        n = self._set_rejected(request, queryset, True)
        self.message_user(request, ngettext("%(n)d mention rejected.",
                                            "%(n)d mentions rejected.", n) % {"n": n})

    @admin.action(description=_("Restore selected rejected mentions"), permissions=["change"])
    def restore(self, request, queryset):
        n = self._set_rejected(request, queryset, False)
        self.message_user(request, ngettext("%(n)d mention restored.",
                                            "%(n)d mentions restored.", n) % {"n": n})


@admin.register(ArticleAuthor)
class ArticleAuthorAdmin(IntegrityGuard, HistoryIdGuard, SimpleHistoryAdmin):
    list_display = ["article", "author", "position"]
    list_select_related = ["article", "author"]
    search_fields = ["author__name", "article__title"]
    autocomplete_fields = ["article", "author"]
