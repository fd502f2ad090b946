"""The last line of defence for "nothing an editor does takes the site down": forms check
every constraint they can, but a row saved by someone else between validation and save can
still break a unique constraint. That becomes a clear message instead of a 500."""

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpResponseRedirect
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
