"""The import_articles command: summary, exit status, progress, and mention detection."""

import io

import pytest
from django.core.management import call_command

from archive.dev.ingest_bench import measure_import_rate
from archive.ingest.progress import ProgressPrinter
from archive.ingest.report import ImportReport, Outcome
from archive.models import Article, Mention
from tests.factories import PublicationFactory


def test_import_runs_mention_detection_on_changed_articles(seeds_dir, gazetteer):
    PublicationFactory(slug="left-voice")
    out = io.StringIO()
    call_command("import_articles", str(seeds_dir / "003_9a5923dd7fa51b46.txt"),
                 "--publication", "left-voice", stdout=out)
    article = Article.objects.get()
    assert Mention.objects.filter(article=article).exists()
    assert "mentions:" in out.getvalue()


def test_success_exits_normally_with_a_summary(seeds_dir, db):
    PublicationFactory(slug="wsws")
    out = io.StringIO()
    call_command("import_articles", str(seeds_dir), "--publication", "wsws", "--date", "2017",
                 "--no-mentions", stdout=out)
    assert "created 2, new version 0, unchanged 0, failed 0" in out.getvalue()


def test_nothing_to_read_fails_with_status_1(tmp_path, db):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_articles", str(tmp_path / "missing"), stdout=io.StringIO(),
                     stderr=err)
    assert exit_info.value.code == 1
    assert "no such file or folder" in err.getvalue()


class Terminal(io.StringIO):
    def write(self, text, ending="\n"):
        return super().write(text + ending)


def test_progress_on_a_terminal_is_one_redrawn_line():
    out, err = Terminal(), Terminal()
    printer = ProgressPrinter(out, err, tty=True)
    printer(Outcome("created", "a.html", 1))
    printer(Outcome("failed", "b.html", reason="no article text"))
    report = ImportReport(created=[Outcome("created", "a.html", 1)],
                          failed=[Outcome("failed", "b.html", reason="no article text")])
    printer.finish(report)
    assert out.getvalue().startswith("\r[")
    assert "created 1, new version 0, unchanged 0, failed 1" in out.getvalue()
    assert "b.html: no article text" in err.getvalue()


def test_measure_import_rate_reports_counts(tmp_path, db):
    result = measure_import_rate(20, tmp_path)
    assert result["created"] == 20 and result["failed"] == 0
    assert result["articles_per_second"] > 0
    assert Article.objects.filter(is_synthetic=True).count() == 20
