"""The PostgreSQL search tables, their text search configurations, and the rebuild swap.

- ``archive_fr`` / ``archive_en``: PostgreSQL's French and English Snowball configurations with
  ``unaccent`` before the stemmer (so "melenchon" meets "Mélenchon") and hyphenated words
  indexed as their parts only ("Jean-Luc" -> jean, luc), like the Whoosh analyzers.
- ``archive_simple``: folded words, nothing dropped or stemmed: titles and the suggestion words.
- ``search_article``: one row per indexed article (the ``ArticleIndex.prepare()`` document):
  ``document`` (title weight A, summary and body weight D, analysed with the article's own
  language), ``title_vector``, whole-value facet fields as scalars or text arrays, and the UTC
  ``published`` timestamp; GIN indexes on the vectors and arrays, b-trees on the scalars.
  ``document`` is stored out of line and uncompressed (STORAGE EXTERNAL), so that filters,
  counts and facets read small heap rows and ranking does not decompress. Its GIN index is
  two partial ones, English articles and the others (``LANGUAGE_BRANCHES``): a word search
  is an OR of one branch per language, each the index's own predicate, so the planner
  answers it from the indexes alone; with one index it re-tested every match's out-of-line
  vector (a count of 31,000 matches: 740 ms instead of 100).
  ``text_hash`` is a digest of what the vectors are made of (language, title, body): a
  write whose text is unchanged leaves them as they are (writing.py).
  ``written_by`` is the transaction that last wrote the row (``pg_current_xact_id()``): each
  web process keeps the facet fields as numpy columns and re-reads only the rows written by
  transactions that its last look could not see (facet_columns.py).
- ``search_word``: the folded title words with their document counts, trigram-indexed for
  spelling suggestions (pg_trgm).

A rebuild fills ``search_article_next`` / ``search_word_next`` and swaps them in with
``swap_in()``: drop and rename in one transaction, so readers see the old table until the
commit and the new one after it.
"""

from __future__ import annotations

from django.db import connections, transaction

ARTICLES = "search_article"
WORDS = "search_word"
STATE = "search_state"
#: Every write sets a new random version (not a counter: a rolled-back or restored database
#: must never give an old version number to other data).
NEW_VERSION = "(random() * 9e18)::bigint"
NEXT = "_next"
#: Marks a table as a complete index (ensure_index builds one when this is missing).
BUILT_COMMENT = "archive search index: complete"

EXTENSIONS = ("unaccent", "pg_trgm")

#: The facet fields, as columns: one value per row, or an array of values.
FACET_SCALARS = ("language", "year", "month", "publication")
FACET_ARRAYS = ("figure", "party", "party_named", "party_lineage", "author")
#: The two halves of the table the document indexes cover, by the row's language (the
#: English configuration for English articles, the French one for every other).
LANGUAGE_BRANCHES = {"en": "language = 'en'", "fr": "language IS DISTINCT FROM 'en'"}
#: The transaction that wrote a row (indexed: readers ask for the rows written since).
WRITTEN_BY = "pg_current_xact_id()"

_CONFIGS = {"archive_fr": "french", "archive_en": "english"}
_WORD_TOKENS = "asciiword, word, hword_part, hword_asciipart, numword, hword_numpart"
_COMPOUND_TOKENS = "hword, asciihword, numhword"


def config_sql() -> list[str]:
    statements = []
    for name, base in {**_CONFIGS, "archive_simple": "simple"}.items():
        dictionary = f"{base}_stem" if base != "simple" else "simple"
        statements += [
            f"DO $$ BEGIN CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {base}); "
            "EXCEPTION WHEN unique_violation THEN NULL; END $$",
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR {_WORD_TOKENS} "
            f"WITH unaccent, {dictionary}",
            f"ALTER TEXT SEARCH CONFIGURATION {name} DROP MAPPING IF EXISTS FOR "
            f"{_COMPOUND_TOKENS}",
        ]
    return statements


def table_sql(articles: str = ARTICLES, words: str = WORDS, *, indexes: bool = True
              ) -> list[str]:
    tables = [
        f"""CREATE TABLE IF NOT EXISTS {articles} (
            article_id bigint PRIMARY KEY,
            language text,
            published timestamptz,
            year text,
            month text,
            publication text,
            figure text[] NOT NULL DEFAULT '{{}}',
            party text[] NOT NULL DEFAULT '{{}}',
            party_named text[] NOT NULL DEFAULT '{{}}',
            party_lineage text[] NOT NULL DEFAULT '{{}}',
            author text[] NOT NULL DEFAULT '{{}}',
            changed boolean NOT NULL DEFAULT false,
            title text NOT NULL DEFAULT '',
            title_vector tsvector NOT NULL,
            document tsvector NOT NULL,
            text_hash text,
            written_by xid8 NOT NULL DEFAULT {WRITTEN_BY}
        )""",
        # Tables made before text_hash: their rows are analysed again at their next write.
        f"ALTER TABLE {articles} ADD COLUMN IF NOT EXISTS text_hash text",
        # Tables made before written_by (their rows get the migration's transaction), and
        # the ts_stat facet column of migration 0009, replaced by the facet columns.
        f"ALTER TABLE {articles} ADD COLUMN IF NOT EXISTS written_by xid8 NOT NULL "
        f"DEFAULT {WRITTEN_BY}",
        f"ALTER TABLE {articles} DROP COLUMN IF EXISTS facet_terms",
        f"ALTER TABLE {articles} ALTER COLUMN document SET STORAGE EXTERNAL",
        # No parallel scans of the index table: the planner does not count reading each
        # out-of-line document, so for a common word it chose a parallel sequential scan that
        # read every document (360 ms at 100,000 articles) over the GIN index (70 ms).
        f"ALTER TABLE {articles} SET (parallel_workers = 0)",
        f"""CREATE TABLE IF NOT EXISTS {words} (
            word text PRIMARY KEY,
            ndoc integer NOT NULL
        )""",
        # One row: bumped by every write, so that readers can cache facet counts per version.
        f"CREATE TABLE IF NOT EXISTS {STATE} (version bigint NOT NULL)",
        f"INSERT INTO {STATE} SELECT {NEW_VERSION} WHERE NOT EXISTS (SELECT 1 FROM {STATE})",
    ]
    return tables + (index_sql(articles, words) if indexes else [])


def index_sql(articles: str = ARTICLES, words: str = WORDS) -> list[str]:
    """Secondary indexes (a rebuild creates them after the load: one bulk build each is
    much cheaper than maintaining seven GIN indexes row by row)."""
    return [
        *(f"CREATE INDEX IF NOT EXISTS {articles}_document_{lang} ON {articles} "
          f"USING gin (document) WHERE {branch}" for lang, branch in LANGUAGE_BRANCHES.items()),
        # The single document index of earlier versions (replaced by the two above).
        f"DROP INDEX IF EXISTS {articles}_document",
        f"CREATE INDEX IF NOT EXISTS {articles}_title ON {articles} USING gin (title_vector)",
        *(f"CREATE INDEX IF NOT EXISTS {articles}_{f} ON {articles} USING gin ({f})"
          for f in ("figure", "party", "party_named", "party_lineage", "author")),
        *(f"CREATE INDEX IF NOT EXISTS {articles}_{f} ON {articles} ({f})"
          for f in ("publication", "language", "month")),
        # Newest first, the order of browsing and feeds: a page of a common word walks the
        # newest rows and stops. (It replaces an index on published, which gave NULLS FIRST.)
        f"CREATE INDEX IF NOT EXISTS {articles}_newest ON {articles} "
        "(published DESC NULLS LAST, article_id DESC)",
        f"DROP INDEX IF EXISTS {articles}_published",
        f"CREATE INDEX IF NOT EXISTS {articles}_written_by ON {articles} (written_by)",
        f"CREATE INDEX IF NOT EXISTS {words}_trgm ON {words} USING gin (word gin_trgm_ops)",
    ]


def install_sql() -> list[str]:
    """Everything the engine needs, idempotent (the migration and the backend's setup)."""
    return [f"CREATE EXTENSION IF NOT EXISTS {e}" for e in EXTENSIONS] + config_sql() + table_sql()


def migrate(apps, schema_editor) -> None:
    """The migrations' step (RunPython): everything ``install_sql()`` creates or upgrades, on
    PostgreSQL; nothing on any other database."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in install_sql():
        schema_editor.execute(statement)


def install(using: str = "default") -> None:
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for statement in install_sql():
            cursor.execute(statement)


def is_installed(using: str) -> bool:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL "
                       "AND to_regclass(%s) IS NOT NULL "
                       "AND EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'archive_fr')",
                       [ARTICLES, WORDS, STATE])
        return cursor.fetchone()[0]


def is_built(using: str) -> bool:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT obj_description(to_regclass(%s), 'pg_class')", [ARTICLES])
        row = cursor.fetchone()
        return bool(row and row[0] == BUILT_COMMENT)


def create_next(using: str) -> tuple[str, str]:
    """Empty staging tables beside the live ones (a leftover of a failed rebuild is dropped)."""
    articles, words = ARTICLES + NEXT, WORDS + NEXT
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {articles}, {words}")
        for statement in table_sql(articles, words, indexes=False):
            cursor.execute(statement)
    return articles, words


def index_next(using: str) -> None:
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in index_sql(ARTICLES + NEXT, WORDS + NEXT):
            cursor.execute(statement)


def drop_next(using: str) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {ARTICLES + NEXT}, {WORDS + NEXT}")


def swap_in(using: str) -> None:
    """Replace the live tables by the staging ones in one transaction (readers wait for the
    lock for the few milliseconds of the renames, never see a missing or partial table)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"ANALYZE {ARTICLES + NEXT}")
        cursor.execute(f"LOCK TABLE {ARTICLES}, {WORDS} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"DROP TABLE {ARTICLES}, {WORDS}")
        for live in (ARTICLES, WORDS):
            staged = live + NEXT
            cursor.execute(f"ALTER TABLE {staged} RENAME TO {live}")
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [live])
            for (name,) in cursor.fetchall():
                if name.startswith(staged):
                    cursor.execute(f"ALTER INDEX {name} RENAME TO {live}{name[len(staged):]}")
        cursor.execute(f"COMMENT ON TABLE {ARTICLES} IS '{BUILT_COMMENT}'")
        cursor.execute(f"UPDATE {STATE} SET version = {NEW_VERSION}")


def mark_built(using: str) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(f"COMMENT ON TABLE {ARTICLES} IS '{BUILT_COMMENT}'")
