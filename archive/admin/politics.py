"""The gazetteer in the admin: parties (with their lineage), figures (memberships, offices,
candidacies, merging duplicates) and elections."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from archive.admin.actions import merge_action
from archive.admin.filters import AliasSearch
from archive.admin.forms import (
    AliasListField,
    AllianceMembershipForm,
    DateRangeForm,
    NewCandidacyFormSet,
    PartyForm,
)
from archive.admin.merge import merge_figures
from archive.admin.safety import HistoryIdGuard, IntegrityGuard
from archive.models import (
    AllianceMembership,
    Candidacy,
    Election,
    Figure,
    Membership,
    Office,
    Party,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    form = DateRangeForm
    extra = 1
    autocomplete_fields = ["party"]
    fields = ["party", "start", "end"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("party")


class OfficeInline(admin.TabularInline):
    model = Office
    form = DateRangeForm
    extra = 0
    fields = ["title", "start", "end"]


class CandidacyInline(admin.TabularInline):
    model = Candidacy
    extra = 0
    fields = ["figure", "election", "party", "label", "constituency", "first_round_share",
              "result"]
    autocomplete_fields = ["figure", "election", "party"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("figure", "election", "party")


class FigureCandidacyInline(CandidacyInline):
    fields = ["election", "party", "label", "constituency", "first_round_share", "result"]


class NewElectionCandidacyInline(CandidacyInline):
    formset = NewCandidacyFormSet
    extra = 1
    fields = ["figure", "party", "label", "constituency", "first_round_share", "result"]
    autocomplete_fields = ["figure", "party"]
    verbose_name_plural = _("add candidacies")

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class AllianceMemberInline(admin.TabularInline):
    model = AllianceMembership
    form = AllianceMembershipForm
    fk_name = "alliance"
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "start", "end"]
    verbose_name = _("member party")
    verbose_name_plural = _("member parties (when this is an alliance)")


class AllianceLinkInline(admin.TabularInline):
    model = AllianceMembership
    form = AllianceMembershipForm
    fk_name = "party"
    extra = 0
    autocomplete_fields = ["alliance"]
    fields = ["alliance", "start", "end"]
    verbose_name = _("alliance")
    verbose_name_plural = _("alliances this party belongs to")


@admin.register(Party)
class PartyAdmin(AliasSearch, IntegrityGuard, HistoryIdGuard, SimpleHistoryAdmin):
    formfield_overrides = {models.JSONField: {"form_class": AliasListField}}
    form = PartyForm
    list_display = ["name", "short_name", "kind", "succeeded_by", "succession_date",
                    "partyfacts_id"]
    list_filter = ["kind"]
    list_select_related = ["succeeded_by"]
    search_fields = ["name", "short_name", "slug", "aliases"]
    autocomplete_fields = ["succeeded_by"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["lineage"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "leaning", "aliases",
                           "ambiguous_aliases", ("founded", "dissolved")]}),
        (_("Lineage"), {"fields": ["lineage", "succeeded_by", "succession_date",
                                   "succession_kind"]}),
        (_("Identifiers"), {"fields": ["partyfacts_id", "wikidata"]}),
    ]
    inlines = [AllianceMemberInline, AllianceLinkInline]

    @admin.display(description=_("lineage (oldest first)"))
    def lineage(self, party: Party) -> str:
        if not party.pk:
            return "—"
        chain = party.lineage()
        parts = []
        for index, member in enumerate(chain):
            if member.pk == party.pk:
                parts.append(format_html("<strong>{}</strong>", member))
            else:
                url = reverse("admin:archive_party_change", args=[member.pk])
                parts.append(format_html('<a href="{}">{}</a>', url, member))
            if index + 1 < len(chain):
                how = member.get_succession_kind_display() or _("became")
                when = f" {member.succession_date:%Y-%m-%d}" if member.succession_date else ""
                parts.append(format_html(" → <small>({}{})</small> ", how, when))
        return format_html_join("", "{}", ((part,) for part in parts))


def describe_figure(figure: Figure) -> str:
    counts = Figure.objects.filter(pk=figure.pk).aggregate(
        mentions=Count("mentions", distinct=True),
        memberships=Count("memberships", distinct=True),
        candidacies=Count("candidacies", distinct=True),
    )
    aliases = ", ".join(figure.aliases) or "—"
    return (f"{counts['mentions']} mentions, {counts['memberships']} memberships, "
            f"{counts['candidacies']} candidacies; aliases: {aliases}")


@admin.register(Figure)
class FigureAdmin(AliasSearch, IntegrityGuard, HistoryIdGuard, SimpleHistoryAdmin):
    formfield_overrides = {models.JSONField: {"form_class": AliasListField}}
    list_display = ["name", "slug", "birth_date", "an_id", "wikidata"]
    search_fields = ["name", "slug", "aliases", "family_name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "given_name", "family_name", "slug", "aliases", "ambiguous_aliases",
              "birth_date", "an_id", "wikidata"]
    inlines = [MembershipInline, OfficeInline, FigureCandidacyInline]
    actions = ["merge_selected"]

    @admin.action(description=_("Merge selected figures (keeps the oldest unless you choose)"),
                  permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        return merge_action(self, request, queryset, merge=merge_figures,
                            describe=describe_figure)


@admin.register(Membership)
class MembershipAdmin(IntegrityGuard, HistoryIdGuard, SimpleHistoryAdmin):
    form = DateRangeForm
    list_display = ["figure", "party", "start", "end"]
    list_select_related = ["figure", "party"]
    search_fields = ["figure__name", "party__name", "party__short_name"]
    autocomplete_fields = ["figure", "party"]


@admin.register(Election)
class ElectionAdmin(IntegrityGuard, admin.ModelAdmin):
    """An election may have thousands of candidacies: the form lists them as plain text (a
    widget per row would make the page slow) and links to their own, searchable changelist;
    the inline only adds new ones."""

    list_display = ["name", "kind", "scope", "first_round", "second_round"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "scope", "first_round", "second_round", "candidacies"]
    readonly_fields = ["candidacies"]
    inlines = [NewElectionCandidacyInline]

    @admin.display(description=_("candidacies"))
    def candidacies(self, election: Election) -> str:
        if not election.pk:
            return "—"
        rows = list(election.candidacies.select_related("figure", "party")
                    .order_by("constituency", "-first_round_share", "figure__name"))
        edit_url = (reverse("admin:archive_candidacy_changelist")
                    + f"?election__id__exact={election.pk}")
        link = format_html('<p><a href="{}">{}</a></p>', edit_url,
                           _("Edit these %(n)d candidacies") % {"n": len(rows)})
        table = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((c.constituency, c.figure.name, c.party or c.label, c.first_round_share or "",
              c.result) for c in rows))
        return format_html(
            '{}<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>'
            "</thead><tbody>{}</tbody></table>", link, _("constituency"), _("figure"),
            _("party or label"), _("first round %"), _("result"), table)


@admin.register(Candidacy)
class CandidacyAdmin(IntegrityGuard, HistoryIdGuard, SimpleHistoryAdmin):
    list_display = ["figure", "election", "party", "constituency", "first_round_share",
                    "result"]
    list_filter = ["election"]
    list_select_related = ["figure", "election", "party"]
    search_fields = ["figure__name", "constituency", "label"]
    autocomplete_fields = ["figure", "election", "party"]
