"""The last line of defence for "nothing an editor does takes the site down": forms check
every constraint they can, but a row saved by someone else between validation and save can
still break a unique constraint. That becomes a clear message instead of a 500."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _


class IntegrityGuard:
    """Mixin for ModelAdmins: a refused write rolls back (the admin wraps it in a transaction)
    and the editor is sent back to the form with the reason."""

    def _refused(self, request, error: IntegrityError):
        self.message_user(
            request,
            _("Nothing was saved: the database refused the change because it conflicts with "
              "data saved meanwhile (%(error)s). Reload the page, check, and try again.")
            % {"error": error},
            messages.ERROR,
        )
        return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except IntegrityError as error:
            return self._refused(request, error)

    def history_form_view(self, request, *args, **kwargs):
        try:
            return super().history_form_view(request, *args, **kwargs)
        except IntegrityError as error:
            return self._refused(request, error)


class HistoryIdGuard:
    """Mixin for history-keeping ModelAdmins (before SimpleHistoryAdmin): simple_history looks
    rows up with the raw ids of the URL, so a malformed one raised ValueError (a 500); as on
    the admin's change pages it is a 404."""

    @staticmethod
    def _require_id(field, value: str) -> None:
        try:
            field.to_python(unquote(value))
        except ValidationError:
            raise Http404 from None

    def history_view(self, request, object_id, extra_context=None):
        self._require_id(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_id(self.model._meta.pk, object_id)
        self._require_id(self.model.history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class EmptyToFieldMiddleware:
    """An empty ``_to_field`` (the admin's popup parameter) means no field: Django's admin
    skips its check of an empty value and then looks up a field named '' (FieldDoesNotExist,
    a 500) on the change, delete and history pages of every model. Dropped here, so the
    third-party admins (django-axes') are covered too; requests outside the admin pass
    untouched."""

    KEY = "_to_field"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(reverse("admin:index")):
            return self.get_response(request)  # nor is a body read outside the admin
        for name in ("GET", "POST"):
            data = getattr(request, name)
            if self.KEY in data and not data.get(self.KEY):  # the admin reads the last
                data = data.copy()
                del data[self.KEY]
                setattr(request, name, data)
        return self.get_response(request)
