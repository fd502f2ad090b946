"""`make setup`'s index step, and the repair of a broken index: checks the index (missing,
unreadable, or holding a different number of documents than the database beyond the
queue's backlog, archive/search/health.py), rebuilds it when it is, then applies queued
changes. Cheap when the index is sound, so a second `make setup` stays fast; while `make run`
serves, its index writer holds the lock and applies the queue itself. Old index generations
(beyond a few, or left by a killed rebuild) are removed on the way."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive.search.filelock import LockHeld
from archive.search.health import IndexHealth, check_index
from archive.search.location import cleanup_generations, live_index_dir
from archive.search.writer import run_writer


def _missing_fields() -> set[str]:
    """Fields of the schema that an index made before them (e.g. `changed`) lacks."""
    from whoosh.index import open_dir

    from archive.search.whoosh_schema import article_schema

    return set(article_schema().names()) - set(open_dir(str(live_index_dir())).schema.names())


def _figures(health: IndexHealth) -> str:
    return (f"{health.indexed} documents for {health.expected} published articles "
            f"({health.queued} queued)")


class Command(BaseCommand):
    help = ("Check the search index and rebuild it when it is missing, unreadable or does "
            "not match the database; then apply queued index changes.")

    def handle(self, *args, verbosity, **options):
        health = check_index()
        problem = health.reason
        if health.ok and health.engine == "whoosh" and (fields := _missing_fields()):
            problem = f"index made before the fields {', '.join(sorted(fields))}"
        if problem:
            self.stdout.write(f"Search index ({health.engine}): {problem}; rebuilding it.")
            call_command("rebuild_index", interactive=False, verbosity=verbosity)
            after = check_index()
            if not after.ok:
                raise CommandError(f"the search index is still not sound: {after.reason}")
            self.stdout.write(f"Search index repaired: {_figures(after)}.")
        elif verbosity:
            self.stdout.write(f"Search index ({health.engine}) is sound: {_figures(health)}.")
        for path in cleanup_generations():  # e.g. what a killed rebuild left
            self.stdout.write(f"Removed the old index generation {path.name}")
        try:
            report = run_writer(once=True)
        except LockHeld:
            self.stdout.write("An index writer is running (make run); it applies the queue.")
            return
        if verbosity and report is not None:
            self.stdout.write(str(report))
