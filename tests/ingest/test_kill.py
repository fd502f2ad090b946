"""A killed import (kill -9) run again finishes the job with no duplicates and nothing
half-written. Runs the real command in a subprocess against its own SQLite file."""

import json
import subprocess

import pytest

from archive.dev.ingest_bench import write_corpus
from tests.killing import ROOT, count, kill_once, migrated, rerun

N = 3000
ARTICLES = "SELECT count(*) FROM archive_article"


@pytest.mark.slow
def test_killed_import_reruns_to_completion_without_duplicates(tmp_path):
    db, env, manage = migrated(tmp_path)
    corpus = write_corpus(tmp_path / "corpus.jsonl", N, words_per_article=300)
    command = [*manage, "import_articles", str(corpus), "--no-mentions", "--batch-size", "50"]

    imported = kill_once(command, env, db, ARTICLES, 300)
    assert 0 < imported < N
    assert "failed 0" in rerun(command, env).stdout

    assert count(db, "SELECT count(*) FROM archive_article") == N
    assert count(db, "SELECT count(DISTINCT canonical_url) FROM archive_article") == N
    assert count(db, "SELECT count(*) FROM archive_capture") == N
    assert count(db, "SELECT count(*) FROM archive_article a WHERE NOT EXISTS "
                     "(SELECT 1 FROM archive_capture c WHERE c.article_id = a.id)") == 0
    expected_links = sum(len(json.loads(line)["authors"])
                         for line in corpus.read_text(encoding="utf-8").splitlines())
    assert count(db, "SELECT count(*) FROM archive_articleauthor") == expected_links
    assert count(db, "SELECT count(*) FROM archive_historicalarticle") == N


@pytest.mark.slow
def test_killed_import_with_detection_reruns_to_detected_and_queued(tmp_path):
    """kill -9 mid-import (mentions on): the rerun leaves every article detected, with its
    mentions, and queued for indexing (issue 14, items 4 and 9)."""
    db, env, manage = migrated(tmp_path)
    subprocess.run([*manage, "shell", "-c",
                    "from archive.gazetteer.load import load_gazetteer; load_gazetteer()"],
                   env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    n = 1500
    corpus = tmp_path / "names.jsonl"
    with open(corpus, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({
                "url": f"https://example.org/politique/{i}", "title": f"Débat numéro {i}",
                "date": "2022-03-01", "language": "fr",
                "body": f"Emmanuel Macron a répondu à Marine Le Pen lors du débat {i}. "
                        "La France insoumise a dénoncé une réforme injuste. " * 20,
            }, ensure_ascii=False) + "\n")
    command = [*manage, "import_articles", str(corpus), "--batch-size", "20"]
    imported = kill_once(command, env, db, ARTICLES, 200)
    assert 0 < imported < n
    rerun(command, env)
    assert count(db, "SELECT count(*) FROM archive_article") == n
    assert count(db, "SELECT count(*) FROM archive_article "
                     "WHERE mentions_detected_at IS NULL") == 0
    assert count(db, "SELECT count(*) FROM archive_article a WHERE NOT EXISTS (SELECT 1 FROM "
                     "archive_mention m WHERE m.article_id = a.id AND m.figure_id IS NOT NULL)"
                 ) == 0
    assert count(db, "SELECT count(DISTINCT object_id) FROM archive_indextask") == n
