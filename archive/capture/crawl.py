"""One capture run: discover pages from feeds and sitemaps, fetch them (hosts in parallel,
one request at a time per host), write every exchange to WARC, import the pages through
`store.import_records`, and keep each URL's validators and re-capture time.

Threads only fetch and write WARC; the database is written by the calling thread alone."""

from __future__ import annotations

import datetime as dt
import queue
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.capture import discover
from archive.capture.addresses import RefusedAddress, check_url
from archive.capture.config import CaptureConfig
from archive.capture.fetch import Fetcher, FetchResult
from archive.capture.politeness import Politeness
from archive.capture.robots import Robots
from archive.capture.store import Record, import_records
from archive.capture.warcfile import WarcWriter, repair
from archive.ingest.report import FAILED, SKIPPED, UNCHANGED, ImportReport, Outcome
from archive.ingest.warc import HTML_TYPES
from archive.models import CapturedURL

BATCH = 100
BATCH_SECONDS = 1.0
DONE = object()


@dataclass
class _Page:
    url: str
    etag: str = ""
    last_modified: str = ""


@dataclass
class _Fetched:
    page: _Page
    result: FetchResult | None = None
    refusal: tuple[str, str] | None = None  # (outcome kind, reason)


@dataclass
class CaptureRun:
    config: CaptureConfig
    publication: str | None = None
    progress: Callable[[Outcome], None] | None = None
    max_pages: int | None = None
    now: dt.datetime | None = None  # the schedule's clock (tests move it)
    report: ImportReport = field(default_factory=ImportReport)
    repaired: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.politeness = Politeness(self.config.delay, self.config.max_wait)
        self.writer = WarcWriter(self.config.warc_dir, max_bytes=self.config.warc_bytes)
        self.fetcher = Fetcher(self.config, self.politeness, recorder=self.writer)
        self.robots = Robots(self.fetcher, self.config.robots_agent)

    # -- public ----------------------------------------------------------------------------
    def run(self, urls: Iterable[str] = (), *, feeds: Iterable[str] = (),
            sitemaps: Iterable[str] = ()) -> ImportReport:
        self.repaired = repair(self.config.warc_dir)
        try:
            pages = [u.strip() for u in urls if u.strip()]
            for feed in feeds:
                pages.extend(self._feed(feed))
            for sitemap in sitemaps:
                pages.extend(self._sitemap(sitemap, depth=0, seen=set()))
            pages = list(dict.fromkeys(pages))
            if self.max_pages is not None:
                pages = pages[: max(0, self.max_pages)]
            self._capture(pages)
        finally:
            self.fetcher.close()
            self.writer.close()
        return self.report

    # -- outcomes --------------------------------------------------------------------------
    def _emit(self, outcome: Outcome) -> None:
        self.report.add(outcome)
        if self.progress is not None:
            self.progress(outcome)

    # -- discovery -------------------------------------------------------------------------
    def _fetch_document(self, url: str, what: str) -> bytes | None:
        refusal = self._refusal(url)
        if refusal:
            self._emit(Outcome(refusal[0], url, reason=refusal[1]))
            return None
        result = self.fetcher.get(url)
        final = result.final
        if result.error or final is None:
            self._emit(Outcome(FAILED, url, reason=result.error))
            return None
        if not 200 <= final.status < 300:
            self._emit(Outcome(FAILED, url, reason=_("%(what)s answered HTTP %(status)d")
                               % {"what": what, "status": final.status}))
            return None
        return final.body

    def _refusal(self, url: str) -> tuple[str, str] | None:
        """Refused addresses fail; what robots.txt forbids is skipped, never requested."""
        try:
            check_url(url, allow_private=self.config.allow_private)
        except RefusedAddress as exc:
            return FAILED, str(exc)
        reason = self.robots.refusal(url)
        return (SKIPPED, reason) if reason else None

    def _feed(self, url: str) -> list[str]:
        body = self._fetch_document(url, _("the feed"))
        if body is None:
            return []
        found = discover.feed_urls(body)
        if found is None:
            self._emit(Outcome(FAILED, url, reason=_("not an RSS or Atom feed")))
            return []
        return found

    def _sitemap(self, url: str, *, depth: int, seen: set[str]) -> list[str]:
        if url in seen or depth > discover.MAX_SITEMAP_DEPTH:
            return []
        seen.add(url)
        body = self._fetch_document(url, _("the sitemap"))
        if body is None:
            return []
        parsed = discover.parse_sitemap(body)
        if parsed is None:
            self._emit(Outcome(FAILED, url, reason=_("not a sitemap")))
            return []
        pages = []
        for child in parsed.sitemaps:
            pages.extend(self._sitemap(child.url, depth=depth + 1, seen=seen))
        last = dict(CapturedURL.objects.filter(url__in=[p.url for p in parsed.pages])
                    .values_list("url", "last_captured_at"))
        for page in parsed.pages:
            captured = last.get(page.url)
            if page.lastmod and captured and page.lastmod <= captured:
                self._emit(Outcome(UNCHANGED, page.url,
                                   reason=_("sitemap lastmod is older than the last capture")))
                continue
            pages.append(page.url)
        return pages

    # -- pages -----------------------------------------------------------------------------
    def _capture(self, urls: list[str]) -> None:
        if hasattr(self.progress, "begin"):
            self.progress.begin(len(urls))
        known = {c.url: c for c in CapturedURL.objects.filter(url__in=urls)}
        by_host: dict[str, list[_Page]] = {}
        for url in urls:
            row = known.get(url)
            page = _Page(url, row.etag if row else "", row.last_modified if row else "")
            by_host.setdefault((urlsplit(url).hostname or "").lower(), []).append(page)
        results: queue.Queue = queue.Queue()
        stop = threading.Event()

        def work(pages: list[_Page]) -> None:
            for page in pages:
                if stop.is_set():
                    break
                try:
                    refusal = self._refusal(page.url)
                    fetched = (_Fetched(page, refusal=refusal) if refusal else
                               _Fetched(page, self.fetcher.get(page.url, etag=page.etag,
                                                               last_modified=page.last_modified)))
                except Exception as exc:  # a bug must not lose the other pages
                    fetched = _Fetched(page, FetchResult(page.url, error=f"{type(exc).__name__}"
                                                                        f": {exc}"))
                results.put(fetched)

        pending: list[tuple[Record, _Fetched]] = []
        started = time.monotonic()
        done = 0
        with ThreadPoolExecutor(max_workers=max(1, min(self.config.max_hosts,
                                                        len(by_host) or 1))) as pool:
            futures = [pool.submit(work, pages) for pages in by_host.values()]
            remaining = len(urls)
            try:
                while remaining:
                    try:
                        fetched = results.get(timeout=BATCH_SECONDS)
                    except queue.Empty:
                        fetched = None
                    if fetched is not None:
                        remaining -= 1
                        record = self._judge(fetched)
                        if record is not None:
                            if not pending:
                                started = time.monotonic()
                            pending.append((record, fetched))
                    if pending and (len(pending) >= BATCH or not remaining
                                    or time.monotonic() - started > BATCH_SECONDS):
                        done += len(pending)
                        self._import(pending)
                        pending = []
                    if hasattr(self.progress, "advance"):
                        self.progress.advance(len(urls) - remaining)
                    if fetched is None and all(f.done() for f in futures) and results.empty():
                        break
            finally:
                stop.set()
        if pending:
            self._import(pending)

    def _judge(self, fetched: _Fetched) -> Record | None:
        """A record to import, or the outcome of a page that is not imported."""
        url = fetched.page.url
        if fetched.refusal:
            self._emit(Outcome(fetched.refusal[0], url, reason=fetched.refusal[1]))
            return None
        result = fetched.result
        final = result.final
        if result.error or final is None:
            self._emit(Outcome(FAILED, url, reason=result.error or _("no response")))
            return None
        if final.status == 304:
            self._remember(url, result)
            self._emit(Outcome(UNCHANGED, url, reason=_("not modified (HTTP 304)")))
            return None
        if not 200 <= final.status < 300:
            self._emit(Outcome(FAILED, url, reason=_("HTTP %(status)d %(reason)s")
                               % {"status": final.status, "reason": final.reason}))
            return None
        ctype = final.content_type
        if ctype and ctype not in HTML_TYPES:
            self._remember(url, result)
            self._emit(Outcome(SKIPPED, url, reason=_("not an HTML page (%(type)s)")
                               % {"type": ctype}))
            return None
        return Record(url, final.warc_path, final.warc_offset)

    def _import(self, pending: list[tuple[Record, _Fetched]]) -> None:
        outcomes = import_records([r for r, _ in pending], publication=self.publication)
        for outcome in outcomes:
            self._emit(outcome)
        self._remember_all([(record.url, fetched.result) for record, fetched in pending])

    def _remember(self, url: str, result: FetchResult) -> None:
        self._remember_all([(url, result)])

    def _remember_all(self, fetched: list[tuple[str, FetchResult]]) -> None:
        """Validators for the next conditional request, and the re-capture schedule (one
        transaction for a whole batch)."""
        now = self.now or timezone.now()
        steps = self.config.recapture
        rows = {r.url: r for r in CapturedURL.objects.filter(url__in=[u for u, _ in fetched])}
        new, changed = {}, []
        for url, result in fetched:
            final = result.final
            row = rows.get(url) or new.get(url)
            if row is None:
                row = new[url] = CapturedURL(url=url[:1000], first_captured_at=now,
                                             next_capture_at=now + steps[0] if steps else None)
            else:
                if row.next_capture_at and row.next_capture_at <= now:
                    row.recaptures += 1
                    row.next_capture_at = (row.first_captured_at + steps[row.recaptures]
                                           if row.recaptures < len(steps) else None)
                if row.pk:
                    changed.append(row)
            row.last_captured_at = now
            row.last_status = str(final.status)
            if final.status != 304:
                row.etag = final.header("etag")[:500]
                row.last_modified = final.header("last-modified")[:100]
        with transaction.atomic():
            if new:
                CapturedURL.objects.bulk_create(list(new.values()), batch_size=500)
            if changed:
                CapturedURL.objects.bulk_update(
                    changed, ["last_captured_at", "recaptures", "next_capture_at", "etag",
                              "last_modified", "last_status"], batch_size=500)

def capture(urls: Iterable[str] = (), *, feeds: Iterable[str] = (),
            sitemaps: Iterable[str] = (), publication: str | None = None,
            progress: Callable[[Outcome], None] | None = None, max_pages: int | None = None,
            config: CaptureConfig | None = None) -> ImportReport:
    """Capture pages, feeds and sitemaps; never raises for bad input or bad responses."""
    run = CaptureRun(config or CaptureConfig.from_settings(), publication=publication,
                     progress=progress, max_pages=max_pages)
    return run.run(urls, feeds=feeds, sitemaps=sitemaps)
