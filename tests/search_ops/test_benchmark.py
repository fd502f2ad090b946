"""The benchmark runs end to end at a tiny size in its own throwaway database and index."""

import json

import pytest
from django.core.management import call_command

from archive.models import Article


@pytest.mark.slow
@pytest.mark.django_db
def test_benchmark_at_tiny_size_writes_its_figures_as_json_and_leaves_real_data_alone(
    tmp_path,
):
    out = tmp_path / "bench.json"
    call_command("benchmark", "--articles", "50", "--repeat", "2", "--json", str(out),
                 "--data-dir", str(tmp_path / "bench"))
    figures = json.loads(out.read_text())
    assert figures["articles"] == 50
    assert figures["indexed_documents"] == 50
    assert figures["indexing_articles_per_s"] > 0
    assert figures["index_size_mb"] > 0
    assert figures["serving_peak_rss_mb"] > 0
    names = {op["name"] for op in figures["operations"]}
    assert {"2-word query", "phrase", "query + 2 filters + facets", "browse, all facets",
            "more like this", "suggestion"} <= names
    assert all(op["raw_p95_ms"] is not None for op in figures["operations"])
    assert Article.objects.count() == 0  # the corpus went to the benchmark's own database


def test_benchmark_of_postgres_needs_a_postgresql_database():
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--engine postgres needs a postgres:// --database-url"):
        call_command("benchmark", "--articles", "50", "--engine", "postgres",
                     "--database-url", "sqlite:///elsewhere.sqlite3")


@pytest.mark.slow
@pytest.mark.django_db
def test_benchmark_of_both_engines_runs_them_side_by_side_on_a_cluster_of_its_own(
        tmp_path, capfd):
    import os

    from tests.pgcluster import find_bindir

    if find_bindir() is None:
        if os.environ.get("ARCHIVE_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL server binaries missing (ARCHIVE_REQUIRE_POSTGRES=1)")
        pytest.skip("PostgreSQL server binaries missing")
    out = tmp_path / "bench.json"
    call_command("benchmark", "--articles", "50", "--repeat", "2", "--engine", "both",
                 "--json", str(out))
    whoosh, postgres = json.loads(out.read_text())
    assert (whoosh["engine"], postgres["engine"]) == ("whoosh", "postgres")
    for figures in (whoosh, postgres):
        assert figures["indexed_documents"] == 50
        assert figures["writer_updates"] == 5 and figures["writer_articles_per_s"] > 0
        assert figures["writer_unchanged_articles_per_s"] > 0
        assert all(op["ours_p95_ms"] is not None for op in figures["operations"])
    table = capfd.readouterr().out
    assert "| 50 articles | whoosh | postgres | target |" in table
    assert "2-word query, p50 / p95 ms" in table
    assert Article.objects.count() == 0
