"""The HTTP client (httpx): redirects followed by hand (each hop checked against SSRF and
recorded), retries with backoff on timeouts, 429 and 5xx (Retry-After honoured), the size cap
on decoded bytes, conditional requests. Every exchange goes to the WARC writer as received."""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from django.utils.translation import gettext as _

from archive.capture.addresses import GuardedBackend, RefusedAddress, check_url
from archive.capture.config import CaptureConfig
from archive.capture.decode import BodyDecoder, TooLarge, UnsupportedEncoding
from archive.capture.politeness import Politeness

REDIRECTS = (301, 302, 303, 307, 308)
RETRY_STATUSES = {429, 500, 502, 503, 504}
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass
class Exchange:
    """One HTTP request and its response, the body exactly as received (content-encoded)."""

    url: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    raw: bytes
    body: bytes
    retrieved_at: dt.datetime
    warc_path: str = ""
    warc_offset: int | None = None

    def header(self, name: str) -> str:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return ""

    @property
    def content_type(self) -> str:
        return self.header("content-type").split(";")[0].strip().lower()


@dataclass
class FetchResult:
    url: str
    exchanges: list[Exchange] = field(default_factory=list)
    error: str = ""
    refused: bool = False

    @property
    def final(self) -> Exchange | None:
        return self.exchanges[-1] if self.exchanges else None

    @property
    def final_url(self) -> str:
        return self.final.url if self.final else self.url

    @property
    def redirects(self) -> list[str]:
        return [e.url for e in self.exchanges if e.status in REDIRECTS]


class FetchError(Exception):
    def __init__(self, message: str, exchange: Exchange | None = None) -> None:
        super().__init__(message)
        self.exchange = exchange


def retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class Fetcher:
    """Thread-safe; one per capture run. `recorder` (a WarcWriter) receives every exchange."""

    def __init__(self, config: CaptureConfig, politeness: Politeness, recorder=None) -> None:
        self.config = config
        self.politeness = politeness
        self.recorder = recorder
        transport = httpx.HTTPTransport(retries=0)
        # Connections go through the guard (checked at connect time, see addresses.py).
        transport._pool._network_backend = GuardedBackend(allow_private=config.allow_private)
        self.client = httpx.Client(
            transport=transport, follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(config.timeout),
            headers={"User-Agent": config.user_agent, "Accept": ACCEPT,
                     "Accept-Encoding": "gzip, deflate, br"},
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
        result = FetchResult(url)
        current = url
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        for _hop in range(self.config.max_redirects + 1):
            try:
                check_url(current, allow_private=self.config.allow_private)
                exchange = self._with_retries(current, conditional, result)
            except RefusedAddress as exc:
                result.error, result.refused = str(exc), True
                return result
            except FetchError as exc:
                result.error = str(exc)
                return result
            location = exchange.header("location")
            if exchange.status in REDIRECTS and location:
                current = urljoin(current, location)
                conditional = {}
                continue
            return result
        result.error = _("more than %(n)d redirects") % {"n": self.config.max_redirects}
        return result

    def _with_retries(self, url: str, extra: dict, result: FetchResult) -> Exchange:
        host = urlsplit(url).hostname or ""
        attempts = max(0, self.config.retries) + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                with self.politeness.turn(host):
                    exchange = self._once(url, extra)
            except httpx.TimeoutException as exc:
                if last:
                    raise FetchError(_("timed out after %(n)d attempts (%(error)s)")
                                     % {"n": attempts, "error": type(exc).__name__}) from exc
                time.sleep(self.config.backoff * 2 ** attempt)
                continue
            except httpx.HTTPError as exc:
                raise FetchError(_("could not fetch (%(error)s)")
                                 % {"error": f"{type(exc).__name__}: {exc}"}) from exc
            self._record(exchange)
            result.exchanges.append(exchange)
            if exchange.status in RETRY_STATUSES and not last:
                wait = retry_after(exchange.header("retry-after"))
                if wait is None:
                    wait = self.config.backoff * 2 ** attempt
                self.politeness.hold(host, wait)
                continue
            return exchange
        raise AssertionError("unreachable")

    def _once(self, url: str, extra: dict) -> Exchange:
        started = dt.datetime.now(dt.UTC)
        deadline = time.monotonic() + self.config.timeout * 3
        request = self.client.build_request("GET", url, headers=extra)
        response = self.client.send(request, stream=True)
        try:
            limit = self.config.max_bytes
            raw = bytearray()
            try:
                decoder = BodyDecoder(response.headers.get("content-encoding", ""), limit)
            except UnsupportedEncoding as exc:
                raise FetchError(_("unsupported Content-Encoding %(coding)s")
                                 % {"coding": exc}) from exc
            try:
                for chunk in response.iter_raw():
                    raw += chunk
                    if len(raw) > limit:
                        raise TooLarge
                    decoder.feed(chunk)
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("the whole response took too long")
            except TooLarge as exc:
                raise FetchError(_("larger than the size cap of %(mb).1f MB once decoded "
                                   "(ARCHIVE_CAPTURE_MAX_BYTES)")
                                 % {"mb": limit / 1024 / 1024}) from exc
            except Exception as exc:
                if isinstance(exc, httpx.HTTPError | FetchError):
                    raise
                raise FetchError(_("could not decode the response (%(error)s)")
                                 % {"error": f"{type(exc).__name__}: {exc}"}) from exc
        finally:
            response.close()
        return Exchange(
            url=url,
            request_headers=list(request.headers.multi_items()),
            status=response.status_code,
            reason=response.reason_phrase,
            http_version=response.http_version,
            headers=list(response.headers.multi_items()),
            raw=bytes(raw),
            body=decoder.body,
            retrieved_at=started,
        )

    def _record(self, exchange: Exchange) -> None:
        if self.recorder is not None:
            exchange.warc_path, exchange.warc_offset = self.recorder.write(exchange)
