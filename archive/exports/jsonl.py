"""JSON lines: one article an object, every field of the article with its publication,
authors, mentions and captures; the body (and each capture's text) only when asked, since
it is most of the weight."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from archive.exports.records import Record


def _ref(obj) -> dict | None:
    return None if obj is None else {"slug": obj.slug, "name": obj.name}


def record_dict(record: Record, base_url: str, *, body: bool = False) -> dict:
    a = record.article
    data = {
        "id": a.pk,
        "title": a.title,
        "slug": a.slug,
        "archive_url": base_url + a.get_absolute_url(),
        "canonical_url": a.canonical_url,
        "publication": _ref(a.publication),
        "authors": [_ref(author) for author in record.authors],
        "published_on": a.published_on.isoformat() if a.published_on else None,
        "date_estimated": a.date_estimated,
        "language": a.language,
        "summary": a.summary,
        "word_count": a.word_count,
        "content_hash": a.content_hash,
        "status": a.status,
        "synthetic": a.is_synthetic,
        "licence": record.rights.licence if record.rights else None,
        "origin": record.rights.origin if record.rights else None,
        "created_at": a.created_at.isoformat(),
        "updated_at": a.updated_at.isoformat(),
        "figures": [{**_ref(m.figure), "count": m.count, "source": m.source}
                    for m in record.figures],
        "parties": [{**_ref(m.party), "count": m.count, "source": m.source, "via_figure": None}
                    for m in record.parties]
        + [{**_ref(m.party), "count": m.count, "source": m.source,
            "via_figure": m.via_figure.slug if m.via_figure else None}
           for m in record.parties_via],
        "captures": [
            {"source_url": c.source_url or None,
             "retrieved_at": c.retrieved_at.isoformat() if c.retrieved_at else None,
             "imported_at": c.imported_at.isoformat(), "extractor": c.extractor,
             "extractor_version": c.extractor_version, "payload_hash": c.payload_hash,
             "content_hash": c.content_hash, "title": c.title,
             "licence": c.licence, "origin": c.origin,
             **({"body": c.body} if body else {})}
            for c in record.captures
        ],
    }
    if body:
        data["body"] = a.body
    return data


def jsonl_lines(records: Iterable[Record], base_url: str, *, body: bool = False) -> Iterator[str]:
    for record in records:
        yield json.dumps(record_dict(record, base_url, body=body), ensure_ascii=False) + "\n"
