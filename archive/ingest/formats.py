"""Which reader a source needs: by file name, else by looking at its first bytes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archive.ingest.limits import article_too_long
from archive.ingest.parsed import ParsedArticle, ParseFailure, Skipped
from archive.ingest.sources import Source

FORMATS = ("auto", "text", "html", "warc", "jsonl")
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".warc": "warc", ".arc": "warc",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".json": "jsonl",
}


def detect_format(source: Source) -> str:
    name = source.name
    for ext, fmt in EXTENSIONS.items():
        if name.endswith(ext):
            return fmt
    head = source.head()
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        return "jsonl"
    if re.search(r"<(?:!doctype html|html|head|body|article|p)\b", text[:2048], re.I):
        return "html"
    return "text"


def read_source(source: Source, fmt: str = "auto", *, url: str | None = None
                ) -> Iterator[ParsedArticle | ParseFailure | Skipped]:
    """Every article in a source (one for a page or a dump, many for WARC and JSON lines)."""
    from archive.ingest import html, jsonl, text, warc

    if fmt == "auto":
        fmt = detect_format(source)
    readers = {"text": text.read_text, "html": html.read_html, "warc": warc.read_warc,
               "jsonl": jsonl.read_jsonl}
    reader = readers.get(fmt)
    if reader is None:
        yield ParseFailure(source.label, f"unknown format {fmt!r}")
        return
    items = reader(source, url=url) if fmt in {"text", "html"} else reader(source)
    for item in items:
        if isinstance(item, ParsedArticle) and (reason := article_too_long(item.body)):
            yield ParseFailure(item.label, reason)
        else:
            yield item
