"""MariaDB: the index moves from a generated ``recall_terms`` column and FULLTEXT index on
each source table to one ``recall_search`` table kept in step by triggers, searched in
one FULLTEXT lookup instead of six (see context_recall/search.py). SQLite: its triggers
now watch exactly the columns the words and the scope are made of."""

from django.db import migrations

# The trigger-maintained index this migration once installed was replaced by the search
# documents of 0005, which removes whatever an earlier layout left; a database migrated
# from scratch needs nothing here.


class Migration(migrations.Migration):
    # Tables, indexes and triggers are DDL (implicit commit) on MariaDB.
    atomic = False

    dependencies = [
        ("context_recall", "0003_scoped_search_index"),
    ]

    # Going back keeps this layout; 0002's own reversal drops all of it.
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
