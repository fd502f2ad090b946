"""SQLite's query planner statistics (``ANALYZE``), kept current as the archive grows.

Without them SQLite guesses, and guesses wrong for the archive's most frequent query: a
page's articles, ``status = 'published' AND id IN (...)``, walks the status index over every
article (20 ms at 100,000 articles) instead of looking up 20 primary keys (0.3 ms). With
``analysis_limit`` the analysis samples each index, so it costs tens of milliseconds at any
size. It runs after migrations and after an import once the number of articles has grown
past GROWTH times what the last analysis saw. PostgreSQL's autovacuum does this by itself.
"""

from __future__ import annotations

from django.db import DatabaseError, connections

#: Re-analyse when the article table has grown this many times since the last analysis.
GROWTH = 2
#: Rows sampled per index (SQLite's analysis_limit).
SAMPLE_ROWS = 1000
TABLE = "archive_article"


def analyze(using: str = "default") -> bool:
    """Refresh the statistics of every table (SQLite only); True when it ran."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {SAMPLE_ROWS}")
        cursor.execute("ANALYZE")
    return True


def analyze_if_grown(using: str = "default") -> bool:
    """``analyze`` when the articles outgrew the last analysis GROWTH times (or none ran)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        try:
            # Each row's stat starts with the rows it saw (an estimate under analysis_limit;
            # partial indexes see fewer): the largest is the table's.
            cursor.execute("SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = %s",
                           [TABLE])
            row = cursor.fetchone()
        except DatabaseError:  # no analysis yet: the table sqlite_stat1 does not exist
            row = None
        cursor.execute(f"SELECT count(*) FROM {TABLE}")  # a few ms at 100,000
        articles = cursor.fetchone()[0]
    seen = int(row[0]) if row and row[0] is not None else 0
    if articles and articles > GROWTH * seen:
        return analyze(using)
    return False


def after_migrate(sender, using: str = "default", **kwargs) -> None:
    analyze(using)
