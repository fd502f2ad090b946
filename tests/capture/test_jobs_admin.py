"""The admin queues capture jobs (never fetching in the request), the worker does them, the
schedule polls publications and re-captures pages; the command's summary and exit status."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.admin.editors import make_editor
from archive.capture import jobs
from archive.capture.schedule import run_due
from archive.models import Article, CapturedURL, CaptureJob, Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, db):
    user, _ = make_editor("edith", password="a long Passphrase 42")
    client.force_login(user)
    return client


def test_pasted_feed_url_is_queued_not_fetched(editor_client, site, capture_settings):
    response = editor_client.post("/admin/archive/capturejob/add/", {
        "urls": "", "feed_urls": site.url("/feed.xml"), "sitemap_urls": "", "publication": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    job = CaptureJob.objects.get()
    assert job.status == "queued" and job.feed_urls == [site.url("/feed.xml")]
    assert job.created_by == "edith"
    assert site.state.requests == []  # nothing fetched inside the request


@pytest.mark.parametrize("url,why", [("http://169.254.169.254/", "link-local"),
                                     ("http://localhost:5432/", "loopback")])
def test_pasted_private_address_gets_a_clear_refusal(editor_client, url, why):
    response = editor_client.post("/admin/archive/capturejob/add/", {
        "urls": url, "feed_urls": "", "sitemap_urls": "", "publication": "",
    })
    assert response.status_code == 200
    text = response.content.decode()
    assert "refused" in text and why in text
    assert not CaptureJob.objects.exists()


def test_worker_does_the_job_and_records_status_timings_and_errors(site, capture_settings):
    job = jobs.queue_job(urls=[site.url("/fr/melenchon-marseille.html"),
                               site.url("/missing.html")])
    assert jobs.work(once=True, schedule=False, poll_seconds=0) == 1
    job.refresh_from_db()
    assert job.status == "failed"  # one page failed; the other is archived
    assert job.started_at <= job.finished_at
    assert "created 1" in job.summary
    assert site.url("/missing.html") in job.errors and "HTTP 404" in job.errors
    assert Article.objects.count() == 1


def test_job_list_shows_status_and_errors(editor_client, site, capture_settings):
    job = jobs.queue_job(urls=[site.url("/missing.html")])
    jobs.work(once=True, schedule=False, poll_seconds=0)
    page = editor_client.get("/admin/archive/capturejob/").content.decode()
    assert "HTTP 404" in page and "failed" in page
    assert editor_client.get(f"/admin/archive/capturejob/{job.pk}/change/").status_code == 200


def test_interrupted_jobs_go_back_to_the_queue(db):
    job = CaptureJob.objects.create(urls=["http://example.test/"], status="running")
    assert jobs.requeue_interrupted() == 1
    job.refresh_from_db()
    assert job.status == "queued"


def test_schedule_polls_due_publications_and_recaptures_due_pages(site, config):
    publication = Publication.objects.create(name="Le Journal Local", slug="journal-local",
                                             feed_urls=[site.url("/feed.xml")],
                                             poll_minutes=30)
    report = run_due(config=config)
    assert len(report.created) == 3
    assert set(Article.objects.values_list("publication__slug", flat=True)) == {
        "journal-local"}
    publication.refresh_from_db()
    assert publication.last_polled_at is not None
    # nothing is due right after
    assert not run_due(config=config).total
    # an hour later the pages are due for their first re-capture (1h, 1d, 7d, 30d)
    site.state.changing_version = 2
    later = timezone.now() + dt.timedelta(minutes=61)
    report = run_due(config=config, now=later)
    assert [o.label for o in report.updated] == [site.url("/fr/changing.html")]
    row = CapturedURL.objects.get(url=site.url("/fr/changing.html"))
    assert row.recaptures == 1
    assert row.next_capture_at - row.first_captured_at == dt.timedelta(days=1)


def test_command_prints_the_summary_and_exits_1_on_failures(site, capture_settings):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("capture", site.url("/fr/melenchon-marseille.html"),
                     site.url("/missing.html"), site.url("/document.pdf"), stdout=out,
                     stderr=err)
    assert exit_.value.code == 1
    text = out.getvalue()
    assert "created 1, new version 0, unchanged 0, failed 1" in text
    assert "skipped 1: not an HTML page (application/pdf)" in text
    assert "HTTP 404" in err.getvalue()


def test_command_exits_0_when_nothing_failed(site, capture_settings, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# pages\n{site.url('/fr/melenchon-marseille.html')}\n")
    out = io.StringIO()
    call_command("capture", "--file", str(urls), "--delay", "0", stdout=out)
    assert "created 1" in out.getvalue()


def test_command_rejects_bad_options(capture_settings):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nothing to capture"):
        call_command("capture")
    with pytest.raises(CommandError, match="no publication"):
        call_command("capture", "http://example.test/", "--publication", "nope")


def test_max_pages_limits_the_pages_fetched(site, config):
    from archive.capture.crawl import capture

    report = capture(feeds=[site.url("/feed.xml")], max_pages=1, config=config)
    assert len(report.created) == 1
    assert "/en/le-pen-campaign.html" not in site.state.paths()


def test_changed_parameter_parsing():
    from archive.search.params import parse_search_params

    assert parse_search_params({"changed": "1"})[0].changed
    assert not parse_search_params({"changed": "0"})[0].changed
    assert not parse_search_params({})[0].changed
