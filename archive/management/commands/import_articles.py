import sys

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.dates import parse_date_hint
from archive.ingest.formats import FORMATS
from archive.ingest.pipeline import ingest
from archive.ingest.progress import ProgressPrinter
from archive.models import Publication


class Command(BaseCommand):
    help = ("Import articles from plain-text dumps, saved HTML pages, WARC files or JSON lines "
            "(files, folders, globs, or - for standard input).")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=FORMATS, default="auto")
        parser.add_argument("--publication", metavar="SLUG",
                            help="publication of every imported article")
        parser.add_argument("--url", metavar="URL",
                            help="canonical URL for a page or dump that does not give one")
        parser.add_argument("--date", metavar="YYYY[-MM[-DD]]",
                            help="date for articles that give none (marked estimated)")
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument("--no-mentions", action="store_true",
                            help="do not run mention detection on the imported articles")

    def handle(self, *args, **options):
        try:
            date_hint = parse_date_hint(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        slug = options["publication"]
        if slug and not Publication.objects.filter(slug=slug).exists():
            known = ", ".join(Publication.objects.values_list("slug", flat=True)[:30]) or "none"
            raise CommandError(f"--publication: no publication with slug {slug!r} "
                               f"(known: {known}); create it in the admin first")
        printer = ProgressPrinter(self.stdout, self.stderr,
                                  tty=self.stdout.isatty() and options["verbosity"] >= 1,
                                  verbosity=options["verbosity"])
        report = ingest(
            options["paths"], format=options["format"], publication=options["publication"],
            url=options["url"], date_hint=date_hint, progress=printer,
            batch_size=options["batch_size"], detect=not options["no_mentions"],
        )
        printer.finish(report)
        if report.mentions is not None:
            self.stdout.write(f"mentions: {report.mentions}")
            if report.mentions.errors:
                self.stderr.write("mention detection failed for some articles; they are "
                                  "imported: run `manage.py detect_mentions --missing`")
        if not report.ok or (report.mentions is not None and report.mentions.errors):
            sys.exit(1)
