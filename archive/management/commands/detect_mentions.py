"""Re-runs mention detection (archive/mentions/service.py)."""

from django.core.management.base import BaseCommand, CommandError

from archive.mentions.service import detect_mentions


class Command(BaseCommand):
    help = ("Detect figures and parties in articles and update their detected mentions; "
            "editors' mentions are kept as they are.")

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Article ids.")
        parser.add_argument("--all", action="store_true", help="Every article.")

    def handle(self, *args, ids, all, **options):
        if all == bool(ids):
            raise CommandError("give article ids or --all (not both)")
        report = detect_mentions(None if all else ids)
        if report.skipped_reason:
            raise CommandError(report.skipped_reason)
        if report.missing_ids:
            self.stderr.write(f"No article with id {', '.join(map(str, report.missing_ids))}")
        self.stdout.write(self.style.SUCCESS(str(report)))
