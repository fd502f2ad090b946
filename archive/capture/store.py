"""The one way a captured page enters the archive: the response record just written to a
WARC file is read back by the WARC reader and imported by the ingest service, then mentions
are detected and the index is queued, exactly as `import_articles` does with a WARC file
(so `import_articles var/warcs/` rebuilds the same articles).

`import_records` is the single call site; when the ingest gains one entry point (import +
detect + queue), this function switches to it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from archive.capture.changes import record_changes
from archive.ingest.parsed import ParsedArticle, Skipped
from archive.ingest.report import CREATED, FAILED, SKIPPED, UPDATED, Outcome
from archive.ingest.service import ImportContext, import_items
from archive.ingest.warc import read_warc_record

log = logging.getLogger(__name__)


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
        ctx = ImportContext(publication_slug=publication)
        for outcome in import_items(items, ctx):
            outcomes.append(Outcome(outcome.kind, by_label.get(outcome.label, outcome.label),
                                    outcome.article_id, outcome.reason))
    changed = list(dict.fromkeys(o.article_id for o in outcomes
                                 if o.kind in (CREATED, UPDATED) and o.article_id))
    if changed:
        _detect_mentions(changed)
    updated = [o.article_id for o in outcomes if o.kind == UPDATED and o.article_id]
    if updated:
        record_changes(updated)
    return outcomes


def _detect_mentions(ids: list[int]) -> None:
    from archive.mentions.service import detect_mentions

    try:
        detect_mentions(ids)
    except Exception:  # the articles are stored; `detect_mentions` can be run again
        log.exception("mention detection failed for articles %s", ids[:20])
