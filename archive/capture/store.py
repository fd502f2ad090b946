"""The one way a captured page enters the archive: the response record just written to a
WARC file is read back by the WARC reader and handed to the ingest pipeline (import, mention
detection and index queue in one transaction per batch), exactly as `import_articles` does
with a WARC file (so `import_articles var/warcs/` rebuilds the same articles).
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.capture.changes import record_changes
from archive.ingest.parsed import ParsedArticle, Skipped
from archive.ingest.pipeline import ingest
from archive.ingest.report import FAILED, SKIPPED, UPDATED, Outcome
from archive.ingest.warc import read_warc_record


@dataclass(frozen=True)
class Record:
    url: str
    path: str
    offset: int


def import_records(records: list[Record], *, publication: str | None = None) -> list[Outcome]:
    """Outcomes labelled with each record's URL: created, updated, unchanged, skipped (not an
    article) or failed (with the reason)."""
    by_label: dict[str, str] = {}
    items: list[ParsedArticle] = []
    outcomes: list[Outcome] = []
    for record in records:
        found = read_warc_record(record.path, record.offset)
        by_label[found.label] = record.url
        if isinstance(found, ParsedArticle):
            items.append(found)
        elif isinstance(found, Skipped):
            outcomes.append(Outcome(SKIPPED, record.url, reason=found.reason))
        else:
            outcomes.append(Outcome(FAILED, record.url, reason=found.reason))
    if items:
        for outcome in ingest(items, publication=publication).outcomes:
            outcomes.append(Outcome(outcome.kind, by_label.get(outcome.label, outcome.label),
                                    outcome.article_id, outcome.reason))
    updated = [o.article_id for o in outcomes if o.kind == UPDATED and o.article_id]
    if updated:
        record_changes(updated)
    return outcomes

