"""haystack backend over PostgreSQL full-text search (see docs/scaling.md).

Reads: the text leaves resolved to tsqueries in one statement (tsqueries.py); one statement
for the matching ids, counted in the facet columns (facets.py, facet_columns.py), or for the
count alone; one or two for the page (paging.py: relevance, one scorer for every page); the
snippets' texts only with ``.highlight()`` (snippets.py); suggestions (suggest.py) and
more-like-this (similar.py). Writes: a batch of prepared documents is one statement
(writing.py), sent from worker threads (sending.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connections, router, transaction
from haystack.backends import BaseEngine, BaseSearchBackend
from haystack.exceptions import SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier

from archive.search.postgres import paging, schema, similar, snippets, writing
from archive.search.postgres.facet_columns import columns_of
from archive.search.postgres.facets import count_and_facets
from archive.search.postgres.planner import index_scans
from archive.search.postgres.query import (
    ARRAY_FIELDS,
    SCALAR_FIELDS,
    PostgresSearchQuery,
    QueryPlan,
    rank_tsqueries,
    render_where,
)
from archive.search.postgres.sending import WRITERS, Sender
from archive.search.postgres.suggest import suggest
from archive.search.postgres.tsqueries import resolve

#: Newest matches ranked by ts_rank (see the module docstring).
RANK_WINDOW = 500
#: A spelling suggestion is looked for when a search finds fewer results than this.
SUGGEST_BELOW = 3


class PostgresSearchBackend(BaseSearchBackend):
    RESERVED_WORDS = ()
    RESERVED_CHARACTERS = ()

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._options = dict(connection_options)
        self.silently_fail = False  # the queue writer retries what raises
        #: Django database alias; None: the router decides (reads may go to a replica).
        self.database = connection_options.get("DATABASE")
        self.table = connection_options.get("TABLE", schema.ARTICLES)
        self.words_table = connection_options.get("WORDS_TABLE", schema.WORDS)
        self.rank_window = int(connection_options.get("RANK_WINDOW", RANK_WINDOW))
        self.staging = bool(connection_options.get("STAGING", False))

    # -- databases -------------------------------------------------------------------------
    def read_alias(self) -> str:
        from archive.models import Article

        return self.database or router.db_for_read(Article) or "default"

    def write_alias(self) -> str:
        from archive.models import Article

        return self.database or router.db_for_write(Article) or "default"

    def setup(self) -> None:
        """Create the extensions, configurations and tables when missing (the migration
        normally did it)."""
        alias = self.write_alias()
        if not schema.is_installed(alias):
            schema.install(alias)
        self.setup_complete = True

    def verify(self) -> None:
        """Raise ``IndexMissing`` unless the search table exists and was built completely
        (for /healthz and ensure_index; the row count is then compared by a real query)."""
        from archive.search.availability import IndexMissing

        alias = self.read_alias()
        if not schema.is_installed(alias):
            raise IndexMissing(f"no search table {self.table}")
        if not schema.is_built(alias):
            raise IndexMissing(f"the search table {self.table} was never built")

    def generation(self) -> str:
        """The live table's identity (its oid): a rebuild's swap replaces the table, so the
        queue writer can tell that a batch went into a table that is no longer live."""
        with connections[self.write_alias()].cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)::oid", [self.table])
            return str(cursor.fetchone()[0])

    def warm(self) -> None:
        """Load what a process's first search would otherwise wait for: the facet columns
        (facet_columns.py; gunicorn's workers call this as they start)."""
        alias = self.read_alias()
        with connections[alias].cursor() as cursor:
            columns_of(alias, self.table).refresh(cursor)

    def index_exists(self) -> bool:
        """A complete index was built (ensure_index rebuilds otherwise)."""
        alias = self.write_alias()
        return schema.is_installed(alias) and schema.is_built(alias)

    # -- writing ---------------------------------------------------------------------------
    def update(self, index, iterable, commit=True) -> int:
        """Index ``iterable`` (best from ``index.index_queryset()``), WRITE_BATCH documents
        per statement, each statement its own transaction.

        Outside a transaction (a rebuild, the queue writer) the statements go from WRITERS
        worker threads with their own connections, half a batch each, while this thread
        prepares the next: PostgreSQL's text parser runs on two cores and Python beside it
        (each statement is its own transaction either way; inside a caller's transaction
        everything stays on its connection)."""
        if hasattr(index, "begin_batch"):
            index.begin_batch()
        overlap = not connections[self.write_alias()].in_atomic_block
        size = max(writing.WRITE_BATCH // WRITERS, 1) if overlap else writing.WRITE_BATCH
        with Sender(self._write, background=overlap) as send:
            rows: list[dict] = []
            for obj in iterable:
                try:
                    rows.append(writing.row(index.full_prepare(obj)))
                except SkipDocument:
                    continue
                if len(rows) >= size:
                    send(rows)
                    rows = []
            if rows:
                send(rows)
        return send.count

    def _write(self, rows: list[dict]) -> int:
        alias = self.write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            analyse = rows
            if not self.staging:  # a rebuild's table is empty: nothing to keep
                cursor.execute(writing.refresh_sql(self.table),
                               [json.dumps([{**r, "body": None} for r in rows])])
                kept = {row[0] for row in cursor.fetchall()}
                analyse = [r for r in rows if r["article_id"] not in kept]
            if analyse:
                cursor.execute(writing.upsert_sql(self.table), [json.dumps(analyse)])
            if not self.staging:
                cursor.execute(f"UPDATE {schema.STATE} SET version = {schema.NEW_VERSION}")
            if not self.staging:  # a rebuild counts its words once, at the end
                cursor.execute(
                    f"""INSERT INTO {self.words_table} (word, ndoc)
                        SELECT w, count(*) FROM {self.table},
                               unnest(tsvector_to_array(title_vector)) AS w
                        WHERE article_id = ANY(%s) GROUP BY w
                        ON CONFLICT (word) DO NOTHING""",
                    [[r["article_id"] for r in rows]])
        return len(rows)

    def remove(self, obj_or_string, commit=True) -> None:
        self.remove_many([get_identifier(obj_or_string)])

    def remove_many(self, identifiers: Iterable[str]) -> None:
        ids = [int(str(i).rsplit(".", 1)[-1]) for i in identifiers]
        if not ids:
            return
        alias = self.write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE article_id = ANY(%s)", [ids])
            cursor.execute(f"UPDATE {schema.STATE} SET version = {schema.NEW_VERSION}")

    def clear(self, models=None, commit=True) -> None:
        """Empty the index in place; rebuilds that keep serving use ``rebuild_beside``."""
        alias = self.write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(f"DELETE FROM {self.words_table}")
            cursor.execute(f"UPDATE {schema.STATE} SET version = {schema.NEW_VERSION}")

    @contextmanager
    def rebuild_beside(self) -> Iterator[PostgresSearchBackend]:
        """A backend writing into staging tables; on success they replace the live ones in one
        transaction, on failure they are dropped and the live index is untouched."""
        alias = self.write_alias()
        self.setup()
        articles, words = schema.create_next(alias)
        staged = type(self)(self.connection_alias, **{
            **self._options, "DATABASE": alias, "TABLE": articles,
            "WORDS_TABLE": words, "STAGING": True, "RANK_WINDOW": self.rank_window})
        try:
            yield staged
            with connections[alias].cursor() as cursor:
                cursor.execute(f"""INSERT INTO {words} (word, ndoc)
                    SELECT w, count(*) FROM {articles},
                           unnest(tsvector_to_array(title_vector)) AS w GROUP BY w""")
            schema.index_next(alias)
            schema.swap_in(alias)
        except BaseException:
            schema.drop_next(alias)
            raise

    # -- reading ---------------------------------------------------------------------------
    def search(self, query_string, **kwargs) -> dict:
        plan = query_string if isinstance(query_string, QueryPlan) else _raw_plan(query_string)
        start = int(kwargs.get("start_offset") or 0)
        end = kwargs.get("end_offset")
        sort_by = kwargs.get("sort_by") or []
        facets = kwargs.get("facets") or {}
        result_class = kwargs.get("result_class") or SearchResult
        alias = self.read_alias()
        with index_scans(alias, bool(plan.text_leaves())) as cursor:
            resolve(cursor, plan.text_leaves())
            where, params = render_where(plan)
            for narrow in kwargs.get("narrow_queries") or ():
                n_where, n_params = _narrow(narrow)
                where, params = f"({where}) AND {n_where}", [*params, *n_params]
            hits, facet_counts = count_and_facets(cursor, alias, self.table, where, params,
                                                 facets)
            rank = rank_tsqueries(plan)
            stop = hits if end is None else min(int(end), hits)
            page = paging.page(cursor, self.table, where, params, sort_by, rank, start, stop,
                               hits=hits, text=bool(plan.text_leaves()),
                               rank_window=self.rank_window) if stop > start else []
            suggestion = None
            spelling = kwargs.get("spelling_query")
            if spelling is None and self.include_spelling:
                spelling = " ".join(leaf.text for leaf in plan.positive_text())
            if spelling and hits < SUGGEST_BELOW:
                suggestion = suggest(cursor, self.table, self.words_table, spelling)
        results = [result_class("archive", "article", str(pk), float(score), article_id=pk,
                                published=published, language=language, title=title)
                   for pk, score, published, language, title in page]
        highlight = kwargs.get("highlight")
        if highlight and results:
            snippets.highlight(results, plan,
                               highlight if isinstance(highlight, dict) else {})
        return {"results": results, "hits": hits,
                "facets": {"fields": facet_counts, "dates": {}, "queries": {}},
                "spelling_suggestion": suggestion}

    # -- more like this ----------------------------------------------------------------------
    def more_like_this(self, model_instance, additional_query_string=None, start_offset=0,
                       end_offset=None, models=None, limit_to_registered_models=None,
                       result_class=None, **kwargs) -> dict:
        """Articles sharing this one's most distinctive terms (similar.py), narrowed by the
        additional query."""
        result_class = result_class or SearchResult
        plan = additional_query_string if isinstance(additional_query_string, QueryPlan) \
            else None
        page, hits = similar.more_like_this(self, model_instance, plan,
                                            int(start_offset or 0), end_offset)
        results = [result_class("archive", "article", str(row[0]), float(row[1]),
                                article_id=row[0], published=row[2], language=row[3],
                                title=row[4]) for row in page]
        return {"results": results, "hits": hits}

    def build_schema(self, fields):
        return "text", {}


def _raw_plan(query_string) -> QueryPlan:
    """haystack's raw strings: '*' (everything) or plain words."""
    from haystack.backends import SQ

    from archive.search.postgres.query import plan_from_sq

    text = str(query_string or "").strip()
    if text in {"", "*", "*:*"}:
        return plan_from_sq(SQ())
    return plan_from_sq(SQ(content=text))


def _narrow(query: str) -> tuple[str, list]:
    """haystack's narrow('field:"value"') for the whole-value fields."""
    match = re.fullmatch(r'\s*(\w+):"?([^"]*)"?\s*', str(query))
    if not match or match.group(1) not in ARRAY_FIELDS | SCALAR_FIELDS:
        raise ValueError(f"narrow() takes field:\"value\" on a facet field, not {query!r}")
    name, value = match.groups()
    if name in ARRAY_FIELDS:
        return f"{name} @> ARRAY[%s]::text[]", [value]
    return f"COALESCE({name} = %s, false)", [value]


class PostgresEngine(BaseEngine):
    backend = PostgresSearchBackend
    query = PostgresSearchQuery
