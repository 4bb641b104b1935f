from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search(sender, using="default", **kwargs) -> None:
    """Re-create the full-text structures a later migration may have dropped (a SQLite
    table rebuild drops its triggers; the index is refilled then), and build the search
    documents when there are memories but none (an upgrade from the trigger layouts) or
    another embedding model made them."""
    from django.conf import settings
    from django.db import connections

    from context_recall import search
    from context_recall.models import RecallDocument
    from context_recall.search import embedding

    connection = connections[using]
    if "context_recall_recalldocument" not in connection.introspection.table_names():
        return
    search.ensure_search_schema(connection)
    documents = RecallDocument.objects.using(using)
    if not documents.exists():
        stale = search.count_rows() > 0
    else:
        model = embedding.model_name(settings.RECALL_EMBEDDING_MODEL)
        stale = documents.exclude(embedding_model=model).exists()
    if stale:
        search.rebuild_index(connection)


def _single_threaded_blas() -> None:
    """numpy's BLAS on one thread in this process: recall's products are small (a scope
    of a few thousand vectors), and waking the BLAS threads for each one cost about 10 ms
    a recall on a busy two-core server, against 0.2 ms for the product itself."""
    import numpy  # noqa: F401 -- its BLAS is limited once loaded
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class ContextRecallConfig(AppConfig):
    name = "context_recall"
    verbose_name = "Context recall"

    def ready(self) -> None:
        from context_recall import signals

        signals.connect()
        post_migrate.connect(_ensure_search, dispatch_uid="context_recall_ensure_search")
        # A flush (or a migration's rebuild) may hand out document ids again.
        from context_recall.search import vectors

        post_migrate.connect(vectors.clear_cache, dispatch_uid="context_recall_vector_cache")
        _single_threaded_blas()
        from context_recall.receivers import move_memories
        from tracking.services.projects import project_moved

        project_moved.connect(move_memories, dispatch_uid="context_recall_move_memories")
