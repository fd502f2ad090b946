"""`make restore FROM=...`: a backup back into the database, then the index rebuilt."""

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Replace the database's contents with a backup made by `backup`, check its row "
            "counts against the manifest, and rebuild the search index from it.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="A backup file (archive-*.sqlite3 or .pgdump).")
        parser.add_argument("--no-rebuild", action="store_true",
                            help="Leave the search index alone (then rebuild_index yourself).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, no_rebuild, database, **options):
        try:
            report = restore(path, using=database, rebuild_index=not no_rebuild)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
