"""The capture settings (ARCHIVE_CAPTURE_*), read once per capture run."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings

from archive.capture.addresses import parse_policy

ARCHIVE_NAME = "political-archive"
DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def archive_version() -> str:
    try:
        return version(ARCHIVE_NAME)
    except PackageNotFoundError:
        return "dev"


def default_user_agent(contact: str) -> str:
    contact = contact.strip() or "no contact configured"
    return f"{ARCHIVE_NAME}/{archive_version()} (web archive of political articles; {contact})"


def parse_steps(text: str) -> list[dt.timedelta]:
    """'1h,1d,7d,30d' -> the delays after the first capture at which a page is captured
    again. Raises ValueError naming the bad part."""
    steps = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = DURATION.match(part)
        if not match:
            raise ValueError(f"re-capture step {part!r} is not like 30m, 1h, 1d or 1w")
        steps.append(dt.timedelta(seconds=int(match[1]) * UNITS[match[2]]))
    return steps


@dataclass
class CaptureConfig:
    user_agent: str
    delay: float = 2.0
    timeout: float = 20.0
    max_bytes: int = 16 * 1024 * 1024
    allow_private: bool | tuple = False  # see addresses.parse_policy
    retries: int = 3
    max_redirects: int = 10
    backoff: float = 1.0
    max_wait: float = 120.0  # the longest Retry-After or Crawl-delay honoured
    max_hosts: int = 8  # hosts fetched in parallel
    warc_dir: Path = field(default_factory=lambda: Path("var/warcs"))
    warc_bytes: int = 1000 * 1024 * 1024
    recapture: list[dt.timedelta] = field(default_factory=list)

    @classmethod
    def from_settings(cls, **overrides) -> CaptureConfig:
        contact = settings.ARCHIVE_CAPTURE_CONTACT
        config = cls(
            user_agent=settings.ARCHIVE_CAPTURE_USER_AGENT or default_user_agent(contact),
            delay=settings.ARCHIVE_CAPTURE_DELAY,
            timeout=settings.ARCHIVE_CAPTURE_TIMEOUT,
            max_bytes=settings.ARCHIVE_CAPTURE_MAX_BYTES,
            allow_private=parse_policy(settings.ARCHIVE_CAPTURE_ALLOW_PRIVATE),
            retries=settings.ARCHIVE_CAPTURE_RETRIES,
            warc_dir=Path(settings.ARCHIVE_CAPTURE_WARC_DIR),
            warc_bytes=settings.ARCHIVE_CAPTURE_WARC_MB * 1024 * 1024,
            recapture=parse_steps(settings.ARCHIVE_CAPTURE_RECAPTURE),
        )
        for key, value in overrides.items():
            if value is not None:
                setattr(config, key, value)
        return config

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt rules are matched against."""
        return ARCHIVE_NAME
