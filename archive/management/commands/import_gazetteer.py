from django.core.management.base import BaseCommand, CommandError

from archive.gazetteer.importer import GazetteerFormatError, import_gazetteer_file


class Command(BaseCommand):
    help = "Merge figures, memberships, offices and candidacies from CSV or JSON files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files, **options):
        for name in files:
            try:
                report = import_gazetteer_file(name)
            except (OSError, GazetteerFormatError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.MIGRATE_HEADING(name))
            for line in report.lines():
                self.stdout.write(f"  {line}")
