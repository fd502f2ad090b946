"""Capturing from the web: jobs queued by editors, the re-capture schedule of each URL, and
the "changed after publication" facts a re-capture finds."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models.articles import Article, Capture
from archive.models.sources import Publication


class CaptureJob(models.Model):
    """Work queued from the admin (or the schedule) and done by the capture worker, never
    inside a web request."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed (see errors)")

    urls = models.JSONField(_("page URLs"), default=list, blank=True)
    feed_urls = models.JSONField(_("feed URLs"), default=list, blank=True)
    sitemap_urls = models.JSONField(_("sitemap URLs"), default=list, blank=True)
    publication = models.ForeignKey(Publication, verbose_name=_("publication"), null=True,
                                    blank=True, on_delete=models.SET_NULL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    errors = models.TextField(_("errors"), blank=True)
    created_by = models.CharField(_("queued by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("capture job")
        verbose_name_plural = _("capture jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return _("capture job %(id)s (%(status)s)") % {"id": self.pk,
                                                      "status": self.get_status_display()}

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class CapturedURL(models.Model):
    """A page URL the archive captures: its validators for conditional requests and when it
    is next due for a re-capture (see ARCHIVE_CAPTURE_RECAPTURE)."""

    url = models.URLField(_("URL"), max_length=1000, unique=True)
    publication = models.ForeignKey(Publication, verbose_name=_("publication"), null=True,
                                    blank=True, on_delete=models.SET_NULL)
    first_captured_at = models.DateTimeField(_("first captured at"), default=timezone.now)
    last_captured_at = models.DateTimeField(_("last captured at"), null=True, blank=True)
    recaptures = models.PositiveIntegerField(_("re-captures done"), default=0)
    next_capture_at = models.DateTimeField(_("next capture at"), null=True, blank=True)
    etag = models.CharField(_("ETag"), max_length=500, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    last_status = models.CharField(_("last result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("captured URL")
        verbose_name_plural = _("captured URLs")
        indexes = [models.Index(fields=["next_capture_at"])]

    def __str__(self) -> str:
        return self.url


class ArticleChange(models.Model):
    """A re-capture found different text: when, whether the title changed, words added and
    removed (whitespace and boilerplate do not count)."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="changes")
    capture = models.OneToOneField(Capture, verbose_name=_("capture"), on_delete=models.CASCADE,
                                   related_name="change")
    previous = models.ForeignKey(Capture, verbose_name=_("previous capture"),
                                 on_delete=models.SET_NULL, null=True, related_name="+")
    detected_at = models.DateTimeField(_("detected at"), default=timezone.now)
    title_changed = models.BooleanField(_("title changed"), default=False)
    old_title = models.CharField(_("old title"), max_length=500, blank=True)
    words_added = models.PositiveIntegerField(_("words added"), default=0)
    words_removed = models.PositiveIntegerField(_("words removed"), default=0)

    class Meta:
        verbose_name = _("article change")
        verbose_name_plural = _("article changes")
        ordering = ["-detected_at", "-id"]

    def __str__(self) -> str:
        return _("change of article %(id)s at %(when)s") % {
            "id": self.article_id, "when": f"{self.detected_at:%Y-%m-%d %H:%M}"}
