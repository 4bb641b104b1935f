"""The search index becomes scoped words (``p<project>_word``...) and takes in
infrastructure notes: SQLite triggers re-created and the index rebuilt, or on MariaDB a
generated ``recall_terms`` column with a FULLTEXT index on each source table instead of
the FULLTEXT indexes over the text columns (see context_recall/search.py)."""

from django.db import migrations

# The trigger-maintained index this migration once installed was replaced by the search
# documents of 0005, which removes whatever an earlier layout left; a database migrated
# from scratch needs nothing here.


class Migration(migrations.Migration):
    # InnoDB FULLTEXT index creation is DDL (implicit commit) on MariaDB.
    atomic = False

    dependencies = [
        ("context_recall", "0002_search_index"),
        ("msp", "0001_initial"),
    ]

    # Going back to 0002 keeps the new layout; 0002's own reversal drops all of it.
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
