"""WARC (and ARC) files from web crawlers: each HTML response record is one capture.

Requests, metadata, revisits and non-HTML responses are skipped (counted, not failed). A
truncated or broken record is reported with its offset; records before it are kept, and since
nothing after a broken record can be trusted to be framed correctly, reading stops there.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.ingest import html as html_reader
from archive.ingest.limits import TooLarge, read_capped
from archive.ingest.parsed import ParsedArticle, ParseFailure, Skipped
from archive.ingest.sources import Source

HTML_TYPES = ("text/html", "application/xhtml+xml")
BROKEN = (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError)


def _warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _content_type(record) -> str:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    return (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()


def _trailing_garbage(source: Source, end: int) -> bool:
    """Whether bytes other than padding follow the last record read (a truncated gzip member
    makes warcio stop silently)."""
    with source.open_raw() as fh:
        fh.seek(end)
        return bool(fh.read(4096).strip(b"\r\n\x00 "))


def read_warc(source: Source) -> Iterator[ParsedArticle | ParseFailure | Skipped]:
    try:
        stream = source.open_raw()
    except OSError as exc:
        yield ParseFailure(source.label, str(exc))
        return
    end = 0
    with stream:
        records = ArchiveIterator(stream, arc2warc=True)
        iterator = iter(records)
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                break
            except BROKEN as exc:
                yield ParseFailure(f"{source.label}@{end}", f"broken or truncated WARC record at "
                                   f"offset {end} ({type(exc).__name__}: {exc})")
                return
            data = b""
            wanted = record.rec_type in ("response", "resource")
            try:
                if wanted:
                    data = read_capped(record.content_stream(), "the record's payload")
                truncated = wanted and getattr(record.raw_stream, "limit", 0) > 0
                offset = records.get_record_offset()
                end = offset + records.get_record_length()
            except TooLarge as exc:
                offset = records.get_record_offset()
                try:
                    records.read_to_end(record)  # skips the rest, chunk by chunk
                    end = offset + records.get_record_length()
                except BROKEN:
                    pass
                yield ParseFailure(f"{source.label}@{offset}", f"WARC record at offset {offset}: "
                                   f"{exc}")
                continue
            except BROKEN as exc:
                yield ParseFailure(f"{source.label}@{end}", f"truncated WARC record at offset "
                                   f"{end} ({type(exc).__name__}: {exc})")
                return
            label = f"{source.label}@{offset}"
            if not record.rec_type:
                yield ParseFailure(label, f"malformed WARC record at offset {offset} "
                                          "(no WARC-Type)")
                return
            if truncated:
                yield ParseFailure(label, f"truncated WARC record at offset {offset}")
                return
            if not wanted:
                yield Skipped(label, f"{record.rec_type} record")
                continue
            yield from _response(record, data, label=label, offset=offset, source=source)
    try:
        if _trailing_garbage(source, end):
            yield ParseFailure(f"{source.label}@{end}",
                               f"truncated WARC record at offset {end}")
    except OSError:
        pass


def read_warc_record(path: str, offset: int) -> ParsedArticle | ParseFailure | Skipped:
    """The one record at ``offset`` of a WARC file, read exactly as `read_warc` reads it
    (the capture imports each response it has just written this way)."""
    from pathlib import Path

    source = Source(label=str(path), path=Path(path))
    label = f"{source.label}@{offset}"
    try:
        with source.open_raw() as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh, arc2warc=True)))
            data = record.content_stream().read() if record.rec_type == "response" else b""
            if record.rec_type != "response":
                return Skipped(label, f"{record.rec_type} record")
            return next(_response(record, data, label=label, offset=offset, source=source))
    except (StopIteration, *BROKEN) as exc:
        return ParseFailure(label, f"unreadable WARC record at offset {offset} "
                                   f"({type(exc).__name__}: {exc})")


def _declared_charset(record) -> str | None:
    """The charset of the HTTP Content-Type header, when Python knows it."""
    import codecs

    headers = record.http_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    for part in (value or "").split(";")[1:]:
        key, _, charset = part.partition("=")
        if key.strip().lower() == "charset":
            try:
                return codecs.lookup(charset.strip().strip('"')).name
            except LookupError:
                return None
    return None


def _response(record, data: bytes, *, label: str, offset: int, source: Source
              ) -> Iterator[ParsedArticle | ParseFailure | Skipped]:
    ctype = _content_type(record)
    if ctype and ctype not in HTML_TYPES:
        yield Skipped(label, f"not an HTML page ({ctype})")
        return
    status = record.http_headers.get_statuscode() if record.http_headers else "200"
    if status and not str(status).startswith("2"):
        yield Skipped(label, f"HTTP status {status}")
        return
    url = record.rec_headers.get_header("WARC-Target-URI")
    charset = _declared_charset(record)  # the header wins over <meta> (HTML standard)
    try:
        page = html_reader.extract_page(data.decode(charset, errors="replace") if charset
                                        else data, url)
    except ValueError as exc:
        yield ParseFailure(label, str(exc))
        return
    except Exception as exc:  # the extractor's own bugs must not stop the file
        yield ParseFailure(label, f"could not extract the page ({type(exc).__name__}: {exc})")
        return
    yield html_reader.page_to_parsed(
        page, data=data, label=label, source_file=source.provenance, source_url=url,
        retrieved_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        record_offset=offset,
    )
