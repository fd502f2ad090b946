"""Count the tallies again from the articles and their mentions, or check them."""

import time

from django.core.management.base import BaseCommand, CommandError

from archive import tallies
from archive.tallies.counting import differences


class Command(BaseCommand):
    help = ("Count the pages' tallies (mentions per month, co-mentions, index counts) again "
            "from the articles; with --check, only report buckets that disagree.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Compare the stored tallies with a count from nothing; exit "
                                 "with status 1 if any bucket differs. Changes nothing.")

    def handle(self, *args, check: bool = False, **options):
        started = time.perf_counter()
        if check:
            wrong = differences()
            for bucket, (stored, counted) in sorted(wrong.items())[:20]:
                self.stdout.write(f"{bucket}: stored {stored}, counted {counted}")
            if wrong:
                raise CommandError(f"{len(wrong)} tally bucket(s) differ from a recount; "
                                   "run manage.py rebuild_tallies")
            self.stdout.write("Tallies agree with a count from nothing.")
            return
        rows = tallies.rebuild()
        self.stdout.write(f"Counted {rows} tally buckets in "
                          f"{time.perf_counter() - started:.1f} s.")
