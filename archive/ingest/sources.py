"""What the archivist names on the command line, expanded into sources to read: files,
folders (recursively, in name order, hidden files skipped), glob patterns, ``-`` for standard
input, and gzip-compressed files (read through, except WARC files that warcio reads itself)."""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from archive.ingest.limits import read_capped
from archive.ingest.parsed import ParseFailure

STDIN_LABEL = "<stdin>"


@dataclass
class Source:
    label: str
    path: Path | None = None
    data: bytes | None = None

    @property
    def name(self) -> str:
        """The file name without a trailing .gz (what the format is guessed from)."""
        name = self.path.name.lower() if self.path else ""
        return name[:-3] if name.endswith(".gz") else name

    @property
    def gzipped(self) -> bool:
        if self.path is not None:
            return self.path.name.lower().endswith(".gz")
        return bool(self.data and self.data[:2] == b"\x1f\x8b")

    @property
    def provenance(self) -> str:
        """What Capture.source_file records: the absolute path, or <stdin>."""
        return str(self.path.resolve()) if self.path else STDIN_LABEL

    def open_raw(self) -> BinaryIO:
        if self.path is None:
            return io.BytesIO(self.data or b"")
        return open(self.path, "rb")

    def open(self) -> BinaryIO:
        """The content, decompressed when gzipped."""
        raw = self.open_raw()
        return gzip.GzipFile(fileobj=raw) if self.gzipped else raw  # type: ignore[return-value]

    def read_bytes(self, limit: int | None = None) -> bytes:
        """The whole (decompressed) content of a one-article file, within the record cap
        (archive/ingest/limits.py); over it, TooLarge (a ValueError) says so."""
        with self.open() as fh:
            return read_capped(fh, "the file", limit)

    def head(self, size: int = 4096) -> bytes:
        try:
            with self.open() as fh:
                return fh.read(size)
        except (OSError, EOFError):
            with self.open_raw() as fh:
                return fh.read(size)


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not _is_hidden(path, folder):
            yield path


def expand_paths(paths: Iterable[str], stdin: BinaryIO | None = None
                 ) -> Iterator[Source | ParseFailure]:
    """Sources in the order given; a name that matches nothing becomes a ParseFailure."""
    seen: set[Path] = set()

    def emit(path: Path) -> Iterator[Source]:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            yield Source(label=str(path), path=path)

    for raw in map(os.fspath, paths):
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield Source(label=STDIN_LABEL, data=stream.read())
            continue
        path = Path(raw).expanduser()
        if path.is_dir():
            found = False
            for child in _walk(path):
                found = True
                yield from emit(child)
            if not found:
                yield ParseFailure(raw, "folder holds no files")
        elif path.is_file():
            yield from emit(path)
        elif glob.has_magic(raw):
            matches = sorted(Path(m) for m in glob.glob(str(path), recursive=True))
            files = [m for m in matches if m.is_file()]
            for folder in (m for m in matches if m.is_dir()):
                files.extend(_walk(folder))
            if not files:
                yield ParseFailure(raw, "pattern matches no files")
            for match in files:
                yield from emit(match)
        elif path.exists():
            yield ParseFailure(raw, "not a regular file")
        else:
            yield ParseFailure(raw, "no such file or folder")
