"""Full-text search for the active backend: SQLite FTS5 table + mapping table + triggers,
or InnoDB FULLTEXT indexes (see context_recall/search.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from context_recall.search import ensure_search_schema

    ensure_search_schema(schema_editor.connection)


def uninstall(apps, schema_editor):
    from context_recall.search import drop_search_schema

    drop_search_schema(schema_editor.connection)


class Migration(migrations.Migration):
    # InnoDB FULLTEXT index creation is DDL (implicit commit) on MariaDB.
    atomic = False

    dependencies = [
        ("context_recall", "0001_initial"),
        ("tracking", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
