"""The count and the facets of a PostgreSQL search: the ids of the matching rows, counted in
the process's facet columns (facet_columns.py), remembered per index version."""

from __future__ import annotations

import numpy as np

from archive.search.lru import LRU
from archive.search.postgres import schema
from archive.search.postgres.facet_columns import columns_of
from archive.search.postgres.query import ARRAY_FIELDS, SCALAR_FIELDS

#: (alias, table, index version, where, params, facets) -> (count, facet counts).
#: Shared by a worker's threads, hence the locked LRU.
FACET_CACHE_SIZE = 256
FACET_CACHE = LRU(FACET_CACHE_SIZE)


def count_and_facets(cursor, alias: str, table: str, where: str, params: list,
                     facets: dict) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The count and the facets over the whole matching set: one statement gathers the
    matching ids, the facet columns count their values. Remembered per index version: the
    next page of the same search, or the browse page's facets, cost one indexed lookup of
    the version until a write."""
    unknown = set(facets) - SCALAR_FIELDS - ARRAY_FIELDS
    if unknown:
        raise ValueError(f"no facet field {sorted(unknown)} in the PostgreSQL engine")
    spec = tuple(sorted((name, _limit(options)) for name, options in facets.items()))
    cursor.execute(f"SELECT version FROM {schema.STATE}")
    version = cursor.fetchone()[0]
    key = (alias, table, version, where, _freeze(params), spec)
    cached = FACET_CACHE.get(key)
    if cached is not None:
        return cached
    if not spec:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {where}", params)
        hits = cursor.fetchone()[0]
        FACET_CACHE.put(key, (hits, {}))
        return hits, {}
    cursor.execute(f"SELECT array_agg(article_id) FROM {table} WHERE {where}", params)
    ids = np.asarray(cursor.fetchone()[0] or [], np.int64)
    found = columns_of(alias, table).count(cursor, ids, [name for name, _ in spec])
    hits = len(ids)
    counts = {}
    for name, limit in spec:
        ordered = sorted(found[name], key=lambda pair: (-pair[1], pair[0]))
        counts[name] = ordered[:limit] if limit else ordered
    FACET_CACHE.put(key, (hits, counts))
    return hits, counts


def _limit(options) -> int | None:
    options = options or {}
    limit = options.get("limit", options.get("size"))
    return int(limit) if limit else None


def _freeze(params: list) -> tuple:
    return tuple(tuple(p) if isinstance(p, list) else p for p in params)
