"""A migrated SQLite site with an empty index in a temp var/, per test module, for the tests
that start `manage.py serve`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    var = tmp_path_factory.mktemp("serve") / "var"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(var), "ARCHIVE_INDEX_DIR": str(var / "index"),
           "DATABASE_URL": f"sqlite:///{var / 'archive.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "archive.settings", "DJANGO_DEBUG": "0"}
    var.mkdir(parents=True)
    for command in (["migrate", "-v0"], ["ensure_index", "-v0"]):
        subprocess.run([*MANAGE, *command], env=env, check=True, cwd=ROOT)
    return env, var
