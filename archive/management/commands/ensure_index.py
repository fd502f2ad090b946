"""`make setup`'s index step: build the index when there is none, then apply queued changes.
Cheap when the index exists, so a second `make setup` stays fast; while `make run` serves,
its index writer holds the lock and applies the queue itself. Old index generations (beyond
a few, or left by a killed rebuild) are removed on the way."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections
from whoosh.index import exists_in

from archive.search.filelock import LockHeld
from archive.search.location import cleanup_generations, live_index_dir
from archive.search.writer import run_writer


def _missing_fields(path: str) -> bool:
    """An index made before the schema gained a field (e.g. `changed`) is rebuilt."""
    from whoosh.index import open_dir

    from archive.search.backend import article_schema

    return bool(set(article_schema().names()) - set(open_dir(path).schema.names()))


class Command(BaseCommand):
    help = "Build the search index if it is missing, then apply queued index changes."

    def handle(self, *args, verbosity, **options):
        backend = connections["default"].get_backend()
        if hasattr(backend, "index_exists"):  # a database engine knows whether it was built
            missing = not backend.index_exists()
        else:
            path = str(live_index_dir())
            missing = not exists_in(path) or _missing_fields(path)
        if missing:
            call_command("rebuild_index", interactive=False, verbosity=verbosity)
        for path in cleanup_generations():  # e.g. what a killed rebuild left
            self.stdout.write(f"Removed the old index generation {path.name}")
        try:
            report = run_writer(once=True)
        except LockHeld:
            self.stdout.write("An index writer is running (make run); it applies the queue.")
            return
        if verbosity and report is not None:
            self.stdout.write(str(report))
