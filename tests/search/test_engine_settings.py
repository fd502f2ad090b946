"""ARCHIVE_SEARCH_ENGINE picks the engine; a wrong choice stops the start with a clear error;
nothing above the engines knows which one runs."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ("import django; django.setup(); from django.conf import settings; "
         "print(settings.HAYSTACK_CONNECTIONS['default']['ENGINE'])")


def start(**env) -> subprocess.CompletedProcess:
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings", **env}
    return subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=120, check=False)


def test_whoosh_is_the_default(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_SEARCH_ENGINE"}
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, timeout=120, check=False,
                          env={**env, "DJANGO_SETTINGS_MODULE": "archive.settings",
                               "ARCHIVE_DATA_DIR": str(tmp_path)},
                          capture_output=True, text=True)
    assert done.stdout.strip() == "archive.search.backend.ArchiveWhooshEngine", done.stderr


def test_postgres_without_a_postgresql_database_is_a_clear_error(tmp_path):
    done = start(ARCHIVE_SEARCH_ENGINE="postgres",
                 DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "DATABASE_URL" in done.stderr and "postgres" in done.stderr


def test_postgres_on_postgresql_names_the_postgres_engine():
    done = start(ARCHIVE_SEARCH_ENGINE="postgres",
                 DATABASE_URL="postgres://archive@127.0.0.1:1/archive")
    assert done.stdout.strip() == "archive.search.postgres.engine.PostgresEngine", done.stderr


def test_an_unknown_engine_is_a_clear_error():
    done = start(ARCHIVE_SEARCH_ENGINE="lucene")
    assert done.returncode != 0 and "whoosh, postgres" in done.stderr


ABOVE_ENGINES = ["archive/search/selector.py", "archive/search/query.py",
                 "archive/search/params.py", "archive/search/entities.py",
                 *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "archive/views").glob("*.py")),
                 *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "archive/api").glob("*.py")),
                 "archive/feeds.py"]


@pytest.mark.parametrize("path", ABOVE_ENGINES)
def test_nothing_above_the_engines_imports_whoosh_or_psycopg(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
            if node.module.startswith("archive.search."):
                imported.add(node.module)
    assert not imported & {"whoosh", "psycopg", "psycopg2"}
    assert not imported & {"archive.search.backend", "archive.search.matching",
                           "archive.search.docvalues", "archive.search.whoosh_search"}
