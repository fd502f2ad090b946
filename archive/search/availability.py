"""Search that cannot answer says so: a missing or unreadable index is ``SearchUnavailable``,
which the views turn into "search is unavailable" (503) while the rest of the site, drawn
from the database, keeps working. Readers never create an index to hide a missing one."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


#: What readers are told (pages, feeds, exports, the API).
MESSAGE = _("Search is unavailable at the moment: the search index cannot be read. "
            "Please try again in a few minutes.")


class SearchUnavailable(Exception):  # noqa: N818 (a state, not a programming error)
    """The search engine cannot answer; ``reason`` says why (for logs and /healthz)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class IndexMissing(SearchUnavailable):
    def __init__(self, where: object = "") -> None:
        super().__init__(f"index missing{f' ({where})' if where else ''}")


def describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return f"{type(exc).__name__}: {text[:200]}" if str(exc).strip() else text


@contextmanager
def engine_errors() -> Iterator[None]:
    """Around every read of the engine: what the engine raises (Whoosh reports a damaged
    segment with anything from OSError to a bare Exception) becomes ``SearchUnavailable``,
    logged once with its traceback."""
    try:
        yield
    except SearchUnavailable:
        raise
    except Exception as exc:
        logger.exception("Search engine failed")
        raise SearchUnavailable(f"index unreadable: {describe(exc)}") from exc
