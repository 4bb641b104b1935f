"""Infrastructure notes (``msp_infrastructure.hostname`` and ``environmental_notes``) join
the full-text index: SQLite triggers (and a rebuild of the index), or an InnoDB FULLTEXT
index (see context_recall/search.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from context_recall.search import ensure_search_schema

    ensure_search_schema(schema_editor.connection)


class Migration(migrations.Migration):
    # InnoDB FULLTEXT index creation is DDL (implicit commit) on MariaDB.
    atomic = False

    dependencies = [
        ("context_recall", "0002_search_index"),
        ("msp", "0001_initial"),
    ]

    # Going back to 0002 keeps the extra index: 0002's own reversal drops all of it.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
