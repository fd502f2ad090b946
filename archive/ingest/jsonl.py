"""JSON lines: one article per line, as archivists' scrapers write them.

Keys (first found wins): url | canonical_url | link; title | headline; authors | author |
byline (a list or "A; B"); date | published | published_on | datePublished (ISO or written),
date_estimated; body | text | articleBody | content (plain text, one paragraph per line) or
html | raw_html (a fragment or a whole page); language | lang; publication | site | publisher
(slug or name); summary | description; retrieved_at; source_url; license | licence | rights
(the reuse terms); source | origin (the data set the record comes from).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from archive.ingest import html as html_reader
from archive.ingest.authors import split_authors
from archive.ingest.dates import read_date
from archive.ingest.language import guess_language
from archive.ingest.limits import read_line_capped, record_bytes, size_label
from archive.ingest.parsed import ParsedArticle, ParseFailure, payload_hash
from archive.ingest.sanitize import clean_line, html_fragment_to_text, looks_like_markup, plain_text
from archive.ingest.sources import Source
from archive.ingest.urls import canonical_url, host_of

EXTRACTOR = "jsonl"
EXTRACTOR_VERSION = "1"


def _first(record: dict, *keys: str):
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _text(value, what: str) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"{what} must be a string, not {type(value).__name__}")


def _datetime(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"retrieved_at {value!r} is not an ISO date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def record_to_article(record: dict, *, label: str, source_file: str, offset: int,
                      raw: bytes) -> ParsedArticle:
    """One JSON object as a ParsedArticle. Raises ValueError saying what is wrong."""
    url = _first(record, "url", "canonical_url", "link")
    if url is not None and canonical_url(_text(url, "url")) is None:
        raise ValueError(f"url {url!r} is not an http(s) URL")
    canonical = canonical_url(url)
    page = None
    body_value = _first(record, "body", "text", "articleBody", "content")
    html_value = _first(record, "html", "raw_html")
    if body_value is not None:
        body_text = _text(body_value, "body")
        body = html_fragment_to_text(body_text) if looks_like_markup(body_text) else plain_text(
            body_text)
        extractor = EXTRACTOR
    elif html_value is not None:
        markup = _text(html_value, "html")
        if "<body" in markup.lower() or "<html" in markup.lower():
            page = html_reader.extract_page(markup, url)
            body = page.body
            extractor = html_reader.EXTRACTOR
        else:
            body = html_fragment_to_text(markup)
            extractor = EXTRACTOR
    else:
        raise ValueError("no body, text or html")
    if not body:
        raise ValueError("the body is empty")
    title = clean_line(_text(_first(record, "title", "headline") or "", "title"))
    title = title or (page.title if page else "")
    if not title:
        raise ValueError("no title")
    language = _first(record, "language", "lang")
    raw_date = _first(record, "date", "published", "published_on", "datePublished")
    reading = read_date(raw_date, str(language) if language else guess_language(body))
    published_on = reading.date
    warnings = [reading.warning] if reading.warning else []
    estimated = bool(record.get("date_estimated", False)) or reading.estimated
    if published_on is None and page is not None:
        published_on, estimated = page.published_on, page.date_estimated
    authors = split_authors(_first(record, "authors", "author", "byline"))
    if not authors and page is not None:
        authors = page.authors
    publication = _first(record, "publication", "site", "publisher")
    if isinstance(publication, dict):
        publication = publication.get("slug") or publication.get("name")
    summary = clean_line(str(_first(record, "summary", "description") or ""))
    return ParsedArticle(
        title=title,
        body=body,
        summary=summary or (page.summary if page else ""),
        authors=authors,
        published_on=published_on,
        date_estimated=estimated,
        language=str(language) if language else (page.language if page else None),
        canonical_url=canonical or (page.canonical_url if page else None),
        label=label,
        payload_hash=payload_hash(raw),
        extractor=extractor,
        extractor_version=(html_reader.EXTRACTOR_VERSION if page else EXTRACTOR_VERSION),
        source_url=str(_first(record, "source_url") or url or ""),
        retrieved_at=_datetime(_first(record, "retrieved_at", "fetched_at")),
        source_file=source_file,
        record_offset=offset,
        publication_name=clean_line(str(publication)) if publication else (
            page.site_name if page else None),
        publication_host=host_of(canonical) or (page.host if page else None),
        warnings=warnings,
        licence=clean_line(str(_first(record, "license", "licence", "rights") or "")),
        origin=clean_line(str(_first(record, "source", "origin") or "")),
    )


def read_jsonl(source: Source) -> Iterator[ParsedArticle | ParseFailure]:
    """Each line in turn; a bad line is a ParseFailure naming its line number."""
    try:
        stream = source.open()
    except OSError as exc:
        yield ParseFailure(source.label, str(exc))
        return
    offset = 0
    lineno = 0
    with stream:
        while True:
            label = f"{source.label}:{lineno + 1}"
            try:
                raw, whole = read_line_capped(stream)
            except (OSError, EOFError) as exc:
                yield ParseFailure(label, f"could not read further ({exc})")
                return
            if not whole:
                lineno += 1
                yield ParseFailure(label, f"line {lineno} is longer than "
                                          f"{size_label(record_bytes())} once decompressed "
                                          "(the cap for one record); refused")
                offset = stream.tell() if stream.seekable() else offset
                continue
            if not raw:
                return
            lineno += 1
            start, offset = offset, offset + len(raw)
            line = raw.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except (ValueError, UnicodeDecodeError) as exc:
                yield ParseFailure(label, f"line {lineno}: invalid JSON ({exc})")
                continue
            if not isinstance(record, dict):
                yield ParseFailure(label, f"line {lineno}: expected a JSON object, "
                                          f"found {type(record).__name__}")
                continue
            try:
                yield record_to_article(record, label=label, source_file=source.provenance,
                                        offset=start, raw=line)
            except ValueError as exc:
                yield ParseFailure(label, f"line {lineno}: {exc}")
            except Exception as exc:  # an extractor bug must not stop the file
                yield ParseFailure(label, f"line {lineno}: {type(exc).__name__}: {exc}")
