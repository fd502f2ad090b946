"""Backups that restore: a consistent copy of the database while the site runs, and a
restore that brings the search index back in line (docs/operations.md).

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies the database as of
  one moment, even while an import writes to it in WAL mode (copying the file does not: the
  WAL holds pages the main file lacks). The copy is checked with ``PRAGMA integrity_check``.
  Restoring goes through the same API in the other direction, into the live database, so
  open connections see the restored data at their next transaction.
- PostgreSQL: ``pg_dump --format=custom`` (one snapshot) and ``pg_restore --clean``.

Each backup has a manifest beside it (``<name>.json``): engine, time and the row count of
every table. A restore compares the restored counts with it, then rebuilds the search index
(a new generation swapped in atomically), so search never silently diverges from the data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

SQLITE_SUFFIX = ".sqlite3"
PG_SUFFIX = ".pgdump"


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why."""


@dataclass
class BackupReport:
    path: Path
    engine: str
    counts: dict[str, int] = field(default_factory=dict)
    removed: list[Path] = field(default_factory=list)

    def __str__(self) -> str:
        total = sum(self.counts.values())
        text = (f"Backup written to {self.path} ({self.engine}, {len(self.counts)} tables, "
                f"{total} rows, {self.counts.get('archive_article', 0)} articles)")
        if self.removed:
            text += f"; removed {len(self.removed)} older backups"
        return text


@dataclass
class RestoreReport:
    path: Path
    counts: dict[str, int]
    index: str = ""

    def __str__(self) -> str:
        return (f"Restored {self.path}: {self.counts.get('archive_article', 0)} articles, "
                f"{sum(self.counts.values())} rows, counts match the manifest. Index: "
                f"{self.index}")


def default_dir() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)
                   if m._meta.managed and not m._meta.proxy})


def table_counts(using: str = "default") -> dict[str, int]:
    """Rows per table of every installed model (and auto-created m2m table)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return _count(cursor, connection.introspection.table_names(cursor))


def _count(cursor, existing) -> dict[str, int]:
    counts = {}
    existing = set(existing)
    for table in _tables():
        if table in existing:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


# -- backup --------------------------------------------------------------------------------
def backup(output: Path | str | None = None, *, using: str = "default",
           keep: int | None = None) -> BackupReport:
    """Write a backup (``output``: a file, or a directory for a time-stamped name) and its
    manifest; ``keep`` removes all but the newest ``keep`` backups of that directory."""
    engine = _engine(using)
    suffix = SQLITE_SUFFIX if engine == "sqlite" else PG_SUFFIX
    target = Path(output) if output is not None else default_dir()
    if target.is_dir() or output is None or not target.suffix:
        target.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = target / f"archive-{stamp}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        dump = _sqlite_backup if engine == "sqlite" else _pg_dump
        counts = dump(using, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    manifest = {"engine": engine, "created": dt.datetime.now(dt.UTC).isoformat(),
                "file": target.name, "counts": counts}
    _manifest_path(target).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    report = BackupReport(target, engine, counts)
    if keep is not None:
        report.removed = prune(target.parent, keep=keep, suffix=suffix)
    return report


def _sqlite_backup(using: str, path: Path) -> dict[str, int]:
    connection = connections[using]
    connection.ensure_connection()
    destination = sqlite3.connect(path)
    try:
        # pages=-1: one step, so the copy is of a single moment even while others write.
        connection.connection.backup(destination, pages=-1)
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        result = destination.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"the copy failed its integrity check: {result}")
        cursor = destination.cursor()
        tables = [row[0] for row in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")]
        return _count(cursor, tables)
    finally:
        destination.close()


def prune(directory: Path, *, keep: int, suffix: str) -> list[Path]:
    """Remove all but the newest ``keep`` backups (and their manifests) in ``directory``."""
    if keep < 1:
        raise BackupError("--keep must be at least 1")
    found = sorted(directory.glob(f"archive-*{suffix}"), key=lambda p: p.name, reverse=True)
    removed = []
    for path in found[keep:]:
        path.unlink(missing_ok=True)
        _manifest_path(path).unlink(missing_ok=True)
        removed.append(path)
    return removed


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


# -- restore -------------------------------------------------------------------------------
def restore(path: Path | str, *, using: str = "default", rebuild_index: bool = True,
            ) -> RestoreReport:
    """Replace the database's contents with a backup, check the counts against its
    manifest, and rebuild the search index from the restored data."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    engine = _engine(using)
    manifest = _read_manifest(path)
    if manifest.get("engine", engine) != engine:
        raise BackupError(f"{path} is a {manifest['engine']} backup; this archive runs on "
                          f"{engine}")
    if engine == "sqlite":
        _sqlite_restore(using, path)
    else:
        _pg_restore(using, path)
    counts = table_counts(using)
    expected = manifest.get("counts")
    if expected is not None:
        differing = {t: (n, counts.get(t)) for t, n in expected.items() if counts.get(t) != n}
        if differing:
            raise BackupError(f"restored counts differ from the manifest: {differing}")
    cache.clear()
    report = RestoreReport(path, counts)
    if rebuild_index:
        call_command("rebuild_index", interactive=False, verbosity=0)
        with contextlib.suppress(CommandError):  # a running writer holds the lock: it drains
            call_command("index_writer", once=True, verbosity=0)
        report.index = "rebuilt from the restored data"
    else:
        report.index = "not rebuilt (run `manage.py rebuild_index`)"
    return report


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads(_manifest_path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError as exc:
        raise BackupError(f"the manifest of {path} is not valid JSON: {exc}") from None


def _sqlite_restore(using: str, path: Path) -> None:
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        result = source.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database: {exc}") from None
    try:
        if result != "ok":
            raise BackupError(f"{path} failed its integrity check: {result}")
        connection = connections[using]
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("cannot restore inside a transaction")
        source.backup(connection.connection, pages=-1)
        connection.connection.execute("PRAGMA journal_mode=WAL")
    finally:
        source.close()


# -- PostgreSQL ----------------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """The newest PostgreSQL client tool on this machine (a dump from a newer client still
    restores into the server's version; an older client refuses a newer server)."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit()
                        else 0, reverse=True)
    found = candidates[0] if candidates else shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install PostgreSQL's client tools")
    return found


def _pg_env(using: str) -> tuple[list[str], dict[str, str]]:
    options = connections[using].settings_dict
    env = {**os.environ}
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if options.get(key):
            args += [flag, str(options[key])]
    if options.get("PASSWORD"):
        env["PGPASSWORD"] = str(options["PASSWORD"])
    return [*args, "--dbname", str(options["NAME"])], env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _pg_dump(using: str, path: Path) -> dict[str, int]:
    """pg_dump from a snapshot this connection exports, so that the manifest's counts are
    those of the dump even while an import writes."""
    import psycopg

    args, env = _pg_env(using)
    params = connections[using].get_connection_params()
    with psycopg.connect(**params) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = "
                           "current_schema()")
            counts = _count(cursor, [row[0] for row in cursor.fetchall()])
            _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", "--file", str(path), *args], env)
    return counts


def _pg_restore(using: str, path: Path) -> None:
    args, env = _pg_env(using)
    connections[using].close()
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", *args, str(path)], env)
