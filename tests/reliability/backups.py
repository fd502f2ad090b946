"""Row 6, backup round trip: an archive of generated articles, indexed, backed up
(archive/backup.py: SQLite's online backup API, pg_dump for PostgreSQL), damaged by a bad
day, restored: the table counts and the results of a fixed set of searches must be those
of the moment of the backup."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tests.killing import archive_env
from tests.reliability.child import in_child
from tests.reliability.table import Row, Scale


def work(scale: Scale) -> dict:
    from django.conf import settings

    from archive.backup import backup, restore, table_counts
    from archive.dev.corpus import generate
    from archive.gazetteer.load import load_gazetteer
    from archive.search.rebuild import rebuild
    from tests.snapshots import bad_day, search_results

    load_gazetteer()
    generate(scale.backup_articles, seed=5)
    rebuild()
    counts, results = table_counts(), search_results()
    started = time.perf_counter()
    report = backup(Path(settings.DATA_DIR) / "backups")
    backup_seconds = time.perf_counter() - started
    bad_day()
    damaged = table_counts() != counts or search_results() != results
    started = time.perf_counter()
    restore(report.path)
    restore_seconds = time.perf_counter() - started
    after_counts, after_results = table_counts(), search_results()
    return {"articles": counts["archive_article"], "tables": len(counts),
            "rows": sum(counts.values()), "damaged": damaged,
            "counts_identical": after_counts == counts,
            "different_tables": sorted(k for k in counts if after_counts.get(k) != counts[k]),
            "searches": len(results),
            "searches_identical": sum(1 for a, b in zip(after_results, results, strict=True)
                                      if a == b),
            "backup_seconds": round(backup_seconds, 1),
            "restore_seconds": round(restore_seconds, 1)}


def run(scale: Scale, database_url: str | None = None) -> Row:
    with tempfile.TemporaryDirectory(prefix="reliability-backup-") as tmp:
        _, env = archive_env(Path(tmp), **({"DATABASE_URL": database_url}
                                          if database_url else {}))
        found = in_child("backups", scale, env)
    ok = (found["damaged"] and found["counts_identical"]
          and found["searches_identical"] == found["searches"])
    measured = (f"{found['articles']:,} articles: counts of {found['tables']} tables "
                f"{'identical' if found['counts_identical'] else 'DIFFERENT'}, "
                f"{found['searches_identical']}/{found['searches']} searches identical "
                f"(backup {found['backup_seconds']} s, restore {found['restore_seconds']} s)")
    return Row("backup round trip", measured, "identical counts and search results", ok,
               details=found)
