"""A few minutes of caching for archive-wide aggregates (home page, index pages).

Those aggregates group every mention; they are the same for every reader, so computing them
once per ARCHIVE_PAGE_CACHE_SECONDS (default 300) keeps the pages cheap at any size.
"""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")
PREFIX = "archive-pages:"


def cached(key: str, compute: Callable[[], T]) -> T:
    timeout = getattr(settings, "ARCHIVE_PAGE_CACHE_SECONDS", 300)
    if not timeout:
        return compute()
    return cache.get_or_set(PREFIX + key, compute, timeout)
