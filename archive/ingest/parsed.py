"""What every reader yields: one article as read from one capture, or why it could not be."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


def payload_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class ParsedArticle:
    """An article read from one file or record, with the provenance of that capture."""

    title: str
    body: str
    label: str
    payload_hash: str
    extractor: str
    extractor_version: str = ""
    summary: str = ""
    authors: list[str] = field(default_factory=list)
    published_on: dt.date | None = None
    date_estimated: bool = False
    language: str | None = None
    canonical_url: str | None = None
    source_url: str = ""
    retrieved_at: dt.datetime | None = None
    source_file: str = ""
    record_offset: int | None = None
    publication_slug: str | None = None
    publication_name: str | None = None
    publication_host: str | None = None
    warnings: list[str] = field(default_factory=list)  # kept, but something was dropped
    licence: str = ""
    origin: str = ""


@dataclass
class ParseFailure:
    """A file or record that could not be read; `label` says where (file, line, offset)."""

    label: str
    reason: str


@dataclass
class Skipped:
    """A record that is not an article (a WARC request, an image): counted, not failed."""

    label: str
    reason: str
