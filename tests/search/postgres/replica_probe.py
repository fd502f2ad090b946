"""Run by test_replica.py in a subprocess configured with DATABASE_URL (primary),
DATABASE_REPLICA_URL (its hot standby) and ARCHIVE_SEARCH_ENGINE=postgres: an editor's change
is saved on the primary, applied by the index writer, then searched for on the replica until it
is found. Prints one JSON line with what happened."""

import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from haystack import connections as haystack_connections  # noqa: E402
from haystack.inputs import Clean  # noqa: E402
from haystack.query import SearchQuerySet  # noqa: E402

from archive.db_router import replica_reads  # noqa: E402
from archive.models import Article  # noqa: E402
from archive.search.writer import IndexWriter  # noqa: E402
from tests.factories import ArticleFactory  # noqa: E402


def main() -> dict:
    article = ArticleFactory(title="Ancien titre", body="Un texte sur les retraites.")
    IndexWriter().drain()
    # The editor's change (what the admin's save does), on the primary.
    changed = time.monotonic()
    article = Article.objects.get(pk=article.pk)
    article.title = "Référendum surprise"
    article.save()
    IndexWriter().drain()  # the writer reads and writes the primary
    found_after = None
    with replica_reads():
        backend = haystack_connections["default"].get_backend()
        alias = backend.read_alias()
        while time.monotonic() - changed < 20:
            if SearchQuerySet().filter(title=Clean("referendum")).count() == 1:
                found_after = time.monotonic() - changed
                break
            time.sleep(0.05)
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            in_recovery = cursor.fetchone()[0]
    page = Client().get(f"/articles/{article.pk}/{article.slug}/")
    return {"alias": alias, "in_recovery": in_recovery, "found_after": found_after,
            "page_status": page.status_code,
            "page_has_title": "Référendum surprise" in page.content.decode()}


if __name__ == "__main__":
    json.dump(main(), sys.stdout)
    sys.stdout.write("\n")
