"""The PostgreSQL search table (archive/search/postgres/schema.py, idempotent): ``facet_terms``
(every facet value of a row as a lexeme, counted by ts_stat) filled from the facet columns,
and the document index split into one partial index per language branch. A no-op on SQLite
and any other database. (It runs today's install_sql, which no longer has ``facet_terms``:
migration 0010 replaced it by the facet columns.)"""

from django.db import migrations


def upgrade(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from archive.search.postgres.schema import install_sql

    for statement in install_sql():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_newest_first")]
    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop, elidable=False)]
