"""Re-runs mention detection (archive/mentions/service.py)."""

from django.core.management.base import BaseCommand, CommandError

from archive.mentions.service import detect_mentions


class Command(BaseCommand):
    help = ("Detect figures and parties in articles and update their detected mentions; "
            "editors' mentions are kept as they are.")

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Article ids.")
        parser.add_argument("--all", action="store_true", help="Every article.")
        parser.add_argument("--missing", action="store_true",
                            help="Every article never detected (an interrupted import, "
                                 "--no-mentions).")

    def handle(self, *args, ids, all, missing, **options):
        if sum([bool(ids), all, missing]) != 1:
            raise CommandError("give article ids, --all or --missing (one of them)")
        report = detect_mentions(ids or None, missing=missing)
        if report.skipped_reason:
            raise CommandError(report.skipped_reason)
        if report.missing_ids:
            self.stderr.write(f"No article with id {', '.join(map(str, report.missing_ids))}")
        self.stdout.write(self.style.SUCCESS(str(report)))
