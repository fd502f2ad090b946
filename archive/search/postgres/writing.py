"""The PostgreSQL engine's writes: prepared documents (``ArticleIndex.prepare()``) as rows
of the search table, a batch of them one ``INSERT ... SELECT FROM jsonb_to_recordset(...) ON
CONFLICT DO UPDATE`` whose tsvectors PostgreSQL computes with the article's own
configuration; every written row records its transaction (``written_by``, schema.py).

Analysing the text is most of a write (0.8 of 1.1 ms per article at 800 words), and most
updates leave it as it was (a detection run, a mention rejected, an author added): each row
keeps ``text_hash``, a digest of what its vectors are made of (language, title, body), and
``refresh_sql`` first updates the other columns of the rows whose digest is unchanged; only
the others are analysed (``upsert_sql``)."""

from __future__ import annotations

import datetime as dt
import hashlib

from archive.search.postgres import schema
from archive.search.postgres.query import ARRAY_FIELDS

#: Prepared documents per INSERT statement.
WRITE_BATCH = 500
#: Characters of an article's text analysed (a tsvector holds at most 1 MB).
MAX_TEXT = 300_000

COLUMNS = ("article_id", "language", "published", "year", "month", "publication", "figure",
           "party", "party_named", "party_lineage", "author", "changed", "title")


#: The columns a row's digest leaves as they are when unchanged (``refresh_sql``).
REFRESHED = ("published", "year", "month", "publication", "figure", "party", "party_named",
             "party_lineage", "author", "changed")
_RECORD = """article_id bigint, language text, published timestamptz, year text, month text,
            publication text, figure text[], party text[], party_named text[],
            party_lineage text[], author text[], changed boolean, title text, body text,
            text_hash text"""


def upsert_sql(table: str) -> str:
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*COLUMNS[1:], "title_vector",
                                                         "document", "text_hash",
                                                         "written_by"))
    return f"""
        INSERT INTO {table} ({", ".join(COLUMNS)}, title_vector, document, text_hash,
                             written_by)
        SELECT r.article_id, r.language, r.published, r.year, r.month, r.publication,
               COALESCE(r.figure, '{{}}'), COALESCE(r.party, '{{}}'),
               COALESCE(r.party_named, '{{}}'), COALESCE(r.party_lineage, '{{}}'),
               COALESCE(r.author, '{{}}'), COALESCE(r.changed, false), COALESCE(r.title, ''),
               to_tsvector('archive_simple', COALESCE(r.title, '')),
               setweight(to_tsvector(c.cfg, COALESCE(r.title, '')), 'A')
                 || to_tsvector(c.cfg, COALESCE(r.body, '')),
               r.text_hash, {schema.WRITTEN_BY}
        FROM jsonb_to_recordset(%s::jsonb) AS r({_RECORD})
        CROSS JOIN LATERAL (SELECT CASE WHEN r.language = 'en' THEN 'archive_en'::regconfig
                                        ELSE 'archive_fr'::regconfig END AS cfg) AS c
        ON CONFLICT (article_id) DO UPDATE SET {updates}"""


def refresh_sql(table: str) -> str:
    """UPDATE the rows whose text is unchanged (same ``text_hash``: their vectors stay),
    RETURNING their ids; the rows given need no body."""
    updates = ", ".join(f"{c} = " + (f"COALESCE(r.{c}, '{{}}')" if c in ARRAY_FIELDS
                                     else "COALESCE(r.changed, false)" if c == "changed"
                                     else f"r.{c}") for c in REFRESHED)
    return f"""
        UPDATE {table} AS t SET {updates}, written_by = {schema.WRITTEN_BY}
        FROM jsonb_to_recordset(%s::jsonb) AS r({_RECORD})
        WHERE t.article_id = r.article_id AND t.text_hash = r.text_hash
        RETURNING t.article_id"""


def text_hash(language: str | None, title: str, body: str) -> str:
    """The digest of what a row's vectors are made of."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (language or "", title, body):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def row(doc: dict) -> dict:
    title = doc.get("title") or ""
    text = doc.get("text") or ""
    body = text[len(title):] if title and text.startswith(title) else text
    published = doc.get("published")
    if isinstance(published, dt.datetime):
        if published.tzinfo is None:
            published = published.replace(tzinfo=dt.UTC)
        published = published.isoformat()
    elif isinstance(published, dt.date):
        published = dt.datetime(published.year, published.month, published.day,
                                tzinfo=dt.UTC).isoformat()
    row = {name: doc.get(name) for name in COLUMNS}
    body = body[:MAX_TEXT]
    row.update(article_id=int(doc.get("article_id") or doc["django_id"]), published=published,
               title=title, body=body, changed=bool(doc.get("changed")),
               text_hash=text_hash(doc.get("language"), title, body))
    for name in ARRAY_FIELDS:
        row[name] = [str(v) for v in (doc.get(name) or [])]
    return row
