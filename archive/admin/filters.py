"""Changelist filters by mentioned figure or party.

There are thousands of figures once the deputies are imported, so these filters never list
them: the editor types a name, alias or slug into a small GET form, and the filter matches at
most a handful of figures or parties by index-friendly lookups.
"""

import json

from django.contrib import admin, messages
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from archive.models import Figure, Mention, Party

MAX_MATCHES = 20


def aliases_containing(text: str) -> Q:
    """Q for a JSON list of aliases containing `text`. SQLite stores the list with non-ASCII
    letters escaped ("M\\u00e9luche"), so the escaped spelling is searched too."""
    query = Q(aliases__icontains=text)
    escaped = json.dumps(text)[1:-1]
    if escaped != text:
        query |= Q(aliases__icontains=escaped)
    return query


class AliasSearch:
    """ModelAdmin mixin: the search box also finds accented aliases on SQLite."""

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset,
                                                                  search_term)
        term = " ".join(search_term.split())
        if term and not term.isascii():
            results = results | queryset.filter(aliases_containing(term))
        return results, may_have_duplicates


def matching_subjects(model: type[Model], text: str) -> list[Model]:
    """Figures or parties an editor means by `text`: an exact slug wins; otherwise name, alias
    or slug containing it ("melenchon" finds Mélenchon through the accent-free slug)."""
    text = " ".join(text.split())
    if not text:
        return []
    slug = slugify(text)
    if slug:
        exact = list(model.objects.filter(slug=slug))
        if exact:
            return exact
    query = Q(name__icontains=text) | aliases_containing(text)
    if slug:
        query |= Q(slug__icontains=slug)
    if model is Party:
        query |= Q(short_name__iexact=text)
    return list(model.objects.filter(query).order_by("name")[:MAX_MATCHES])


class MentionedSubjectFilter(admin.SimpleListFilter):
    """Articles with an active (not rejected) mention of the subject the editor typed."""

    template = "admin/archive/subject_filter.html"
    subject_model: type[Model] = Figure
    subject_field = "figure"
    placeholder = ""

    def __init__(self, request, params, model, model_admin):
        self._matches: list[Model] | None = None
        super().__init__(request, params, model, model_admin)
        self.request = request

    def matches(self) -> list[Model]:
        if self._matches is None:
            self._matches = matching_subjects(self.subject_model, self.value() or "")
        return self._matches

    def lookups(self, request, model_admin):
        value = self.value()
        if not value:
            return []
        names = ", ".join(str(subject) for subject in self.matches()[:5])
        return [(value, names or _("nothing matches “%(value)s”") % {"value": value})]

    def has_output(self) -> bool:
        return True

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if not value:
            return queryset
        ids = [subject.pk for subject in self.matches()]
        if not ids:
            messages.warning(
                request,
                _("No %(kind)s matches “%(value)s”; try part of the name or the slug.")
                % {"kind": self.subject_model._meta.verbose_name, "value": value},
            )
            return queryset.none()
        mentions = Mention.objects.active().filter(
            article=OuterRef("pk"), **{f"{self.subject_field}_id__in": ids}
        )
        return queryset.filter(Exists(mentions))

    def choices(self, changelist):
        # The form in the template resubmits every other active parameter unchanged.
        self.hidden_params = [
            (key, value) for key, value in changelist.params.items()
            if key != self.parameter_name
        ]
        yield from super().choices(changelist)


class FigureMentionedFilter(MentionedSubjectFilter):
    title = _("figure mentioned")
    parameter_name = "figure"
    subject_model = Figure
    subject_field = "figure"
    placeholder = _("name, alias or slug")


class PartyMentionedFilter(MentionedSubjectFilter):
    title = _("party mentioned")
    parameter_name = "party"
    subject_model = Party
    subject_field = "party"
    placeholder = _("name, abbreviation or slug")
