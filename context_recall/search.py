# ruff: noqa: S608 - SQL is built from module constants (table/column names); values are
# always bound parameters, and search terms are letters and digits only (search_query).
"""Full-text search over contexts, snippets, decisions, project states and problem
solutions, per database backend (docs/context-recall.md, "Search").

SQLite (FTS5): one regular FTS5 table ``recall_fts(scope, title, body)`` whose rowid is
the id of a plain mapping table ``recall_fts_map(id, kind, object_id)``. Triggers on each
source table keep both in step on INSERT, DELETE and UPDATE of an indexed column -- so
``bulk_create``, ``QuerySet.update()``/``delete()`` and raw SQL are covered too, while
the usage counters that recall bumps do not rewrite the index. The ``scope`` column holds
tokens (``p<project uuid>``, ``c<client uuid>``, ``global``) so that one MATCH restricts
to a project's scope. (Not external-content: SQLite may renumber the implicit rowids of
tables without an INTEGER PRIMARY KEY on VACUUM, and these tables have UUID keys.)

MariaDB/MySQL (InnoDB FULLTEXT): FULLTEXT indexes on the source tables themselves, which
InnoDB keeps in step by itself; a row becomes searchable when its transaction commits.

Both are created by migration 0002 for the active backend and re-checked after every
``migrate`` (``ensure_search_schema``): Django rebuilds a SQLite table -- dropping its
triggers -- when a later migration alters it, so missing triggers are re-created and the
index rebuilt. The engine only finds candidates; ranking is ``scoring`` (backend-neutral).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

from context_recall.search_query import fts5_expression, innodb_boolean_expression

FTS_TABLE = "recall_fts"
MAP_TABLE = "recall_fts_map"
BATCH = 2000


@dataclass(frozen=True)
class Source:
    kind: str
    table: str
    title: str  # SQL expression over alias {r}
    body_columns: tuple[str, ...]
    scope: str  # SQLite expression over alias {r}
    fulltext_groups: tuple[tuple[str, ...], ...]  # MariaDB FULLTEXT column lists

    def title_sql(self, r: str) -> str:
        return self.title.format(r=r)

    def body_sql(self, r: str) -> str:
        return " || ' ' || ".join(f"coalesce({r}.{c}, '')" for c in self.body_columns)

    def scope_sql(self, r: str) -> str:
        return self.scope.format(r=r)


SOURCES: tuple[Source, ...] = (
    Source(
        "context",
        "context_recall_conversationcontext",
        "{r}.title",
        (
            "summary",
            "key_decisions",
            "open_items",
            "files_touched",
            "commands",
            "errors",
            "current_state",
        ),
        "'p' || {r}.project_id",
        (("title", "summary", "current_state"),),
    ),
    Source(
        "snippet",
        "context_recall_contextsnippet",
        "{r}.title",
        ("content",),
        "CASE WHEN {r}.project_id IS NOT NULL THEN 'p' || {r}.project_id"
        " WHEN {r}.client_id IS NOT NULL THEN 'c' || {r}.client_id ELSE 'global' END",
        (("title", "content"),),
    ),
    Source(
        "decision",
        "context_recall_decisionlog",
        "{r}.title",
        ("decision", "rationale", "alternatives", "impact"),
        "'p' || {r}.project_id",
        (("title", "decision", "rationale", "impact"),),
    ),
    Source(
        "project_state",
        "context_recall_projectstate",
        "{r}.phase",
        ("summary", "blockers", "next_actions", "key_files", "notes"),
        "'p' || {r}.project_id",
        (("summary", "notes"),),
    ),
    Source(
        "problem_solution",
        "tracking_problemsolution",
        "{r}.title",
        ("symptom", "root_cause", "resolution", "verification"),
        "coalesce(nullif(trim(coalesce('p' || (SELECT s.project_id FROM tracking_worksession s"
        " WHERE s.id = {r}.session_id), '') || ' ' || coalesce('c' || {r}.client_id, '')), ''),"
        " 'global')",
        (("title", "symptom", "root_cause", "resolution", "verification"),),
    ),
)
SOURCES_BY_KIND = {s.kind: s for s in SOURCES}

# JSON columns are LONGTEXT with a binary collation on MariaDB and cannot share a FULLTEXT
# index with text columns; a second index covers them.
MARIADB_JSON_GROUPS: dict[str, tuple[str, ...]] = {
    "context": ("key_decisions", "open_items", "files_touched", "commands", "errors"),
    "decision": ("alternatives",),
    "project_state": ("blockers", "next_actions", "key_files"),
}


def _fulltext_groups(source: Source) -> tuple[tuple[str, ...], ...]:
    extra = MARIADB_JSON_GROUPS.get(source.kind)
    return (*source.fulltext_groups, extra) if extra else source.fulltext_groups


def _index_name(source: Source, n: int) -> str:
    return f"recall_ft_{source.kind}_{n}"


# --- SQLite -----------------------------------------------------------------------------


def _trigger_names(source: Source) -> list[str]:
    return [f"recall_fts_{source.kind}_{op}" for op in ("ai", "ad", "au")]


def _sqlite_triggers(source: Source) -> list[str]:
    k, t = source.kind, source.table
    insert = (
        f"INSERT INTO {MAP_TABLE}(kind, object_id) VALUES ('{k}', NEW.id);"
        f" INSERT INTO {FTS_TABLE}(rowid, scope, title, body) VALUES (last_insert_rowid(),"
        f" {source.scope_sql('NEW')}, {source.title_sql('NEW')}, {source.body_sql('NEW')});"
    )
    delete = (
        f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id FROM {MAP_TABLE}"
        f" WHERE kind = '{k}' AND object_id = OLD.id);"
        f" DELETE FROM {MAP_TABLE} WHERE kind = '{k}' AND object_id = OLD.id;"
    )
    indexed = {"title", *source.body_columns, "project_id", "client_id", "session_id", "phase"}
    columns = sorted(c for c in indexed if c in _sqlite_columns(t))
    ai, ad, au = _trigger_names(source)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON {t} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {t} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF {', '.join(columns)} ON {t}"
        f" BEGIN {delete} {insert} END",
    ]


_COLUMNS: dict[str, set[str]] = {}


def _sqlite_columns(table: str) -> set[str]:
    return _COLUMNS.get(table, set())


def _load_sqlite_columns(cursor) -> None:
    for source in SOURCES:
        cursor.execute(f"PRAGMA table_info({source.table})")
        _COLUMNS[source.table] = {row[1] for row in cursor.fetchall()}


def _sqlite_ensure(conn: BaseDatabaseWrapper) -> bool:
    """Create what is missing; answer whether anything was (then the index is stale)."""
    with conn.cursor() as cursor:
        _load_sqlite_columns(cursor)
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        created = False
        if MAP_TABLE not in present:
            cursor.execute(
                f"CREATE TABLE {MAP_TABLE} (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
                " object_id TEXT NOT NULL, UNIQUE (kind, object_id))"
            )
            created = True
        if FTS_TABLE not in present:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(scope, title, body,"
                " tokenize = 'unicode61 remove_diacritics 0')"
            )
            created = True
        for source in SOURCES:
            if not set(_trigger_names(source)) <= present:
                for sql in _sqlite_triggers(source):
                    cursor.execute(sql)
                created = True
    return created


def _sqlite_drop(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        for source in SOURCES:
            for name in _trigger_names(source):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {MAP_TABLE}")


def _sqlite_rebuild(conn: BaseDatabaseWrapper, progress: Callable[[int], None]) -> None:
    with conn.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(f"DELETE FROM {MAP_TABLE}")
        for source in SOURCES:
            last = ""
            while True:
                cursor.execute(
                    f"SELECT id FROM {source.table} WHERE id > %s ORDER BY id LIMIT %s",
                    [last, BATCH],
                )
                ids = [row[0] for row in cursor.fetchall()]
                if not ids:
                    break
                marks = ", ".join(["%s"] * len(ids))
                cursor.execute(
                    f"INSERT INTO {MAP_TABLE}(kind, object_id) SELECT %s, id FROM {source.table}"
                    f" WHERE id IN ({marks})",
                    [source.kind, *ids],
                )
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}(rowid, scope, title, body) SELECT m.id,"
                    f" {source.scope_sql('r')}, {source.title_sql('r')}, {source.body_sql('r')}"
                    f" FROM {source.table} r JOIN {MAP_TABLE} m"
                    f" ON m.kind = %s AND m.object_id = r.id WHERE r.id IN ({marks})",
                    [source.kind, *ids],
                )
                progress(len(ids))
                last = ids[-1]
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")


def _scope_tokens(project_id: uuid.UUID, client_id: uuid.UUID | None) -> list[str]:
    tokens = [f"p{project_id.hex}", "global"]
    if client_id:
        tokens.append(f"c{client_id.hex}")
    return tokens


def _sqlite_search(
    terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None, limit: int
) -> dict[str, list[str]]:
    scope = " OR ".join(_scope_tokens(project_id, client_id))
    match = f"scope : ({scope}) AND " + fts5_expression(terms, ("title", "body"))
    with default_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.kind, m.object_id FROM {FTS_TABLE} f JOIN {MAP_TABLE} m ON m.id = f.rowid"
            f" WHERE {FTS_TABLE} MATCH %s ORDER BY bm25({FTS_TABLE}, 0.0, 3.0, 1.0) LIMIT %s",
            [match, limit],
        )
        rows = cursor.fetchall()
    found: dict[str, list[str]] = {}
    for kind, object_id in rows:
        found.setdefault(kind, []).append(object_id)
    return found


# --- MariaDB / MySQL --------------------------------------------------------------------


def _mysql_existing_indexes(conn: BaseDatabaseWrapper) -> set[str]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT index_name FROM information_schema.statistics"
            " WHERE table_schema = DATABASE() AND index_type = 'FULLTEXT'"
        )
        return {row[0] for row in cursor.fetchall()}


def _mysql_ensure(conn: BaseDatabaseWrapper) -> bool:
    existing = _mysql_existing_indexes(conn)
    created = False
    with conn.cursor() as cursor:
        for source in SOURCES:
            for n, columns in enumerate(_fulltext_groups(source)):
                name = _index_name(source, n)
                if name not in existing:
                    cols = ", ".join(columns)
                    cursor.execute(f"ALTER TABLE {source.table} ADD FULLTEXT INDEX {name} ({cols})")
                    created = True
    return created


def _mysql_drop(conn: BaseDatabaseWrapper) -> None:
    existing = _mysql_existing_indexes(conn)
    with conn.cursor() as cursor:
        for source in SOURCES:
            for n, _ in enumerate(_fulltext_groups(source)):
                if _index_name(source, n) in existing:
                    cursor.execute(
                        f"ALTER TABLE {source.table} DROP INDEX {_index_name(source, n)}"
                    )


def _mysql_matches(kind: str) -> list[str]:
    source = SOURCES_BY_KIND[kind]
    return [
        f"MATCH ({', '.join(f'{source.table}.{c}' for c in cols)}) AGAINST (%s IN BOOLEAN MODE)"
        for cols in _fulltext_groups(source)
    ]


def mysql_match_sql(kind: str) -> str:
    """The relevance of a row of ``kind``: its FULLTEXT matches summed (columns qualified
    with the table: the ORM's joins may bring columns of the same name)."""
    return "(" + " + ".join(_mysql_matches(kind)) + ")"


def mysql_where_sql(kind: str) -> str:
    """The WHERE predicate: any FULLTEXT index matches (standalone MATCHes, so that
    InnoDB answers them from the index)."""
    return "(" + " OR ".join(_mysql_matches(kind)) + ")"


def mysql_match_params(kind: str, terms: list[str]) -> list[str]:
    return [innodb_boolean_expression(terms)] * len(_fulltext_groups(SOURCES_BY_KIND[kind]))


# --- Public API -------------------------------------------------------------------------


def ensure_search_schema(conn: BaseDatabaseWrapper | None = None, *, rebuild: bool = True) -> bool:
    """Create the search structures the backend lacks (idempotent); on SQLite rebuild the
    index when anything had to be created. Answers whether anything was created."""
    conn = conn or default_connection
    if conn.vendor == "sqlite":
        created = _sqlite_ensure(conn)
        if created and rebuild:
            _sqlite_rebuild(conn, lambda n: None)
        return created
    if conn.vendor == "mysql":
        return _mysql_ensure(conn)
    return False


def drop_search_schema(conn: BaseDatabaseWrapper | None = None) -> None:
    conn = conn or default_connection
    if conn.vendor == "sqlite":
        _sqlite_drop(conn)
    elif conn.vendor == "mysql":
        _mysql_drop(conn)


def count_rows(conn: BaseDatabaseWrapper | None = None) -> int:
    conn = conn or default_connection
    total = 0
    with conn.cursor() as cursor:
        for source in SOURCES:
            cursor.execute(f"SELECT COUNT(*) FROM {source.table}")
            total += cursor.fetchone()[0]
    return total


def rebuild_index(
    conn: BaseDatabaseWrapper | None = None, progress: Callable[[int], None] = lambda n: None
) -> None:
    """Rebuild the index from the source tables (``reindex_search``)."""
    conn = conn or default_connection
    if conn.vendor == "sqlite":
        _sqlite_ensure(conn)
        _sqlite_rebuild(conn, progress)
    elif conn.vendor == "mysql":
        _mysql_ensure(conn)
        with conn.cursor() as cursor:
            for source in SOURCES:
                # Rebuilds the table and its FULLTEXT indexes (InnoDB "OPTIMIZE" = recreate).
                cursor.execute(f"OPTIMIZE TABLE {source.table}")
                cursor.fetchall()
                cursor.execute(f"SELECT COUNT(*) FROM {source.table}")
                progress(cursor.fetchone()[0])


def search_candidates(
    terms: list[str],
    project_id: uuid.UUID,
    client_id: uuid.UUID | None,
    limit: int,
    kinds: Iterable[str] | None = None,
) -> dict[str, list[str]]:
    """Ids (as stored) of rows matching ``terms`` in the project's scope, per kind, best
    first by the engine's own rank. SQLite only; MariaDB searches inside the ORM query
    of each kind (``selectors``) with ``mysql_match_sql``."""
    if not terms:
        return {}
    found = _sqlite_search(terms, project_id, client_id, limit)
    if kinds is not None:
        wanted = set(kinds)
        found = {k: v for k, v in found.items() if k in wanted}
    return found
