"""WARC files under var/warcs/: gzipped (one gzip member per record), each opening with a
warcinfo record naming the archive and its version, rotated by size and by (UTC) day.

Each process writes its own file, locked while open, with a hidden ``.NAME.open`` marker
beside it that is removed when the file is closed. A writer killed with -9 leaves its marker:
`repair` (run before every capture) finds it, cuts a partial last record off, and closes the
file, so that every file stays readable by warcio.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import logging
import os
import threading
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.capture.config import ARCHIVE_NAME, archive_version

log = logging.getLogger(__name__)
DROPPED_HEADERS = {"transfer-encoding"}  # the body is stored de-chunked


def _marker(path: Path) -> Path:
    return path.with_name(f".{path.name}.open")


def _statusline(exchange) -> str:
    return f"{exchange.status} {exchange.reason or ''}".strip()


def _protocol(exchange) -> str:
    return exchange.http_version if exchange.http_version.startswith("HTTP/") else "HTTP/1.1"


class WarcWriter:
    """Thread-safe. `write(exchange)` returns the file and offset of its response record."""

    def __init__(self, directory: Path, *, max_bytes: int = 1000 * 1024 * 1024) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._fh = None
        self._writer: WARCWriter | None = None
        self._path: Path | None = None
        self._day: dt.date | None = None
        self._seq = 0

    @property
    def path(self) -> Path | None:
        return self._path

    def _open(self) -> None:
        now = dt.datetime.now(dt.UTC)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._seq += 1
        name = f"capture-{now:%Y%m%d%H%M%S}-{os.getpid()}-{self._seq:04d}.warc.gz"
        path = self.directory / name
        _marker(path).write_text(str(os.getpid()))
        fh = open(path, "ab")  # noqa: SIM115 (kept open until rotation)
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._fh, self._path, self._day = fh, path, now.date()
        self._writer = WARCWriter(fh, gzip=True)
        info = self._writer.create_warcinfo_record(name, {
            "software": f"{ARCHIVE_NAME}/{archive_version()}",
            "format": "WARC File Format 1.1",
            "description": "Captured by the political-article archive",
        })
        self._writer.write_record(info)
        fh.flush()

    def _rotate_if_needed(self) -> None:
        if self._fh is None:
            self._open()
            return
        today = dt.datetime.now(dt.UTC).date()
        if self._fh.tell() >= self.max_bytes or today != self._day:
            self._close()
            self._open()

    def write(self, exchange) -> tuple[str, int]:
        with self._lock:
            self._rotate_if_needed()
            writer = self._writer
            date = exchange.retrieved_at.strftime("%Y-%m-%dT%H:%M:%SZ")
            headers = [(k, v) for k, v in exchange.headers if k.lower() not in DROPPED_HEADERS]
            response = writer.create_warc_record(
                exchange.url, "response", payload=io.BytesIO(exchange.raw),
                http_headers=StatusAndHeaders(_statusline(exchange), headers,
                                              protocol=_protocol(exchange)),
                warc_headers_dict={"WARC-Date": date},
            )
            parts = exchange.url.split("/", 3)
            target = "/" + (parts[3] if len(parts) > 3 else "")
            request = writer.create_warc_record(
                exchange.url, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET {target} {_protocol(exchange)}",
                                              exchange.request_headers, is_http_request=True),
                warc_headers_dict={
                    "WARC-Date": date,
                    "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
                },
            )
            offset = self._fh.tell()
            writer.write_record(response)
            writer.write_record(request)
            self._fh.flush()
            return str(self._path.resolve()), offset

    def _close(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            _marker(self._path).unlink(missing_ok=True)
            self._fh = self._writer = None

    def close(self) -> None:
        with self._lock:
            self._close()


def readable_end(path: Path) -> int:
    """The offset just after the last whole record warcio can read."""
    good = 0
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0) > 0:
                    break
                good = records.get_record_offset() + records.get_record_length()
        except Exception:  # noqa: BLE001 (whatever warcio trips on, the rest is cut)
            pass
    return good


def repair(directory: Path) -> list[str]:
    """Close the files of writers that died: cut a partial last record off. Files still
    locked by a live writer are left alone. Returns what was done, one line per file."""
    done = []
    directory = Path(directory)
    if not directory.is_dir():
        return done
    for marker in sorted(directory.rglob(".*.warc.gz.open")):
        path = marker.with_name(marker.name[1:-len(".open")])
        if not path.exists():
            marker.unlink(missing_ok=True)
            continue
        with open(path, "r+b") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live writer holds it
            size = os.fstat(fh.fileno()).st_size
            end = readable_end(path)
            if end < size:
                fh.truncate(end)
                done.append(f"{path.name}: cut a partial record ({size - end} bytes at "
                            f"offset {end})")
            else:
                done.append(f"{path.name}: closed")
        marker.unlink(missing_ok=True)
        if end == 0:
            path.unlink()  # not even its warcinfo record was whole
    for line in done:
        log.warning("WARC repair: %s", line)
    return done
