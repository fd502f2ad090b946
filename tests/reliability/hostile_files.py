"""Row 4, hostile files tried: the decompression bombs and the oversized page of
archive/dev/hostile.py, each read by the importers in a fresh process at the real caps; each
must be refused with its reason while memory stays bounded (what follows a bomb in the same
file is still read)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from archive.dev.hostile import MB, hostile_files, measure
from tests.reliability.table import Row, Scale

#: Growth of a reader's peak RSS over its baseline allowed for one decompression bomb (as in
#: tests/ingest/test_limits.py), and for the page under the byte cap, which is parsed whole
#: before its article is found too long (bounded by the 8 MB cap, not by a stream).
MAX_GROWTH_MB = 100
MAX_PAGE_GROWTH_MB = 400


def run(scale: Scale) -> Row:
    files = []
    with tempfile.TemporaryDirectory(prefix="reliability-hostile-") as tmp:
        for path, expanded in hostile_files(Path(tmp), expanded=scale.hostile_expanded,
                                               page=scale.hostile_page):
            measured = measure(path, expanded)
            path.unlink()
            files.append({
                "file": measured.name, "on_disk_mb": round(measured.size_on_disk / MB, 2),
                "expanded_mb": round(expanded / MB), "refused": measured.refused,
                "accepted": measured.imported, "peak_mb": round(measured.peak_mb, 1),
                "growth_mb": round(measured.growth_mb, 1),
                "seconds": round(measured.seconds, 2),
                "ok": bool(measured.refused) and measured.growth_mb < (
                    MAX_PAGE_GROWTH_MB if path.suffix == ".html" else MAX_GROWTH_MB),
            })
    refused = sum(1 for f in files if f["refused"])
    peak = max(f["peak_mb"] for f in files)
    growth = max(f["growth_mb"] for f in files)
    measured = (f"{len(files)} tried, {refused} refused with a reason, "
                f"{sum(f['accepted'] for f in files)} records after them accepted; "
                f"peak {peak:.0f} MB (+{growth:.0f} MB)")
    return Row("hostile files tried", measured,
               f"all refused; growth < {MAX_GROWTH_MB} MB a bomb, "
               f"< {MAX_PAGE_GROWTH_MB} MB the page", all(f["ok"] for f in files),
               details={"files": files})
