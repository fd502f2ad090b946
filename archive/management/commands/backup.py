"""`make backup`: a consistent copy of the database while the site runs (archive/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, backup, default_dir


class Command(BaseCommand):
    help = ("Back up the database consistently while the site runs: SQLite's online backup "
            "API or pg_dump, with a manifest of row counts beside it.")

    def add_arguments(self, parser):
        parser.add_argument("--output", help=f"A file or directory (default {default_dir()}).")
        parser.add_argument("--keep", type=int,
                            help="Then remove all but the newest KEEP backups of that directory.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, keep, database, **options):
        try:
            report = backup(output, using=database, keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
