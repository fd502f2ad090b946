import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.capture.config import CaptureConfig
from archive.capture.crawl import CaptureRun
from archive.ingest.progress import ProgressPrinter
from archive.models import Publication


class Command(BaseCommand):
    help = ("Capture web pages, the articles of RSS/Atom feeds and the URLs of sitemaps into "
            "WARC files under var/warcs/, and import them (see docs/capture.md).")

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", metavar="URL")
        parser.add_argument("--feed", action="append", default=[], metavar="URL")
        parser.add_argument("--sitemap", action="append", default=[], metavar="URL")
        parser.add_argument("--file", metavar="URLS.txt", help="page URLs, one per line")
        parser.add_argument("--publication", metavar="SLUG",
                            help="publication of every captured article")
        parser.add_argument("--max-pages", type=int, metavar="N")
        parser.add_argument("--delay", type=float, metavar="SECONDS",
                            help="seconds between two requests to one host")
        parser.add_argument("--due", action="store_true",
                            help="do what the schedule says is due (feed polls, re-captures)")
        parser.add_argument("--worker", action="store_true",
                            help="run the capture worker: queued jobs and the schedule")

    def handle(self, *args, **options):
        if options["worker"]:
            from archive.capture.jobs import work

            self.stdout.write("capture worker started")
            work()
            return
        urls = list(options["urls"])
        if options["file"]:
            try:
                text = Path(options["file"]).read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                raise CommandError(f"--file: {exc}") from exc
            urls += [line.strip() for line in text.splitlines()
                     if line.strip() and not line.lstrip().startswith("#")]
        slug = options["publication"]
        if slug and not Publication.objects.filter(slug=slug).exists():
            raise CommandError(f"--publication: no publication with slug {slug!r}; "
                               "create it in the admin first")
        if options["max_pages"] is not None and options["max_pages"] < 0:
            raise CommandError("--max-pages must be 0 or more")
        if options["delay"] is not None and options["delay"] < 0:
            raise CommandError("--delay must be 0 or more")
        if not (urls or options["feed"] or options["sitemap"] or options["due"]):
            raise CommandError("nothing to capture: give URLs, --feed, --sitemap, --file "
                               "or --due")
        try:
            config = CaptureConfig.from_settings(delay=options["delay"])
        except ValueError as exc:
            raise CommandError(f"ARCHIVE_CAPTURE_RECAPTURE: {exc}") from exc
        printer = ProgressPrinter(self.stdout, self.stderr,
                                  tty=self.stdout.isatty() and options["verbosity"] >= 1,
                                  verbosity=options["verbosity"])
        if options["due"]:
            from archive.capture.schedule import run_due

            report = run_due(progress=printer, config=config)
        else:
            report = None
        if urls or options["feed"] or options["sitemap"]:
            run = CaptureRun(config, publication=slug, progress=printer,
                             max_pages=options["max_pages"],
                             **({"report": report} if report is not None else {}))
            report = run.run(urls, feeds=options["feed"], sitemaps=options["sitemap"])
            for line in run.repaired:
                self.stderr.write(f"repaired WARC file {line}")
        printer.finish(report)
        for reason, count in sorted(report.skipped_reasons().items()):
            self.stdout.write(f"  skipped {count}: {reason}")
        if not report.ok:
            sys.exit(1)
