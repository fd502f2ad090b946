"""The engine haystack loads: ``"ENGINE": "archive.search.postgres.engine.PostgresEngine"``."""

from archive.search.postgres.backend import PostgresEngine, PostgresSearchBackend
from archive.search.postgres.query import PostgresSearchQuery

__all__ = ["PostgresEngine", "PostgresSearchBackend", "PostgresSearchQuery"]
