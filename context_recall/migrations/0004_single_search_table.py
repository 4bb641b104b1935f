"""MariaDB: the index moves from a generated ``recall_terms`` column and FULLTEXT index on
each source table to one ``recall_search`` table kept in step by triggers, searched in
one FULLTEXT lookup instead of six (see context_recall/search.py). SQLite: its triggers
now watch exactly the columns the words and the scope are made of."""

from django.db import migrations


def install(apps, schema_editor):
    from context_recall.search import ensure_search_schema

    ensure_search_schema(schema_editor.connection)


class Migration(migrations.Migration):
    # Tables, indexes and triggers are DDL (implicit commit) on MariaDB.
    atomic = False

    dependencies = [
        ("context_recall", "0003_scoped_search_index"),
    ]

    # Going back keeps this layout; 0002's own reversal drops all of it.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
