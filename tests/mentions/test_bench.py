"""The benchmark runs and leaves nothing behind (the real measurement is run by hand)."""

from archive.dev.mention_bench import measure_detection
from archive.models import Article, Mention


def test_measure_detection_reports_timings_and_rolls_back(mini_db):
    result = measure_detection(5, words=60)
    assert result["articles"] == 5
    assert result["detect_and_write_seconds"] >= 0
    assert not Article.objects.exists()
    assert not Mention.objects.exists()
