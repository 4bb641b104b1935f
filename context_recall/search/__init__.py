"""Recall's retrieval: a backend per database engine behind one interface, and the
semantic side (docs/context-recall.md, "Search").

* ``analysis``: tokenizer, stemmer, spelling map and thesaurus, the same for indexing and
  querying.
* ``documents``: one ``RecallDocument`` per memory, built in Python on save.
* ``sqlite`` / ``mariadb``: the full-text index over the documents' words (FTS5, InnoDB
  FULLTEXT), created by migrations and re-checked after every ``migrate``.
* ``embedding`` / ``vectors``: the documents' vectors and the nearest ones in a scope.

The engines only find candidates; ranking is ``context_recall.ranking``.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

from context_recall.search import documents, mariadb, sqlite

_BACKENDS = {"sqlite": sqlite, "mysql": mariadb}


def backend(conn: BaseDatabaseWrapper | None = None) -> ModuleType:
    """The engine's module, by the connection's vendor."""
    conn = conn or default_connection
    try:
        return _BACKENDS[conn.vendor]
    except KeyError:
        raise NotImplementedError(f"no recall search for {conn.vendor!r}") from None


def ensure_search_schema(conn: BaseDatabaseWrapper | None = None) -> bool:
    """Make the full-text structures what the backend defines (idempotent). Answers
    whether anything changed."""
    return backend(conn).ensure(conn or default_connection)


def drop_search_schema(conn: BaseDatabaseWrapper | None = None) -> None:
    backend(conn).drop(conn or default_connection)


def drop_legacy_schema(conn: BaseDatabaseWrapper | None = None) -> None:
    backend(conn).drop_legacy(conn or default_connection)


def rebuild_index(
    conn: BaseDatabaseWrapper | None = None, progress: Callable[[int], None] = lambda n: None
) -> int:
    """Every document anew (words and vectors), then the full-text index. Answers the
    number of documents."""
    conn = conn or default_connection
    engine = backend(conn)
    engine.ensure(conn)
    total = documents.rebuild(progress)
    engine.rebuild(conn)
    return total


def compact_index(conn: BaseDatabaseWrapper | None = None) -> None:
    backend(conn).compact(conn or default_connection)


def refresh_statistics(conn: BaseDatabaseWrapper | None = None) -> None:
    """Refresh the planner's statistics after large imports (``reindex_search``,
    ``import_transcripts``): on SQLite of every table, since nothing else gathers them;
    InnoDB keeps its own and is asked about the document table only."""
    backend(conn).refresh_statistics(conn or default_connection)


def count_rows() -> int:
    """The memories a rebuild reads (for its progress bar)."""
    return documents.count_sources()
