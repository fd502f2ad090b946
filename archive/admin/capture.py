"""Capture in the admin: editors paste page, feed or sitemap URLs; the work is queued as a
CaptureJob and done by the capture worker (never inside the request). The job list shows
status, timings and errors. Publications get their feed and sitemap URLs as lists."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.admin.forms import AliasListField
from archive.capture.addresses import RefusedAddress, check_url, parse_policy
from archive.models import CapturedURL, CaptureJob, Publication

MAX_URLS = 1000


class URLListField(AliasListField):
    """One URL per line; each must be an http(s) URL the archive may fetch (no private
    address unless ARCHIVE_CAPTURE_ALLOW_PRIVATE)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.help_text = _("One URL per line.")

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_URLS:
            raise forms.ValidationError(_("At most %(n)d URLs at a time.") % {"n": MAX_URLS})
        policy = parse_policy(settings.ARCHIVE_CAPTURE_ALLOW_PRIVATE)
        errors = []
        for url in value:
            try:
                forms.URLField(assume_scheme="https").clean(url)
                check_url(url, allow_private=policy)
            except forms.ValidationError:
                errors.append(_("%(url)s is not a valid URL.") % {"url": url[:200]})
            except RefusedAddress as exc:
                errors.append(f"{url[:200]}: {exc}")
        if errors:
            raise forms.ValidationError(errors)


class CaptureJobForm(forms.ModelForm):
    urls = URLListField(label=_("Page URLs"), required=False)
    feed_urls = URLListField(label=_("Feed URLs (RSS or Atom)"), required=False)
    sitemap_urls = URLListField(label=_("Sitemap URLs"), required=False)

    class Meta:
        model = CaptureJob
        fields = ["urls", "feed_urls", "sitemap_urls", "publication"]

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("urls") or data.get("feed_urls")
                                    or data.get("sitemap_urls")):
            raise forms.ValidationError(_("Paste at least one page, feed or sitemap URL."))
        return data


@admin.register(CaptureJob)
class CaptureJobAdmin(admin.ModelAdmin):
    form = CaptureJobForm
    list_display = ["id", "status", "created_at", "started_at", "finished_at", "duration",
                    "what", "summary", "short_errors"]
    list_filter = ["status"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["publication"]
    readonly = ["urls", "feed_urls", "sitemap_urls", "publication", "status", "created_at",
                "created_by", "started_at", "finished_at", "summary", "errors"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.readonly if obj is not None else ["urls", "feed_urls", "sitemap_urls",
                                                      "publication"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @admin.display(description=_("duration"))
    def duration(self, job: CaptureJob):
        return job.duration

    @admin.display(description=_("what"))
    def what(self, job: CaptureJob) -> str:
        pages, feeds, sitemaps = len(job.urls), len(job.feed_urls), len(job.sitemap_urls)
        parts = [ngettext("%(n)d page", "%(n)d pages", pages) % {"n": pages} if pages else "",
                 ngettext("%(n)d feed", "%(n)d feeds", feeds) % {"n": feeds} if feeds else "",
                 ngettext("%(n)d sitemap", "%(n)d sitemaps", sitemaps) % {"n": sitemaps}
                 if sitemaps else ""]
        return ", ".join(p for p in parts if p)

    @admin.display(description=_("errors"))
    def short_errors(self, job: CaptureJob) -> str:
        lines = job.errors.splitlines()
        return lines[0][:160] + (f" (+{len(lines) - 1})" if len(lines) > 1 else "") \
            if lines else ""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user.get_username()
            obj.status = CaptureJob.Status.QUEUED
        super().save_model(request, obj, form, change)
        if not change:
            messages.info(request, _("Capture job %(id)d is queued; the capture worker will do "
                                     "it (manage.py serve runs it).") % {"id": obj.pk})


@admin.register(CapturedURL)
class CapturedURLAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["url", "first_captured_at", "last_captured_at", "recaptures",
                    "next_capture_at", "last_status"]
    search_fields = ["url"]
    readonly_fields = ["url", "first_captured_at", "last_captured_at", "recaptures", "etag",
                       "last_modified", "last_status"]

    def has_add_permission(self, request):
        return False  # made by captures; editors may move next_capture_at


class PublicationCaptureForm(forms.ModelForm):
    """The publication form with its feed and sitemap URLs as lists, one per line."""

    feed_urls = URLListField(label=_("feed URLs"), required=False)
    sitemap_urls = URLListField(label=_("sitemap URLs"), required=False)

    class Meta:
        model = Publication
        fields = ["name", "slug", "homepage", "language", "leaning", "aliases", "feed_urls",
                  "sitemap_urls", "poll_minutes"]
