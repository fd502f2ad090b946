"""Extraction quality against ground truth (archive/dev/extraction.py): ours beats raw
trafilatura and reaches the targets on every field (issue 13)."""

import pytest
from django.core.management import call_command

from archive.dev.extraction import FIELDS, TARGETS, evaluate, load_pages


def test_written_pages_reach_the_targets():
    result = evaluate({"written": load_pages(aeb_dir=None)["written"]})
    ours = result["written"]["ours"]
    assert ours.pages >= 10
    for field in FIELDS:
        assert ours.mean(field) >= TARGETS[field], (field, ours.misses[field])


@pytest.mark.shared
def test_aeb_and_written_pages_reach_the_targets_and_beat_trafilatura(shared_testdata):
    sets = load_pages(shared_testdata / "aeb")
    assert len(sets["aeb"]) == 30
    result = evaluate(sets)
    ours, raw = result["all"]["ours"], result["all"]["trafilatura"]
    for field in FIELDS:
        assert ours.mean(field) >= TARGETS[field], (field, ours.misses[field])
        assert ours.mean(field) >= raw.mean(field), field


def test_the_benchmark_command_prints_the_table(capsys):
    call_command("benchmark", "--extraction")
    out = capsys.readouterr().out
    assert "trafilatura" in out and "written" in out and "title" in out
