# ruff: noqa: S608 - SQL is built from module constants (table/column names); values are
# always bound parameters, and search terms are letters and digits only (search_query).
"""Full-text search over contexts, snippets, decisions, project states, problem solutions
and infrastructure notes, per database backend (docs/context-recall.md, "Search").

**Scoped words.** Every word is indexed with its scope as a prefix: ``p<project>_word``,
``c<client>_word`` or ``g_word`` (global), the scope key being the first 12 hex digits of
the UUID. A project's search asks for its own three prefixes only, so the engine reads the
postings of that scope and nothing else: the cost of a search follows the size of the
project, not of the whole database (with plain words and a scope filter, a common word
means reading its postings across every client). The scope is applied again, exactly, to
every row recall loads (``selectors``): the prefix is a partition, not the security check.

SQLite (FTS5): one FTS5 table ``recall_fts(title, body)`` (``_`` is a token character)
whose rowid is the id of a plain mapping table ``recall_fts_map(id, kind, object_id)``.
Triggers on each source table keep both in step on INSERT, DELETE and UPDATE of an indexed
column -- so ``bulk_create``, ``QuerySet.update()``/``delete()`` and raw SQL are covered
too, while the usage counters that recall bumps do not rewrite the index. SQLite has no
regular expressions: the triggers turn every ASCII character that is not a letter or a
digit, and common Unicode punctuation, into a space, then every space into a space and the
prefix. (Not external-content: SQLite may renumber the implicit rowids of tables without
an INTEGER PRIMARY KEY on VACUUM, and these tables have UUID keys.)

MariaDB/MySQL (InnoDB FULLTEXT): a STORED generated column ``recall_terms`` on each source
table holds the prefixed words (``REGEXP_REPLACE``) and carries a FULLTEXT index, which
InnoDB keeps in step by itself; a row becomes searchable when its transaction commits. A
later migration that alters a column the expression reads must drop the search schema
first (``drop_search_schema``); ``migrate`` puts it back.

Both are created by migrations for the active backend and re-checked after every
``migrate`` (``ensure_search_schema``): whatever differs from what this module defines (a
SQLite table rebuilt by Django loses its triggers; an older layout) is re-created and the
index rebuilt. The engine only finds candidates; ranking is ``scoring``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

FTS_TABLE = "recall_fts"
MAP_TABLE = "recall_fts_map"
TERMS_COLUMN = "recall_terms"
BATCH = 2000
SCOPE_KEY_CHARS = 12
# InnoDB indexes words of at most 84 characters (innodb_ft_max_token_size): the longest
# prefix ("p" + key + "_") leaves this much of a word.
MAX_SCOPED_WORD_CHARS = 84 - SCOPE_KEY_CHARS - 2


@dataclass(frozen=True)
class Source:
    kind: str
    table: str
    title: str  # column
    body_columns: tuple[str, ...]
    # The scope prefix of a row as SQL: over alias {r} on SQLite (may read other tables),
    # over the row's own columns on MariaDB (a generated column cannot read further).
    sqlite_prefix: str
    mariadb_prefix: str
    json_columns: tuple[str, ...] = ()
    importance: str = "5"  # SQL over alias {r}: what scoring reads
    usage: str = "{r}.usage_count"


def _key(column: str) -> str:
    """SQLite: the scope key of a UUID column (stored as 32 hex digits)."""
    return f"substr({{r}}.{column}, 1, {SCOPE_KEY_CHARS})"


def _mkey(column: str) -> str:
    # MariaDB: a UUID column is CHAR(32), or on 10.7+ the native UUID type (text with
    # dashes). rtrim() because an expression over a CHAR column that depends on
    # PAD_CHAR_TO_FULL_LENGTH is not allowed in a generated column.
    return f"left(replace(rtrim({column}), '-', ''), {SCOPE_KEY_CHARS})"


PROJECT_PREFIX = f"'p' || {_key('project_id')}"
MARIADB_PROJECT_PREFIX = f"concat('p', {_mkey('project_id')})"

SOURCES: tuple[Source, ...] = (
    Source(
        "context",
        "context_recall_conversationcontext",
        "title",
        (
            "summary",
            "key_decisions",
            "open_items",
            "files_touched",
            "commands",
            "errors",
            "current_state",
        ),
        PROJECT_PREFIX,
        MARIADB_PROJECT_PREFIX,
        json_columns=("key_decisions", "open_items", "files_touched", "commands", "errors"),
        importance="{r}.importance",
    ),
    Source(
        "snippet",
        "context_recall_contextsnippet",
        "title",
        ("content",),
        f"CASE WHEN {{r}}.project_id IS NOT NULL THEN {PROJECT_PREFIX}"
        f" WHEN {{r}}.client_id IS NOT NULL THEN 'c' || {_key('client_id')} ELSE 'g' END",
        f"CASE WHEN project_id IS NOT NULL THEN {MARIADB_PROJECT_PREFIX}"
        f" WHEN client_id IS NOT NULL THEN concat('c', {_mkey('client_id')}) ELSE 'g' END",
        importance="{r}.importance",
    ),
    Source(
        "decision",
        "context_recall_decisionlog",
        "title",
        ("decision", "rationale", "alternatives", "impact"),
        PROJECT_PREFIX,
        MARIADB_PROJECT_PREFIX,
        json_columns=("alternatives",),
        importance="{r}.importance",
    ),
    Source(
        "project_state",
        "context_recall_projectstate",
        "phase",
        ("summary", "blockers", "next_actions", "key_files", "notes"),
        PROJECT_PREFIX,
        MARIADB_PROJECT_PREFIX,
        json_columns=("blockers", "next_actions", "key_files"),
        importance="8",
    ),
    Source(
        "problem_solution",
        "tracking_problemsolution",
        "title",
        ("symptom", "root_cause", "resolution", "verification"),
        # A client's problem is its client's; one without a client is its session's
        # project's, or everyone's. (A generated column cannot read the session: MariaDB
        # indexes those as global and the scope filter sorts them out.)
        f"CASE WHEN {{r}}.client_id IS NOT NULL THEN 'c' || {_key('client_id')}"
        f" ELSE coalesce((SELECT 'p' || substr(s.project_id, 1, {SCOPE_KEY_CHARS})"
        " FROM tracking_worksession s WHERE s.id = {r}.session_id), 'g') END",
        f"CASE WHEN client_id IS NOT NULL THEN concat('c', {_mkey('client_id')}) ELSE 'g' END",
        importance="6",
        usage="0",
    ),
    # A client's assets: what the technicians noted about their environment. Assets
    # without notes are indexed in no one's scope ("x").
    Source(
        "infrastructure_note",
        "msp_infrastructure",
        "hostname",
        ("environmental_notes",),
        f"CASE WHEN {{r}}.environmental_notes <> '' THEN 'c' || {_key('client_id')} ELSE 'x' END",
        f"CASE WHEN environmental_notes <> '' THEN concat('c', {_mkey('client_id')}) ELSE 'x' END",
        importance="6",
        usage="0",
    ),
)
SOURCES_BY_KIND = {s.kind: s for s in SOURCES}


def scope_prefixes(project_id: uuid.UUID, client_id: uuid.UUID | None) -> list[str]:
    """The prefixes a project's search asks for: its own, global, its client's."""
    prefixes = [f"p{project_id.hex[:SCOPE_KEY_CHARS]}", "g"]
    if client_id:
        prefixes.append(f"c{client_id.hex[:SCOPE_KEY_CHARS]}")
    return prefixes


def scoped_terms(terms: list[str], prefixes: list[str]) -> list[str]:
    return [f"{prefix}_{term[:MAX_SCOPED_WORD_CHARS]}" for term in terms for prefix in prefixes]


# --- SQLite -----------------------------------------------------------------------------

# What the triggers turn into spaces before prefixing: every ASCII character but letters
# and digits (``_`` too: a token character of the index, a separator for search_query),
# and the Unicode punctuation and spaces that notes are likely to hold.
SEPARATORS = [c for c in map(chr, range(33, 127)) if not c.isalnum()] + list(
    "\t\n\r\x0b\x0c\u00a0\u00ab\u00bb\u00b7\u2010\u2011\u2012\u2013\u2014\u2018\u2019"
    "\u201c\u201d\u2022\u2026\u2028\u2029\u202f\u3000"
)
# SQLite's parser takes about thirty nested calls: the replacements are chained through
# sub-selects of this many each.
REPLACES_PER_STEP = 20


def _sql_char(char: str) -> str:
    if char.isprintable() and char.isascii() and char not in "'%":  # % would be a placeholder
        return f"'{char}'"
    return f"char({ord(char)})"


def _sqlite_scoped_sql(text_sql: str, prefix_sql: str) -> str:
    """SQL that puts ``prefix_sql`` + ``_`` before every word of ``text_sql``."""
    inner = f"SELECT {text_sql} AS t"
    for start in range(0, len(SEPARATORS), REPLACES_PER_STEP):
        expr = "t"
        for char in SEPARATORS[start : start + REPLACES_PER_STEP]:
            expr = f"replace({expr}, {_sql_char(char)}, ' ')"
        inner = f"SELECT {expr} AS t FROM ({inner})"
    prefix = f"({prefix_sql}) || '_'"
    return f"(SELECT ' ' || {prefix} || replace(t, ' ', ' ' || {prefix}) FROM ({inner}))"


def _sqlite_title_sql(source: Source, r: str) -> str:
    prefix = source.sqlite_prefix.format(r=r)
    return _sqlite_scoped_sql(f"coalesce({r}.{source.title}, '')", prefix)


def _sqlite_body_sql(source: Source, r: str) -> str:
    body = " || ' ' || ".join(f"coalesce({r}.{c}, '')" for c in source.body_columns)
    return _sqlite_scoped_sql(body, source.sqlite_prefix.format(r=r))


def _trigger_names(source: Source) -> list[str]:
    return [f"recall_fts_{source.kind}_{op}" for op in ("ai", "ad", "au")]


def _sqlite_triggers(source: Source, columns: set[str]) -> dict[str, str]:
    k, t = source.kind, source.table
    insert = (
        f"INSERT INTO {MAP_TABLE}(kind, object_id) VALUES ('{k}', NEW.id);"
        f" INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (last_insert_rowid(),"
        f" {_sqlite_title_sql(source, 'NEW')}, {_sqlite_body_sql(source, 'NEW')});"
    )
    delete = (
        f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id FROM {MAP_TABLE}"
        f" WHERE kind = '{k}' AND object_id = OLD.id);"
        f" DELETE FROM {MAP_TABLE} WHERE kind = '{k}' AND object_id = OLD.id;"
    )
    indexed = {source.title, *source.body_columns, "project_id", "client_id", "session_id"}
    watched = sorted(c for c in indexed if c in columns)
    ai, ad, au = _trigger_names(source)
    return {
        ai: f"CREATE TRIGGER {ai} AFTER INSERT ON {t} BEGIN {insert} END",
        ad: f"CREATE TRIGGER {ad} AFTER DELETE ON {t} BEGIN {delete} END",
        au: f"CREATE TRIGGER {au} AFTER UPDATE OF {', '.join(watched)} ON {t}"
        f" BEGIN {delete} {insert} END",
    }


FTS_SQL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body,"
    " tokenize = 'unicode61 remove_diacritics 0 tokenchars _')"
)
MAP_SQL = (
    f"CREATE TABLE {MAP_TABLE} (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
    " object_id TEXT NOT NULL, UNIQUE (kind, object_id))"
)
_OURS = "name LIKE 'recall\\_fts%' ESCAPE '\\'"


def _sqlite_expected(cursor) -> dict[str, tuple[str, str]]:
    """name -> (type, CREATE statement) of every search object this module defines."""
    expected = {FTS_TABLE: ("table", FTS_SQL), MAP_TABLE: ("table", MAP_SQL)}
    for source in SOURCES:
        cursor.execute(f"PRAGMA table_info({source.table})")
        columns = {row[1] for row in cursor.fetchall()}
        for name, sql in _sqlite_triggers(source, columns).items():
            expected[name] = ("trigger", sql)
    return expected


def _sqlite_present(cursor) -> dict[str, tuple[str, str]]:
    # Only the objects SQLite lists by the names we gave (FTS5's own shadow tables too).
    cursor.execute(
        f"SELECT name, type, sql FROM sqlite_master WHERE type IN ('table', 'trigger')"
        f" AND {_OURS.replace('%', '%%')}"
    )
    return {name: (kind, sql) for name, kind, sql in cursor.fetchall()}


def _sqlite_ensure(conn: BaseDatabaseWrapper) -> bool:
    """Make the search objects exactly what this module defines; answer whether anything
    had to change (then the index is stale: the caller rebuilds it)."""
    with conn.cursor() as cursor:
        expected = _sqlite_expected(cursor)
        present = _sqlite_present(cursor)
        extra = [n for n, (kind, _) in present.items() if kind == "trigger" and n not in expected]
        if not extra and all(present.get(name) == spec for name, spec in expected.items()):
            return False
        tables_differ = any(present.get(n) != expected[n] for n in (FTS_TABLE, MAP_TABLE))
        if tables_differ:
            _sqlite_drop_all(cursor)
            present = {}
        for name, (kind, _) in present.items():
            if kind == "trigger" and present[name] != expected.get(name):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for name, (kind, sql) in expected.items():
            if present.get(name) != (kind, sql):
                cursor.execute(sql)
    return True


def _sqlite_drop_all(cursor) -> None:
    for name, (kind, _) in _sqlite_present(cursor).items():
        if kind == "trigger":
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    cursor.execute(f"DROP TABLE IF EXISTS {MAP_TABLE}")


def _sqlite_drop(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        _sqlite_drop_all(cursor)


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
                    f"INSERT INTO {FTS_TABLE}(rowid, title, body) SELECT m.id,"
                    f" {_sqlite_title_sql(source, 'r')}, {_sqlite_body_sql(source, 'r')}"
                    f" FROM {source.table} r JOIN {MAP_TABLE} m"
                    f" ON m.kind = %s AND m.object_id = r.id WHERE r.id IN ({marks})",
                    [source.kind, *ids],
                )
                progress(len(ids))
                last = ids[-1]
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")


def unscoped(text: str) -> str:
    """An indexed text without its word prefixes (a row's words all share one)."""
    start = len(text) - len(text.lstrip(" "))
    end = text.find("_", start)
    if end <= start:
        return text
    return text.replace(text[start : end + 1], "")


@dataclass(frozen=True)
class Hit:
    """A full-text match: the row's kind and id, its title and body text (what scoring
    reads) and the columns scoring weighs -- so that only the rows recall shows need
    loading."""

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


def sqlite_match(terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None) -> str:
    """The FTS5 MATCH expression of ``terms`` in a project's scope: each term as a prefix
    under each of the scope's prefixes, OR-ed (letters, digits and ``_`` only: quoting
    them is enough)."""
    if not terms:
        raise ValueError("no search terms")
    phrases = scoped_terms(terms, scope_prefixes(project_id, client_id))
    return "{title body} : (" + " OR ".join(f'"{p}"*' for p in phrases) + ")"


def _sqlite_search(
    terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None, limit: int
) -> list[Hit]:
    meta, joins = _sqlite_meta_sql()
    with default_connection.cursor() as cursor:
        cursor.execute(
            # The texts are read for the best rows only, not carried through the sort.
            f"SELECT m.kind, m.object_id, f.title, f.body, {meta} FROM ("
            f"SELECT rowid AS id, bm25({FTS_TABLE}, 3.0, 1.0) AS rank"
            f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT %s"
            f") best JOIN {FTS_TABLE} f ON f.rowid = best.id JOIN {MAP_TABLE} m ON m.id = best.id"
            f"{joins} ORDER BY best.rank",
            [sqlite_match(terms, project_id, client_id), limit],
        )
        rows = cursor.fetchall()
    return [
        Hit(
            kind,
            object_id,
            unscoped(title),
            unscoped(body),
            importance or 0,
            usage or 0,
            _sqlite_datetime(updated),
            _sqlite_datetime(created),
        )
        for kind, object_id, title, body, importance, usage, updated, created in rows
        if updated is not None  # the row is gone (an index out of step: reindex_search)
    ]


def sqlite_raw_search(
    terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None, limit: int
) -> list[int]:
    """The full-text query alone (index rowids, best first): the recall benchmark's
    baseline."""
    with default_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            f" ORDER BY bm25({FTS_TABLE}, 3.0, 1.0) LIMIT %s",
            [sqlite_match(terms, project_id, client_id), limit],
        )
        return [row[0] for row in cursor.fetchall()]


# --- MariaDB / MySQL --------------------------------------------------------------------


def _mysql_terms_sql(source: Source) -> str:
    """The generated column: title and body with ``_`` and ``'`` (word characters for
    InnoDB, separators for us) made spaces, and every run of letters and digits
    prefixed."""
    # One collation for all: JSON columns are utf8mb4_bin, text columns the table's.
    parts = [
        f"convert({c} using utf8mb4) collate {MARIADB_COLLATION}"
        for c in (source.title, *source.body_columns)
    ]
    text = f"replace(replace(concat_ws(' ', {', '.join(parts)}), '_', ' '), '''', ' ')"
    prefixed = f"concat({source.mariadb_prefix}, '_\\\\1')"
    return f"regexp_replace({text}, '([[:alnum:]]+)', {prefixed})"


MARIADB_COLLATION = "utf8mb4_unicode_ci"  # settings.DATABASES' TEST COLLATION too
# The generated column's comment names its layout: a column of another layout (an older
# expression) is dropped and added again.
MARIADB_LAYOUT = "msp recall search v2"


def _index_name(source: Source) -> str:
    return f"recall_terms_{source.kind}"


def _mysql_state(conn: BaseDatabaseWrapper) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """({table: comment of its recall_terms column}, {(table, FULLTEXT index name)})."""
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_comment FROM information_schema.columns"
            " WHERE table_schema = DATABASE() AND column_name = %s",
            [TERMS_COLUMN],
        )
        columns = {row[0]: row[1] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT DISTINCT table_name, index_name FROM information_schema.statistics"
            " WHERE table_schema = DATABASE() AND index_type = 'FULLTEXT'"
        )
        indexes = {(row[0], row[1]) for row in cursor.fetchall()}
    return columns, indexes


def _mysql_ensure(conn: BaseDatabaseWrapper) -> bool:
    columns, indexes = _mysql_state(conn)
    changed = False
    with conn.cursor() as cursor:
        for source in SOURCES:
            outdated = columns.get(source.table, MARIADB_LAYOUT) != MARIADB_LAYOUT
            for table, name in sorted(indexes):  # an older layout's indexes go
                if table == source.table and (outdated or name != _index_name(source)):
                    cursor.execute(f"ALTER TABLE {table} DROP INDEX {name}")
                    indexes.discard((table, name))
                    changed = True
            if outdated:
                cursor.execute(f"ALTER TABLE {source.table} DROP COLUMN {TERMS_COLUMN}")
            if outdated or source.table not in columns:
                cursor.execute(
                    f"ALTER TABLE {source.table} ADD COLUMN {TERMS_COLUMN} LONGTEXT"
                    f" AS ({_mysql_terms_sql(source)}) STORED COMMENT '{MARIADB_LAYOUT}'"
                )
                changed = True
            if (source.table, _index_name(source)) not in indexes:
                cursor.execute(
                    f"ALTER TABLE {source.table} ADD FULLTEXT INDEX {_index_name(source)}"
                    f" ({TERMS_COLUMN})"
                )
                changed = True
    return changed


def _mysql_drop(conn: BaseDatabaseWrapper) -> None:
    columns, indexes = _mysql_state(conn)
    tables = {source.table for source in SOURCES}
    with conn.cursor() as cursor:
        for table, name in sorted(indexes):
            if table in tables:
                cursor.execute(f"ALTER TABLE {table} DROP INDEX {name}")
        for table in sorted(set(columns) & tables):
            cursor.execute(f"ALTER TABLE {table} DROP COLUMN {TERMS_COLUMN}")


def mysql_match_sql(kind: str) -> str:
    """A row's relevance, and the WHERE predicate (the column qualified with its table:
    the ORM's joins may bring columns of the same name)."""
    table = SOURCES_BY_KIND[kind].table
    return f"MATCH ({table}.{TERMS_COLUMN}) AGAINST (%s IN BOOLEAN MODE)"


def _mysql_datetime(value) -> datetime:
    # MySQLdb answers naive datetimes; Django stores them in UTC (USE_TZ).
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _mysql_body_sql(source: Source) -> str:
    # The text columns themselves: a third of the prefixed words' size to send.
    parts = [
        f"convert(r.{c} using utf8mb4) collate {MARIADB_COLLATION}" for c in source.body_columns
    ]
    return f"concat_ws(' ', {', '.join(parts)})"


def _mysql_search(
    terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None, limit: int
) -> list[Hit]:
    """One statement: each table's best ``limit`` matches, then the best ``limit`` of all
    (InnoDB answers each MATCH from its own index; the ORM's query building for six
    kinds cost several times the searches themselves)."""
    param = mysql_match_param(terms, project_id, client_id)
    parts, params = [], []
    for source in SOURCES:
        match = f"MATCH (r.{TERMS_COLUMN}) AGAINST (%s IN BOOLEAN MODE)"
        parts.append(
            f"(SELECT '{source.kind}' AS kind, r.id AS id, r.{source.title} AS title,"
            f" {_mysql_body_sql(source)} AS body, {source.importance.format(r='r')} AS importance,"
            f" {source.usage.format(r='r')} AS usage_count, r.updated_at, r.created_at,"
            f" {match} AS rank FROM {source.table} r WHERE {match}"
            " ORDER BY rank DESC LIMIT %s)"
        )
        params += [param, param, limit]
    with default_connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY rank DESC LIMIT %s", [*params, limit])
        rows = cursor.fetchall()
    return [
        Hit(
            kind,
            uuid.UUID(str(object_id)).hex,
            title or "",
            body or "",
            int(importance or 0),  # a UNION of integer columns answers DECIMAL
            int(usage or 0),
            _mysql_datetime(updated),
            _mysql_datetime(created),
        )
        for kind, object_id, title, body, importance, usage, updated, created, _rank in rows
    ]


def mysql_match_param(terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None) -> str:
    """The ``IN BOOLEAN MODE`` expression: every scoped term as a prefix, OR-ed."""
    return " ".join(f"{t}*" for t in scoped_terms(terms, scope_prefixes(project_id, client_id)))


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


def refresh_statistics(conn: BaseDatabaseWrapper | None = None) -> None:
    """Refresh the query planner's statistics of the searched tables. Without them SQLite
    guesses that a project's rows are few and reads all of them to load ten by id: run
    after large imports (``import_transcripts`` and ``reindex_search`` do)."""
    conn = conn or default_connection
    # InnoDB recalculates its persistent statistics by itself (and ANALYZE TABLE would
    # commit the caller's transaction there).
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        for source in SOURCES:
            cursor.execute(f"ANALYZE {source.table}")


def rebuild_index(
    conn: BaseDatabaseWrapper | None = None, progress: Callable[[int], None] = lambda n: None
) -> None:
    """Rebuild the index from the source tables (``reindex_search``)."""
    conn = conn or default_connection
    if conn.vendor == "sqlite":
        _sqlite_ensure(conn)
        _sqlite_rebuild(conn, progress)
        refresh_statistics(conn)
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
    """Rows matching ``terms`` under the project's scope prefixes, best first by the
    engine's own rank, at most ``limit``. The exact scope is the caller's to apply."""
    if not terms:
        return []
    if default_connection.vendor == "mysql":
        return _mysql_search(terms, project_id, client_id, limit)
    return _sqlite_search(terms, project_id, client_id, limit)
