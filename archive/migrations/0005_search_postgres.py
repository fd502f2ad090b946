"""The PostgreSQL search engine's extensions (unaccent, pg_trgm), text search configurations
and tables (archive/search/postgres/schema.py). A no-op on SQLite and any other database."""

from django.db import migrations


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from archive.search.postgres.schema import install_sql

    for statement in install_sql():
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TABLE IF EXISTS search_article, search_word, "
                          "search_article_next, search_word_next, search_state")
    for name in ("archive_fr", "archive_en", "archive_simple"):
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_capture")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
