"""The PostgreSQL search table (archive/search/postgres/schema.py, idempotent): ``facet_terms``
(every facet value of a row as a lexeme, counted by ts_stat) filled from the facet columns,
and the document index split into one partial index per language branch. A no-op on SQLite
and any other database. (It runs today's install_sql, which no longer has ``facet_terms``:
migration 0010 replaced it by the facet columns.)"""

from django.db import migrations

from archive.search.postgres.schema import migrate


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_newest_first")]
    operations = [migrations.RunPython(migrate, migrations.RunPython.noop, elidable=False)]
