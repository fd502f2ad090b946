"""Replay: a capture's response read back from its WARC record, exactly as received."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.models import Capture

MAX_REPLAY_BYTES = 64 * 1024 * 1024


@dataclass
class ArchivedResponse:
    url: str
    date: str
    status: str
    content_type: str
    body: bytes


def replayable(capture: Capture) -> bool:
    return capture.record_offset is not None and capture.source_file.endswith(
        (".warc", ".warc.gz", ".arc", ".arc.gz"))


def archived_response(capture: Capture) -> ArchivedResponse | None:
    """The response record the capture was read from, or None when the file is gone or the
    record is not a response."""
    if not replayable(capture):
        return None
    path = Path(capture.source_file)
    try:
        with open(path, "rb") as fh:
            fh.seek(capture.record_offset)
            record = next(iter(ArchiveIterator(fh, arc2warc=True)), None)
            if record is None or record.rec_type not in ("response", "resource"):
                return None
            body = record.content_stream().read(MAX_REPLAY_BYTES)
            headers = record.http_headers
            return ArchivedResponse(
                url=record.rec_headers.get_header("WARC-Target-URI") or "",
                date=record.rec_headers.get_header("WARC-Date") or "",
                status=headers.get_statuscode() if headers else "200",
                content_type=(headers.get_header("Content-Type") if headers else None)
                or "text/html",
                body=body,
            )
    except (OSError, ValueError, EOFError, Exception):  # an unreadable file is "gone"
        return None
