"""The PostgreSQL search table (archive/search/postgres/schema.py, idempotent): ``written_by``
(the transaction that last wrote each row, indexed) for the facet columns that web processes
keep up to date (archive/search/postgres/facet_columns.py), and the ts_stat ``facet_terms``
column of 0009 dropped. A no-op on SQLite and any other database."""

from django.db import migrations


def upgrade(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from archive.search.postgres.schema import install_sql

    for statement in install_sql():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_search_facet_terms")]
    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop, elidable=False)]
