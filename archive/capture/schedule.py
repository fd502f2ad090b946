"""What is due: each publication's feeds and sitemaps every `poll_minutes`, and every
captured page again at the steps of ARCHIVE_CAPTURE_RECAPTURE after its first capture
(1 hour, 1 day, 1 week, 1 month by default)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from archive.capture.config import CaptureConfig
from archive.capture.crawl import CaptureRun
from archive.ingest.report import ImportReport, Outcome
from archive.models import CapturedURL, Publication

MAX_DUE_PAGES = 5000  # per run; the rest is due at the next one


def due_publications(now: dt.datetime) -> list[Publication]:
    due = []
    for publication in Publication.objects.filter(poll_minutes__gt=0):
        if not (publication.feed_urls or publication.sitemap_urls):
            continue
        last = publication.last_polled_at
        if last is None or last + dt.timedelta(minutes=publication.poll_minutes) <= now:
            due.append(publication)
    return due


def due_urls(now: dt.datetime) -> list[str]:
    return list(CapturedURL.objects.filter(next_capture_at__lte=now)
                .order_by("next_capture_at").values_list("url", flat=True)[:MAX_DUE_PAGES])


def run_due(*, progress: Callable[[Outcome], None] | None = None,
            config: CaptureConfig | None = None, now: dt.datetime | None = None
            ) -> ImportReport:
    """Poll the due publications, then re-capture the due pages; one report for all."""
    config = config or CaptureConfig.from_settings()
    now = now or timezone.now()
    report = ImportReport()
    for publication in due_publications(now):
        run = CaptureRun(config, publication=publication.slug, progress=progress,
                         report=report, now=now)
        run.run(feeds=list(publication.feed_urls), sitemaps=list(publication.sitemap_urls))
        Publication.objects.filter(pk=publication.pk).update(last_polled_at=now)
    urls = due_urls(now)
    if urls:
        CaptureRun(config, progress=progress, report=report, now=now).run(urls)
    return report
