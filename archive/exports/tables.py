"""CSV rows of a search: one article a row, with its mentioned figures and parties. The
Excel-friendly dialect starts with a UTF-8 byte-order mark and separates with ';' (what
Excel expects in French and most European locales, where ',' is the decimal mark)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from archive.exports.records import Record

COLUMNS = ["id", "title", "published_on", "date_estimated", "language", "publication",
           "authors", "canonical_url", "archive_url", "word_count", "figures", "figure_slugs",
           "parties", "party_slugs", "licence", "origin"]
BOM = "\ufeff"


class Echo:
    """A file-like object whose write returns the line: csv.writer then yields strings."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value) -> str:
    """Keep spreadsheets from running a cell as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text):
        return "'" + text
    return text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def row(record: Record, base_url: str) -> list:
    article = record.article
    return [
        article.pk,
        article.title,
        article.published_on.isoformat() if article.published_on else "",
        "yes" if article.date_estimated else "no",
        article.language,
        article.publication.name if article.publication else "",
        "; ".join(a.name for a in record.authors),
        article.canonical_url or "",
        base_url + article.get_absolute_url(),
        article.word_count,
        "; ".join(m.figure.name for m in record.figures),
        " ".join(m.figure.slug for m in record.figures),
        "; ".join(m.party.name for m in record.parties),
        " ".join(m.party.slug for m in record.parties),
        record.rights.licence if record.rights else "",
        record.rights.origin if record.rights else "",
    ]


def csv_lines(records: Iterable[Record], base_url: str, *, excel: bool = False) -> Iterator[str]:
    writer = csv.writer(Echo(), delimiter=";" if excel else ",")
    header = writer.writerow(COLUMNS)
    yield BOM + header if excel else header
    for record in records:
        yield writer.writerow([safe_cell(v) for v in row(record, base_url)])
