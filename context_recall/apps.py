from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search(sender, using="default", **kwargs) -> None:
    """Re-create search triggers/indexes a later migration may have dropped (a SQLite
    table rebuild drops its triggers); the index is rebuilt if anything was missing."""
    from django.db import connections

    from context_recall.search import SOURCES, ensure_search_schema

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if all(source.table in tables for source in SOURCES):
        ensure_search_schema(connection)


class ContextRecallConfig(AppConfig):
    name = "context_recall"
    verbose_name = "Context recall"

    def ready(self) -> None:
        post_migrate.connect(_ensure_search, dispatch_uid="context_recall_ensure_search")
