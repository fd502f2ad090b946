"""The PostgreSQL search table (archive/search/postgres/schema.py, idempotent): ``written_by``
(the transaction that last wrote each row, indexed) for the facet columns that web processes
keep up to date (archive/search/postgres/facet_columns.py), and the ts_stat ``facet_terms``
column of 0009 dropped. A no-op on SQLite and any other database."""

from django.db import migrations

from archive.search.postgres.schema import migrate


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_search_facet_terms")]
    operations = [migrations.RunPython(migrate, migrations.RunPython.noop, elidable=False)]
