"""Newest first, the order of every list of articles, as indexes on PostgreSQL:
``archive_article (published_on DESC NULLS LAST, id DESC)``, so that a party's or a figure's
latest articles walk the newest articles and stop after a page (an index on published_on
alone gives NULLS FIRST); and the search engine's schema again (archive/search/postgres/
schema.py, idempotent): its own newest-first index and no parallel scans of its table.
SQLite cannot put NULLS LAST in an index, and its planner does not need it."""

from django.db import migrations

INDEX = "article_newest_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from archive.search.postgres.schema import install_sql

    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "archive_article" '
                          '("published_on" DESC NULLS LAST, "id" DESC)')
    for statement in install_sql():
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("archive", "0007_tallies")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
