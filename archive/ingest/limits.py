"""Caps that keep a hostile or broken input from exhausting memory: a few megabytes of
compressed WARC or JSON lines can expand to gigabytes, and a huge page makes an article
nobody can read. Readers stream up to a cap and refuse what is over it, saying why; the rest
of the file is still imported.

- ``record_bytes()``: the most bytes, once decompressed, of one WARC record's payload, one
  JSON line, one HTML page or text dump (settings.ARCHIVE_INGEST_MAX_RECORD_BYTES, 8 MiB).
- ``article_chars()``: the longest article body kept, in characters
  (settings.ARCHIVE_INGEST_MAX_ARTICLE_CHARS, 1,000,000: some 150,000 words, beyond any
  real article and well within what a reader's page can show).
"""

from __future__ import annotations

from typing import BinaryIO

from django.conf import settings

MAX_RECORD_BYTES = 8 * 1024 * 1024
MAX_ARTICLE_CHARS = 1_000_000
CHUNK = 1024 * 1024


def record_bytes() -> int:
    return int(getattr(settings, "ARCHIVE_INGEST_MAX_RECORD_BYTES", MAX_RECORD_BYTES))


def article_chars() -> int:
    return int(getattr(settings, "ARCHIVE_INGEST_MAX_ARTICLE_CHARS", MAX_ARTICLE_CHARS))


def size_label(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n:,} bytes"


class TooLarge(ValueError):
    """An input over one of the caps; the message is the reason shown in the report."""


def too_large(what: str, limit: int | None = None) -> TooLarge:
    limit = record_bytes() if limit is None else limit
    return TooLarge(f"{what} is larger than {size_label(limit)} once decompressed (the cap "
                    f"for one record); refused")


def read_capped(stream: BinaryIO, what: str, limit: int | None = None) -> bytes:
    """Everything ``stream`` holds, or TooLarge as soon as it passes ``limit`` (reading at
    most ``limit + 1`` bytes, so a decompression bomb stays a few megabytes)."""
    limit = record_bytes() if limit is None else limit
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(what, limit)
    return data


def read_line_capped(stream: BinaryIO, limit: int | None = None) -> tuple[bytes, bool]:
    """One line of ``stream`` (with its newline) and whether it was whole. A line longer
    than ``limit`` is skipped to its end in chunks and returned as ``(b"", False)``."""
    limit = record_bytes() if limit is None else limit
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, True
    while True:  # drop the rest of the line without holding it
        rest = stream.readline(CHUNK)
        if not rest or rest.endswith(b"\n"):
            return b"", False


def article_too_long(body: str) -> str | None:
    """The reason an extracted article is refused, or None when it is within the cap."""
    limit = article_chars()
    if len(body) > limit:
        return (f"the article is {len(body):,} characters long, over the cap of {limit:,}; "
                f"refused")
    return None
