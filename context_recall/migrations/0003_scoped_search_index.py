"""The search index becomes scoped words (``p<project>_word``...) and takes in
infrastructure notes: SQLite triggers re-created and the index rebuilt, or on MariaDB a
generated ``recall_terms`` column with a FULLTEXT index on each source table instead of
the FULLTEXT indexes over the text columns (see context_recall/search.py)."""

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

    # Going back to 0002 keeps the new layout; 0002's own reversal drops all of it.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
