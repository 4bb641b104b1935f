"""The database cache's table (``settings.CACHES``: throttle counters shared by every app
server), so that ``migrate`` alone leaves a working server. Without it every throttled
endpoint, login included, fails on its first cache read."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

# settings.CACHES["default"]["LOCATION"]; a migration must not change with the settings.
TABLE = "msp_cache"


def create_cache_table(apps, schema_editor):
    # createcachetable's own builder, so the table is exactly what the cache backend
    # expects; it leaves an existing table (made by an earlier createcachetable) alone.
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("msp", "0004_existing_clients_team")]

    operations = [
        # Not atomic: MariaDB commits DDL at once and refuses it inside a transaction.
        migrations.RunPython(create_cache_table, drop_cache_table, atomic=False),
    ]
