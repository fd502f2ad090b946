"""Capture jobs: editors queue them in the admin, the capture worker (a child of
`manage.py serve`) does them, one at a time, and runs the schedule between them."""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from archive.capture.crawl import capture
from archive.capture.schedule import run_due
from archive.ingest.report import ImportReport
from archive.models import CaptureJob

log = logging.getLogger(__name__)
MAX_ERRORS = 200


def queue_job(*, urls=(), feeds=(), sitemaps=(), publication=None, user: str = ""
              ) -> CaptureJob:
    return CaptureJob.objects.create(urls=list(urls), feed_urls=list(feeds),
                                     sitemap_urls=list(sitemaps), publication=publication,
                                     created_by=user[:150])


def claim_next() -> CaptureJob | None:
    """The oldest queued job, marked running (a conditional update: two workers never take
    the same job)."""
    for job in CaptureJob.objects.filter(status=CaptureJob.Status.QUEUED).order_by(
            "created_at", "id")[:5]:
        taken = CaptureJob.objects.filter(pk=job.pk, status=CaptureJob.Status.QUEUED).update(
            status=CaptureJob.Status.RUNNING, started_at=timezone.now())
        if taken:
            job.refresh_from_db()
            return job
    return None


def describe(report: ImportReport) -> tuple[str, str]:
    errors = [f"{o.label}: {o.reason}" for o in report.failed[:MAX_ERRORS]]
    if len(report.failed) > MAX_ERRORS:
        errors.append(f"... and {len(report.failed) - MAX_ERRORS} more")
    return report.summary()[:500], "\n".join(errors)


def run_job(job: CaptureJob) -> CaptureJob:
    try:
        report = capture(job.urls, feeds=job.feed_urls, sitemaps=job.sitemap_urls,
                         publication=job.publication.slug if job.publication else None)
    except Exception as exc:  # recorded on the job for the editor, and logged
        log.exception("capture job %s failed", job.pk)
        job.status, job.errors = CaptureJob.Status.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        job.summary, job.errors = describe(report)
        job.status = CaptureJob.Status.DONE if report.ok else CaptureJob.Status.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "summary", "errors", "finished_at"])
    return job


def requeue_interrupted() -> int:
    """Jobs left running by a worker that died go back to the queue."""
    return CaptureJob.objects.filter(status=CaptureJob.Status.RUNNING).update(
        status=CaptureJob.Status.QUEUED, started_at=None)


def work(*, once: bool = False, poll_seconds: float = 5.0, schedule: bool | None = None,
         schedule_seconds: float = 60.0, stop: threading.Event | None = None) -> int:
    """Do queued jobs, and the schedule every `schedule_seconds` (unless
    ARCHIVE_CAPTURE_SCHEDULE=0). Returns the number of jobs done."""
    schedule = settings.ARCHIVE_CAPTURE_SCHEDULE if schedule is None else schedule
    stop = stop or threading.Event()
    requeue_interrupted()
    done = 0
    last_schedule = 0.0
    while not stop.is_set():
        if not connection.in_atomic_block:  # a long-lived worker drops stale connections
            close_old_connections()
        job = claim_next()
        if job is not None:
            run_job(job)
            done += 1
            continue
        if schedule and time.monotonic() - last_schedule >= schedule_seconds:
            last_schedule = time.monotonic()
            try:
                report = run_due()
                if report.total or report.skipped:
                    log.info("capture schedule: %s", report.summary())
            except Exception:
                log.exception("capture schedule failed; trying again later")
        if once:
            break
        stop.wait(poll_seconds)
    return done
