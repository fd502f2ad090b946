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

from archive.search.filelock import FileLock, LockHeld

logger = logging.getLogger(__name__)

POINTER = "CURRENT"
PREFIX = "gen-"
#: Generations that have been live, oldest first (so a killed rebuild's directory, never
#: live, is not mistaken for a previous index worth keeping).
HISTORY = "HISTORY"
#: Held by a rebuild while it fills its generation (archive/search/rebuild.py).
REBUILD_LOCK = "rebuild.lock"
#: A superseded generation is kept this long so that searchers still open on it can finish.
GRACE_SECONDS = 600
#: Superseded generations kept besides the live one (to go back to by hand).
KEEP_GENERATIONS = 2

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
    previous = current_generation(base)
    with open(base / HISTORY, "a", encoding="utf-8") as fh:
        if previous and not _history(base):  # the first swap since histories are kept
            fh.write(previous + "\n")
        fh.write(path.name + "\n")
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
    root: Path | str | None = None, *, keep: int = KEEP_GENERATIONS,
    grace_seconds: float = GRACE_SECONDS,
) -> list[Path]:
    """Delete generations no reader needs: superseded ones beyond the ``keep`` newest (once
    older than ``grace_seconds``, as a searcher may still hold one), and ones that never
    went live (a killed or failed rebuild's), unless a rebuild is filling one right now."""
    base = _root(root)
    if not base.is_dir():
        return []
    live = current_generation(base)
    history = _history(base)
    others = sorted(
        (p for p in base.iterdir() if p.is_dir() and p.name.startswith(PREFIX) and p.name != live),
        key=lambda p: p.name,
        reverse=True,
    )
    order = {name: i for i, name in enumerate(history)}
    superseded = sorted((p for p in others if p.name in order), key=lambda p: -order[p.name])
    never_live = [p for p in others if p.name not in order]
    now = time.time()
    removed = []

    def old(path: Path) -> bool:
        try:
            return now - path.stat().st_mtime >= grace_seconds
        except FileNotFoundError:
            return False

    lock = FileLock(base / REBUILD_LOCK)
    try:
        lock.acquire()
    except LockHeld:  # a rebuild is filling a generation and will swap it in: leave those
        never_live = None
    try:
        for path in superseded[keep:]:
            if old(path):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        for path in never_live or ():
            # A dead rebuild's; without any history yet, perhaps a formerly live one that a
            # reader may still hold, so it gets the readers' grace.
            if history or old(path):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        if never_live is not None:  # the lock is ours: no swap can append meanwhile
            _write_history(base, [name for name in history if (base / name).is_dir()])
    finally:
        lock.release()
    return removed


def _history(base: Path) -> list[str]:
    try:
        return (base / HISTORY).read_text(encoding="utf-8").split()
    except FileNotFoundError:
        return []


def _write_history(base: Path, names: list[str]) -> None:
    tmp = base / f".{HISTORY}.{os.getpid()}.{secrets.token_hex(3)}"
    tmp.write_text("".join(f"{n}\n" for n in dict.fromkeys(names)), encoding="utf-8")
    os.replace(tmp, base / HISTORY)


@contextlib.contextmanager
def writing_to(path: Path | str) -> Iterator[Path]:
    """Within this block (this thread/context only) ``live_index_dir()`` answers ``path``:
    how a rebuild points the backend at the generation it is filling."""
    token = _override.set(Path(path))
    try:
        yield Path(path)
    finally:
        _override.reset(token)
