"""The PostgreSQL search table (archive/search/postgres/schema.py, idempotent): ``text_hash``,
the digest of what each row's vectors are made of, so that a write whose text is unchanged
does not analyse it again (archive/search/postgres/writing.py). A no-op on SQLite and any
other database."""

from django.db import migrations

from archive.search.postgres.schema import migrate


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_search_written_by")]
    operations = [migrations.RunPython(migrate, migrations.RunPython.noop, elidable=False)]
