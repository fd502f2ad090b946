"""Login throttling with django-axes (settings: AXES_*). Logins over HTTP carry their request
and are counted; ``authenticate()`` called without one (a management command, a test's
``client.login``) has nothing to throttle by and passes through to the next backend."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request: HttpRequest, original_response=None,
                     credentials: dict | None = None) -> HttpResponse:
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE): what happened and when to
    try again, with 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "admin/lockout.html",
                  {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
                  status=429)
