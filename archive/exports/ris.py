"""RIS (Zotero, EndNote, Mendeley), written by rispy: one NEWS record an article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import rispy

from archive.exports.records import Record


class RecordWriter(rispy.RisWriter):
    """rispy's RIS writer without its "1." counter line before each record (records are
    written one at a time while streaming; readers do not need the counter)."""

    def set_header(self, count: int) -> str:
        return ""


def ris_entry(record: Record, base_url: str) -> dict:
    a = record.article
    archive_url = base_url + a.get_absolute_url()
    entry: dict = {"type_of_reference": "NEWS", "title": a.title,
                   "authors": [author.name for author in record.authors]}
    if a.publication:
        entry["secondary_title"] = a.publication.name
    if a.published_on:
        d = a.published_on
        entry["year"] = str(d.year)
        entry["date"] = f"{d.year}/{d.month:02d}/{'' if a.date_estimated else f'{d.day:02d}'}"
    entry["urls"] = [u for u in (a.canonical_url, archive_url) if u]
    entry["language"] = a.language
    keywords = [m.figure.name for m in record.figures] + [m.party.name for m in record.parties]
    if keywords:
        entry["keywords"] = keywords
    if a.summary:
        entry["abstract"] = a.summary
    entry["notes"] = [f"Archived at {archive_url}"
                      + ("; date estimated" if a.date_estimated else "")]
    entry["id"] = str(a.pk)
    return entry


def ris_lines(records: Iterable[Record], base_url: str) -> Iterator[str]:
    for record in records:
        yield rispy.dumps([ris_entry(record, base_url)], implementation=RecordWriter)
