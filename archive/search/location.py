"""Where the live search index lives, and how a rebuilt index replaces it atomically.

The configured index path (HAYSTACK_CONNECTIONS['default']['PATH'], i.e. settings.INDEX_DIR) is
a *root*. A rebuild writes a complete index into a fresh generation directory inside it
(``gen-20261125T090000-ab12cd``) and then names it in the pointer file ``root/CURRENT``. The
pointer is replaced with ``os.replace``, which is atomic: a reader sees either the old
generation or the new one, never an empty or half-written index. Without a pointer the root
itself is the index (the layout of a first ``update_index`` on an empty data directory).

Readers call ``live_index_dir()`` and reopen their searcher when the answer changes. The
rebuild command uses ``writing_to(path)`` so that the backend, which also asks
``live_index_dir()``, writes into the new generation for that process only.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

POINTER = "CURRENT"
PREFIX = "gen-"
#: A superseded generation is kept this long so that searchers still open on it can finish.
GRACE_SECONDS = 600

_override: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "archive_index_dir_override", default=None
)


def index_root(using: str = "default") -> Path:
    """The configured root directory (haystack's PATH, else settings.INDEX_DIR)."""
    conn = getattr(settings, "HAYSTACK_CONNECTIONS", {}).get(using, {})
    path = conn.get("PATH") or getattr(settings, "INDEX_DIR", None)
    if not path:
        raise RuntimeError("No search index path: set HAYSTACK_CONNECTIONS PATH or INDEX_DIR")
    return Path(path)


def _root(root: Path | str | None) -> Path:
    return Path(root) if root is not None else index_root()


def current_generation(root: Path | str | None = None) -> str | None:
    """The generation name stored in the pointer file, or None without a valid pointer."""
    base = _root(root)
    try:
        name = (base / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not name or "/" in name or name in {".", ".."} or not (base / name).is_dir():
        logger.warning("Ignoring index pointer %s naming %r", base / POINTER, name)
        return None
    return name


def live_index_dir(root: Path | str | None = None) -> Path:
    """The directory readers search and the writer updates.

    Cheap (one small file read), so callers may ask before every search and reopen their
    searcher when the path changes.
    """
    override = _override.get()
    if override is not None and root is None:
        return override
    base = _root(root)
    name = current_generation(base)
    return base / name if name else base


def new_generation_dir(root: Path | str | None = None) -> Path:
    """Create and return an empty, unique generation directory next to the live one."""
    base = _root(root)
    base.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = base / f"{PREFIX}{stamp}-{secrets.token_hex(3)}"
    path.mkdir()
    return path


def swap_in(path: Path | str, root: Path | str | None = None) -> None:
    """Make ``path`` (a generation inside the root) the live index, atomically."""
    base = _root(root)
    path = Path(path)
    if path.parent.resolve() != base.resolve() or not path.is_dir():
        raise ValueError(f"{path} is not a generation directory of {base}")
    tmp = base / f".{POINTER}.{os.getpid()}.{secrets.token_hex(3)}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(path.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, base / POINTER)
    with contextlib.suppress(OSError):  # make the rename itself durable where supported
        dir_fd = os.open(base, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    logger.info("Search index generation %s is now live", path.name)


def discard_generation(path: Path | str, root: Path | str | None = None) -> None:
    """Delete an unfinished generation (after a failed rebuild); never the live one."""
    base = _root(root)
    path = Path(path)
    if path.name == current_generation(base) or not path.name.startswith(PREFIX):
        return
    shutil.rmtree(path, ignore_errors=True)


def cleanup_generations(
    root: Path | str | None = None, *, keep: int = 1, grace_seconds: float = GRACE_SECONDS
) -> list[Path]:
    """Delete superseded generations, keeping the live one, the ``keep`` newest others and
    any younger than ``grace_seconds`` (a rebuild may be writing it, a reader may hold it)."""
    base = _root(root)
    if not base.is_dir():
        return []
    live = current_generation(base)
    others = sorted(
        (p for p in base.iterdir() if p.is_dir() and p.name.startswith(PREFIX) and p.name != live),
        key=lambda p: p.name,
        reverse=True,
    )
    now = time.time()
    removed = []
    for path in others[keep:]:
        try:
            age = now - path.stat().st_mtime
        except FileNotFoundError:
            continue
        if age < grace_seconds:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


@contextlib.contextmanager
def writing_to(path: Path | str) -> Iterator[Path]:
    """Within this block (this thread/context only) ``live_index_dir()`` answers ``path``:
    how a rebuild points the backend at the generation it is filling."""
    token = _override.set(Path(path))
    try:
        yield Path(path)
    finally:
        _override.reset(token)
