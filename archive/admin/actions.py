"""The "merge selected" admin action: a confirmation page where the editor sees what each
selected record holds and picks the one to keep (the oldest by default), then the merge."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import DatabaseError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from archive.admin.merge import MergeReport

Merger = Callable[..., MergeReport]
MAX_SELECTED = 20


def merge_action(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    merge: Merger,
    describe: Callable[[Model], str],
):
    objects = list(queryset.order_by("pk")[: MAX_SELECTED + 1])
    noun = modeladmin.model._meta.verbose_name_plural
    if len(objects) > MAX_SELECTED:
        modeladmin.message_user(request, _("Select at most %(max)d %(noun)s to merge at once.")
                                % {"max": MAX_SELECTED, "noun": noun}, messages.WARNING)
        return None
    if len(objects) < 2:
        modeladmin.message_user(request, _("Select at least two %(noun)s to merge.")
                                % {"noun": noun}, messages.WARNING)
        return None

    survivor = objects[0]
    if request.POST.get("confirm") == "yes":
        chosen = request.POST.get("survivor", "")
        match = [obj for obj in objects if str(obj.pk) == chosen]
        if match:
            survivor = match[0]
            try:
                report = merge(survivor, [o for o in objects if o.pk != survivor.pk],
                               user=request.user)
            except DatabaseError as error:
                modeladmin.message_user(
                    request, _("Nothing was merged: the database refused it (%(error)s).")
                    % {"error": error}, messages.ERROR)
                return None
            modeladmin.log_change(request, survivor, report.summary())
            modeladmin.message_user(request, report.summary(), messages.SUCCESS)
            return None
        modeladmin.message_user(request, _("Choose which record to keep."), messages.ERROR)

    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Merge %(noun)s") % {"noun": noun},
        "subtitle": None,
        "opts": opts,
        "app_label": opts.app_label,
        "rows": [(obj, describe(obj)) for obj in objects],
        "survivor": survivor,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/archive/merge_confirmation.html", context)
