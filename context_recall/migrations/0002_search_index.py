"""Full-text search for the active backend: SQLite FTS5 table + mapping table + triggers,
or InnoDB FULLTEXT indexes (see context_recall/search.py)."""

from django.db import migrations

# The trigger-maintained index this migration once installed was replaced by the search
# documents of 0005, which removes whatever an earlier layout left; a database migrated
# from scratch needs nothing here.


class Migration(migrations.Migration):
    # InnoDB FULLTEXT index creation is DDL (implicit commit) on MariaDB.
    atomic = False

    dependencies = [
        ("context_recall", "0001_initial"),
        ("tracking", "0001_initial"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
