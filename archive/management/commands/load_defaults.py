from django.core.management.base import BaseCommand, CommandError

from archive.defaults import load_defaults


class Command(BaseCommand):
    help = "Load the gazetteer, the seed publications and the seed articles (idempotent)."

    def handle(self, *args, **options):
        report = load_defaults()
        for line in report.lines:
            self.stdout.write(line)
        if report.failed:
            raise CommandError(f"{report.failed} seed file(s) failed to import")
