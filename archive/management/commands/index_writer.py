"""Runs the single search-index writer: `make run` starts it beside gunicorn."""

from django.core.management.base import BaseCommand, CommandError

from archive.search.filelock import LockHeld
from archive.search.writer import POLL_SECONDS, run_writer


class Command(BaseCommand):
    help = ("Apply queued search-index changes: loop (polling every 0.5 s) or, with --once, "
            "apply everything due and exit. Only one writer runs per index (lock file).")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Apply the tasks that are due, then exit.")
        parser.add_argument("--poll", type=float, default=POLL_SECONDS,
                            help="Seconds between polls when the queue is empty.")
        parser.add_argument("--using", default="default", help="haystack connection alias.")

    def handle(self, *args, once, poll, using, **options):
        if poll <= 0:
            raise CommandError("--poll must be a positive number of seconds")
        try:
            report = run_writer(using, once=once, poll=poll, stdout=self.stdout)
        except LockHeld as exc:
            raise CommandError(str(exc)) from None
        if report is not None:
            self.stdout.write(str(report))
