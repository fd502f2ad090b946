"""`make setup`'s index step: build the index when there is none, then apply queued changes.
Cheap when the index exists, so a second `make setup` stays fast."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections
from whoosh.index import exists_in

from archive.search.location import live_index_dir


class Command(BaseCommand):
    help = "Build the search index if it is missing, then apply queued index changes."

    def handle(self, *args, verbosity, **options):
        backend = connections["default"].get_backend()
        if hasattr(backend, "index_exists"):  # a database engine knows whether it was built
            missing = not backend.index_exists()
        else:
            missing = not exists_in(str(live_index_dir()))
        if missing:
            call_command("rebuild_index", interactive=False, verbosity=verbosity)
        call_command("index_writer", once=True, verbosity=verbosity)
