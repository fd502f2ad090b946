"""`make setup`'s index step: build the index when there is none, then apply queued changes.
Cheap when the index exists, so a second `make setup` stays fast."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from whoosh.index import exists_in

from archive.search.location import live_index_dir


def _missing_fields(path: str) -> bool:
    """An index made before the schema gained a field (e.g. `changed`) is rebuilt."""
    from whoosh.index import open_dir

    from archive.search.backend import article_schema

    return bool(set(article_schema().names()) - set(open_dir(path).schema.names()))


class Command(BaseCommand):
    help = "Build the search index if it is missing, then apply queued index changes."

    def handle(self, *args, verbosity, **options):
        path = str(live_index_dir())
        if not exists_in(path) or _missing_fields(path):
            call_command("rebuild_index", interactive=False, verbosity=verbosity)
        call_command("index_writer", once=True, verbosity=verbosity)
