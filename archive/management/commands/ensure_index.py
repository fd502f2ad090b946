"""`make setup`'s index step: build the index when there is none, then apply queued changes.
Cheap when the index exists, so a second `make setup` stays fast."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from whoosh.index import exists_in

from archive.search.location import live_index_dir


class Command(BaseCommand):
    help = "Build the search index if it is missing, then apply queued index changes."

    def handle(self, *args, verbosity, **options):
        if not exists_in(str(live_index_dir())):
            call_command("rebuild_index", interactive=False, verbosity=verbosity)
        call_command("index_writer", once=True, verbosity=verbosity)
