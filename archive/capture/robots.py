"""robots.txt: fetched once per host (through the same client, so it is in the WARC too),
parsed with protego, obeyed for the archive's user agent; Crawl-delay is honoured.

As RFC 9309 says: a robots.txt that is missing (4xx) allows everything; one that cannot be
fetched (5xx after retries, network errors) disallows everything for this run."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from protego import Protego

MAX_ROBOTS_BYTES = 512 * 1024


class Robots:
    def __init__(self, fetcher, agent: str) -> None:
        self.fetcher = fetcher
        self.agent = agent
        self._rules: dict[str, Protego | str | None] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _for(self, url: str) -> Protego | str | None:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._rules:
                self._rules[key] = self._fetch(key, parts.hostname or "")
            return self._rules[key]

    def _fetch(self, origin: str, host: str) -> Protego | str | None:
        result = self.fetcher.get(f"{origin}/robots.txt")
        final = result.final
        if result.error or final is None:
            return _("robots.txt could not be fetched (%(error)s)") % {"error": result.error}
        if final.status >= 500:
            return _("robots.txt answered HTTP %(status)d") % {"status": final.status}
        if final.status >= 400:
            return None
        if final.status >= 300:
            return None  # a redirect loop or a redirect without location: no rules
        rules = Protego.parse(final.body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace"))
        delay = rules.crawl_delay(self.agent)
        if delay:
            self.fetcher.politeness.set_crawl_delay(host, float(delay))
        return rules

    def refusal(self, url: str) -> str | None:
        """Why the URL must not be fetched, or None when it may be."""
        rules = self._for(url)
        if rules is None:
            return None
        if isinstance(rules, str):
            return rules
        if not rules.can_fetch(url, self.agent):
            return _("disallowed by robots.txt")
        return None
