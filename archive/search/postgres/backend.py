"""haystack backend over PostgreSQL full-text search (see docs/scaling.md).

Reads: one statement for the matching ids, counted in the facet columns (facets.py,
facet_columns.py), or for the count alone; one or two for the page
(paging.py: relevance, one scorer for every page), one for the snippets' texts (only with
``.highlight()``). Writes: a batch of prepared documents is one statement (writing.py).
"""

from __future__ import annotations

import inspect
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connections, router, transaction
from haystack.backends import BaseEngine, BaseSearchBackend
from haystack.exceptions import SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier

from archive.search.postgres import paging, schema, writing
from archive.search.postgres.facet_columns import columns_of
from archive.search.postgres.facets import count_and_facets
from archive.search.postgres.planner import index_scans
from archive.search.postgres.query import (
    ARRAY_FIELDS,
    CONFIG,
    LANGUAGES,
    SCALAR_FIELDS,
    Leaf,
    PostgresSearchQuery,
    QueryPlan,
    rank_tsqueries,
    render_where,
    text_match,
    text_predicate,
)
from archive.search.postgres.schema import LANGUAGE_BRANCHES
from archive.search.postgres.sending import WRITERS, Sender

#: Newest matches ranked by ts_rank (see the module docstring).
RANK_WINDOW = 500
#: more_like_this: terms of the article considered and kept; document frequencies are
#: counted up to MLT_DF_CAP (enough to tell rare from common).
MLT_CANDIDATES = 20
MLT_TERMS = 12
MLT_DF_CAP = 300
#: more_like_this counts its matches up to this many (its callers show the first few).
MLT_HITS_CAP = 1000
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
            cursor.execute(writing.upsert_sql(self.table), [json.dumps(rows)])
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
    def _resolve(self, cursor, leaves: Sequence[Leaf]) -> None:
        """Fill every text leaf's tsquery texts (fr, en, title) in one statement."""
        selects, params = [], []
        for leaf in leaves:
            values = leaf.value if leaf.lookup == "in" else [leaf.text]
            values = [getattr(v, "query_string", v) for v in values]
            for key in ("fr", "en", "title"):
                parts = []
                for value in values:
                    function = {"words": "plainto_tsquery", "phrase": "phraseto_tsquery",
                                "prefix": "to_tsquery"}[leaf.text_kind]
                    if leaf.text_kind == "prefix":
                        value = _prefix_query(str(value))
                    parts.append(f"{function}('{CONFIG[key]}', %s)")
                    params.append(str(value))
                selects.append("(" + " || ".join(parts) + ")::text" if parts else "''")
        if not selects:
            return
        cursor.execute("SELECT " + ", ".join(selects), params)
        row = iter(cursor.fetchone())
        for leaf in leaves:
            leaf.tsquery = {key: next(row) or "" for key in ("fr", "en", "title")}

    def search(self, query_string, **kwargs) -> dict:
        plan = query_string if isinstance(query_string, QueryPlan) else _raw_plan(query_string)
        start = int(kwargs.get("start_offset") or 0)
        end = kwargs.get("end_offset")
        sort_by = kwargs.get("sort_by") or []
        facets = kwargs.get("facets") or {}
        result_class = kwargs.get("result_class") or SearchResult
        alias = self.read_alias()
        with index_scans(alias, bool(plan.text_leaves())) as cursor:
            self._resolve(cursor, plan.text_leaves())
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
                suggestion = self._suggest(cursor, spelling)
        results = [result_class("archive", "article", str(pk), float(score), article_id=pk,
                                published=published, language=language, title=title)
                   for pk, score, published, language, title in page]
        highlight = kwargs.get("highlight")
        if highlight and results:
            self._snippets(results, plan, highlight if isinstance(highlight, dict) else {})
        return {"results": results, "hits": hits,
                "facets": {"fields": facet_counts, "dates": {}, "queries": {}},
                "spelling_suggestion": suggestion}

    def _suggest(self, cursor, text: str) -> str | None:
        """'Did you mean': each word of ``text`` that no article contains (in either
        language's analysis) replaced by the most similar known word (pg_trgm similarity over
        the title words and the names of figures and parties, most frequent first among
        equals); None when nothing is replaced."""
        from archive.search.analysis import words
        from archive.search.entities import name_table

        unknown = []
        for word in dict.fromkeys(words(text or "")):
            if len(word) < 3 or word.isdigit():
                continue
            unknown.append(word)
        if not unknown:
            return None
        cursor.execute(
            f"""SELECT q.word FROM unnest(%s::text[]) AS q(word)
                WHERE NOT EXISTS (SELECT 1 FROM {self.table} WHERE {_word_in("q.word")})""",
            [unknown])
        unknown = [row[0] for row in cursor.fetchall()]
        replacements: dict[str, str] = {}
        names = sorted(set(name_table().vocabulary()))
        for word in unknown:
            cursor.execute(
                f"""SELECT c.word FROM (
                        SELECT w.word, w.ndoc FROM {self.words_table} w WHERE w.word %% %s
                        UNION
                        SELECT n, 0 FROM unnest(%s::text[]) AS n WHERE n %% %s) AS c
                    WHERE EXISTS (SELECT 1 FROM {self.table} WHERE {_word_in("c.word")})
                    ORDER BY similarity(c.word, %s) DESC, c.ndoc DESC, c.word LIMIT 1""",
                [word, names, word, word])
            row = cursor.fetchone()
            if row:
                replacements[word] = row[0]
        if not replacements:
            return None
        from archive.search.analysis import fold_word

        return re.sub(r"\w+", lambda m: replacements.get(fold_word(m[0]), m[0]), text)

    def _snippets(self, results: list, plan: QueryPlan, options: dict) -> None:
        """result.highlighted (and result._object, the page's rows as pages list them):
        snippets cut by the project's highlighter (archive/search/highlight.py) from the
        database text; a name given in ``highlight(names=[...])`` or a quoted phrase is one
        mark."""
        from archive.models import Article
        from archive.search.analysis import words

        found: set[str] = set()
        phrases: list[tuple[str, ...]] = []
        for leaf in plan.positive_text():
            leaf_words = tuple(words(leaf.text))
            found.update(leaf_words)
            if leaf.text_kind == "phrase" and len(leaf_words) > 1:
                phrases.append(leaf_words)
        for name in options.get("names", ()):
            name_words = tuple(words(name))
            found.update(name_words)
            if len(name_words) > 1:
                phrases.append(name_words)
        marks = {lang: {t for w in found if (t := _term(w, lang)) is not None}
                 for lang in LANGUAGES}
        by_pk = Article.objects.published().for_listing().in_bulk(
            [r.article_id for r in results])
        for result in results:
            article = by_pk.get(result.article_id)
            if article is None:
                result.highlighted = {"text": [""]}
                continue
            result._object = article
            wanted = marks.get(article.language, marks["fr"])
            source = article.body if wanted else (article.summary or article.body)
            result.highlighted = {"text": [_snippet(source, wanted, article.language,
                                                    phrases)]}

    # -- more like this ----------------------------------------------------------------------
    def more_like_this(self, model_instance, additional_query_string=None, start_offset=0,
                       end_offset=None, models=None, limit_to_registered_models=None,
                       result_class=None, **kwargs) -> dict:
        """Articles sharing this one's most distinctive terms: its MLT_CANDIDATES most
        frequent lexemes weighted by tf x idf (document frequency counted up to MLT_DF_CAP),
        the best MLT_TERMS OR-ed and ranked like a search, the article itself left out. The
        count stops at MLT_HITS_CAP: an OR of common words matches most of the archive, and
        counting all of it was most of an article page's time."""
        result_class = result_class or SearchResult
        alias = self.read_alias()
        pk = int(model_instance.pk)
        start = int(start_offset or 0)
        with index_scans(alias, True) as cursor:
            cursor.execute(f"SELECT count(*) FROM {self.table}")
            total = cursor.fetchone()[0] or 1
            # The article's lexemes are stems of its own language's configuration: their
            # document frequencies are counted among the articles analysed with it.
            same_language = LANGUAGE_BRANCHES["en" if model_instance.language == "en"
                                              else "fr"]
            cursor.execute(
                f"""SELECT t.lexeme, t.tf,
                           (SELECT count(*) FROM (SELECT 1 FROM {self.table}
                             WHERE {same_language}
                               AND document @@ quote_literal(t.lexeme)::tsquery
                             LIMIT {MLT_DF_CAP}) AS d) AS df
                    FROM (SELECT u.lexeme, cardinality(u.positions) AS tf
                          FROM {self.table} s, unnest(s.document) AS u
                          WHERE s.article_id = %s AND length(u.lexeme) > 2
                            AND u.lexeme !~ '^[0-9]+$'
                          ORDER BY tf DESC, u.lexeme LIMIT {MLT_CANDIDATES}) AS t""", [pk])
            weighted = sorted(((tf * math.log(1 + total / df), lexeme)
                               for lexeme, tf, df in cursor.fetchall() if df),
                              reverse=True)[:MLT_TERMS]
            if not weighted:
                return {"results": [], "hits": 0}
            tsquery = " | ".join(_quote_lexeme(lexeme) for _, lexeme in weighted)
            plan = additional_query_string if isinstance(additional_query_string, QueryPlan) \
                else None
            where, params = ("true", [])
            if plan:
                self._resolve(cursor, plan.text_leaves())
                where, params = render_where(plan)
            predicate = text_predicate(tsquery, tsquery)
            full_where = f"({where}) AND {predicate.sql} AND article_id <> %s"
            full_params = [*params, *predicate.params, pk]
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {self.table} WHERE "
                           f"{full_where} LIMIT {MLT_HITS_CAP}) AS capped", full_params)
            hits = cursor.fetchone()[0]
            stop = hits if end_offset is None else min(int(end_offset), hits)
            # hits is capped: the matches of a dozen OR-ed terms are most of the archive,
            # so the date index is walked (text=False keeps that plan).
            page = paging.page(cursor, self.table, full_where, full_params, [],
                               (tsquery, tsquery), start, stop, hits=hits, text=False,
                               rank_window=self.rank_window) if stop > start else []
        results = [result_class("archive", "article", str(row[0]), float(row[1]),
                                article_id=row[0], published=row[2], language=row[3],
                                title=row[4]) for row in page]
        return {"results": results, "hits": hits}

    def build_schema(self, fields):
        return "text", {}


def _word_in(word: str) -> str:
    """SQL: the word (an SQL expression) is in some article, analysed with its language."""
    return text_match({lang: f"plainto_tsquery('{CONFIG[lang]}', {word})"
                       for lang in LANGUAGE_BRANCHES})


def _term(word: str, lang: str) -> str | None:
    from archive.search.analysis import stemming_analyzer

    return _TOKENIZERS.setdefault(lang, stemming_analyzer(lang)).term(word)


_TOKENIZERS: dict = {}


def _snippet(text: str, terms: set[str], language: str | None,
             phrases: list[tuple[str, ...]]) -> str:
    from archive.search.highlight import snippet

    if phrases and "phrases" in inspect.signature(snippet).parameters:
        return snippet(text, terms, language, phrases=phrases)
    return snippet(text, terms, language)


_PREFIX_WORD = re.compile(r"\w+", re.UNICODE)


def _prefix_query(value: str) -> str:
    words = _PREFIX_WORD.findall(value)
    return " & ".join(f"{w}:*" for w in words) if words else "''"


def _quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''") + "'"


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
