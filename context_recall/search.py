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
from datetime import UTC, datetime

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
    importance: str = "5"  # SQL expression over alias {r}: what scoring reads
    usage: str = "{r}.usage_count"

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
        importance="{r}.importance",
    ),
    Source(
        "snippet",
        "context_recall_contextsnippet",
        "{r}.title",
        ("content",),
        "CASE WHEN {r}.project_id IS NOT NULL THEN 'p' || {r}.project_id"
        " WHEN {r}.client_id IS NOT NULL THEN 'c' || {r}.client_id ELSE 'global' END",
        (("title", "content"),),
        importance="{r}.importance",
    ),
    Source(
        "decision",
        "context_recall_decisionlog",
        "{r}.title",
        ("decision", "rationale", "alternatives", "impact"),
        "'p' || {r}.project_id",
        (("title", "decision", "rationale", "impact"),),
        importance="{r}.importance",
    ),
    Source(
        "project_state",
        "context_recall_projectstate",
        "{r}.phase",
        ("summary", "blockers", "next_actions", "key_files", "notes"),
        "'p' || {r}.project_id",
        (("summary", "notes"),),
        importance="8",
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
        importance="6",
        usage="0",
    ),
    # A client's assets: what the technicians noted about their environment. Assets
    # without notes are indexed out of every scope.
    Source(
        "infrastructure_note",
        "msp_infrastructure",
        "{r}.hostname",
        ("environmental_notes",),
        "CASE WHEN {r}.environmental_notes <> '' THEN 'c' || {r}.client_id ELSE 'none' END",
        (("hostname", "environmental_notes"),),
        importance="6",
        usage="0",
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
    indexed = {
        "title",
        *source.body_columns,
        "project_id",
        "client_id",
        "session_id",
        "phase",
        "hostname",
    }
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


@dataclass(frozen=True)
class Hit:
    """A full-text match: the row's kind and id, its indexed title and body, and the
    columns scoring reads -- so that only the rows recall shows need loading."""

    kind: str
    object_id: str
    title: str
    body: str
    importance: int = 5
    usage_count: int = 0
    updated_at: datetime | None = None
    created_at: datetime | None = None


def _sqlite_datetime(value: str) -> datetime:
    # Django stores aware datetimes in UTC as "YYYY-MM-DD HH:MM:SS[.ffffff]" on SQLite.
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _sqlite_meta_sql() -> tuple[str, str]:
    """(select list, joins) reading each hit's scoring columns from its own table."""
    joins, importance, usage, updated, created = [], [], [], [], []
    for n, source in enumerate(SOURCES):
        r = f"r{n}"
        joins.append(
            f" LEFT JOIN {source.table} {r} ON m.kind = '{source.kind}' AND {r}.id = m.object_id"
        )
        when = f" WHEN '{source.kind}' THEN "
        importance.append(when + source.importance.format(r=r))
        usage.append(when + source.usage.format(r=r))
        updated.append(when + f"{r}.updated_at")
        created.append(when + f"{r}.created_at")
    select = ", ".join(
        f"CASE m.kind{''.join(whens)} END" for whens in (importance, usage, updated, created)
    )
    return select, "".join(joins)


def _sqlite_search(
    terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None, limit: int
) -> list[Hit]:
    meta, joins = _sqlite_meta_sql()
    with default_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.kind, m.object_id, f.title, f.body, {meta} FROM ("
            f"SELECT rowid, title, body, bm25({FTS_TABLE}, 0.0, 3.0, 1.0) AS rank"
            f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT %s"
            f") f JOIN {MAP_TABLE} m ON m.id = f.rowid{joins} ORDER BY f.rank",
            [_sqlite_match(terms, project_id, client_id), limit],
        )
        rows = cursor.fetchall()
    return [
        Hit(
            kind,
            object_id,
            title,
            body,
            importance or 0,
            usage or 0,
            _sqlite_datetime(updated),
            _sqlite_datetime(created),
        )
        for kind, object_id, title, body, importance, usage, updated, created in rows
        if updated is not None  # the row is gone (an index out of step: reindex_search)
    ]


def _sqlite_match(terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None) -> str:
    scope = " OR ".join(_scope_tokens(project_id, client_id))
    return f"scope : ({scope}) AND " + fts5_expression(terms, ("title", "body"))


def sqlite_raw_search(
    terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None, limit: int
) -> list[int]:
    """The full-text query alone (the index rowids, best first): the baseline the recall
    benchmark measures recall against."""
    with default_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            f" ORDER BY bm25({FTS_TABLE}, 0.0, 3.0, 1.0) LIMIT %s",
            [_sqlite_match(terms, project_id, client_id), limit],
        )
        return [row[0] for row in cursor.fetchall()]


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


def search_hits(
    terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None, limit: int
) -> list[Hit]:
    """Rows matching ``terms`` in the project's scope, best first by the engine's own
    rank, at most ``limit``. SQLite only; MariaDB searches inside the query of each kind
    (``selectors``) with ``mysql_where_sql`` / ``mysql_match_sql``."""
    if not terms:
        return []
    return _sqlite_search(terms, project_id, client_id, limit)


def search_candidates(
    terms: list[str],
    project_id: uuid.UUID,
    client_id: uuid.UUID | None,
    limit: int,
    kinds: Iterable[str] | None = None,
) -> dict[str, list[str]]:
    """Ids (as stored) of the rows ``search_hits`` finds, per kind, best first."""
    wanted = set(kinds) if kinds is not None else None
    found: dict[str, list[str]] = {}
    for hit in search_hits(terms, project_id, client_id, limit):
        if wanted is None or hit.kind in wanted:
            found.setdefault(hit.kind, []).append(hit.object_id)
    return found
