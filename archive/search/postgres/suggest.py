"""'Did you mean' for the PostgreSQL engine: pg_trgm similarity over the title words (the
words table) and the names of figures and parties."""

from __future__ import annotations

import re

from archive.search.analysis import fold_word, words
from archive.search.postgres.query import CONFIG, text_match
from archive.search.postgres.schema import LANGUAGE_BRANCHES


def suggest(cursor, table: str, words_table: str, text: str) -> str | None:
    """Each word of ``text`` that no article contains (in either language's analysis)
    replaced by the most similar known word (most frequent first among equals); None when
    nothing is replaced."""
    from archive.search.entities import name_table

    unknown = [w for w in dict.fromkeys(words(text or "")) if len(w) >= 3 and not w.isdigit()]
    if not unknown:
        return None
    cursor.execute(
        f"""SELECT q.word FROM unnest(%s::text[]) AS q(word)
            WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {word_in("q.word")})""",
        [unknown])
    unknown = [row[0] for row in cursor.fetchall()]
    replacements: dict[str, str] = {}
    names = sorted(set(name_table().vocabulary()))
    for word in unknown:
        cursor.execute(
            f"""SELECT c.word FROM (
                    SELECT w.word, w.ndoc FROM {words_table} w WHERE w.word %% %s
                    UNION
                    SELECT n, 0 FROM unnest(%s::text[]) AS n WHERE n %% %s) AS c
                WHERE EXISTS (SELECT 1 FROM {table} WHERE {word_in("c.word")})
                ORDER BY similarity(c.word, %s) DESC, c.ndoc DESC, c.word LIMIT 1""",
            [word, names, word, word])
        row = cursor.fetchone()
        if row:
            replacements[word] = row[0]
    if not replacements:
        return None
    return re.sub(r"\w+", lambda m: replacements.get(fold_word(m[0]), m[0]), text)


def word_in(word: str) -> str:
    """SQL: the word (an SQL expression) is in some article, analysed with its language."""
    return text_match({lang: f"plainto_tsquery('{CONFIG[lang]}', {word})"
                       for lang in LANGUAGE_BRANCHES})
