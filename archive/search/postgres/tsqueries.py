"""A search's text leaves as tsquery texts, resolved by PostgreSQL's own analysis in one
statement (words, phrases and prefixes, in each language's configuration and the titles')."""

from __future__ import annotations

import re
from collections.abc import Sequence

from archive.search.postgres.query import CONFIG, Leaf

FUNCTIONS = {"words": "plainto_tsquery", "phrase": "phraseto_tsquery", "prefix": "to_tsquery"}
KEYS = ("fr", "en", "title")
_WORD = re.compile(r"\w+", re.UNICODE)


def resolve(cursor, leaves: Sequence[Leaf]) -> None:
    """Fill every text leaf's tsquery texts (fr, en, title) in one statement."""
    selects, params = [], []
    for leaf in leaves:
        values = leaf.value if leaf.lookup == "in" else [leaf.text]
        values = [getattr(v, "query_string", v) for v in values]
        function = FUNCTIONS[leaf.text_kind]
        for key in KEYS:
            parts = []
            for value in values:
                if leaf.text_kind == "prefix":
                    value = prefix_query(str(value))
                parts.append(f"{function}('{CONFIG[key]}', %s)")
                params.append(str(value))
            selects.append("(" + " || ".join(parts) + ")::text" if parts else "''")
    if not selects:
        return
    cursor.execute("SELECT " + ", ".join(selects), params)
    row = iter(cursor.fetchone())
    for leaf in leaves:
        leaf.tsquery = {key: next(row) or "" for key in KEYS}


def prefix_query(value: str) -> str:
    """to_tsquery text of words that each begin a word: ``retrai:* & reform:*``."""
    words = _WORD.findall(value)
    return " & ".join(f"{w}:*" for w in words) if words else "''"


def quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''") + "'"
