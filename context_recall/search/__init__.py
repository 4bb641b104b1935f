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

MariaDB/MySQL (InnoDB FULLTEXT): one table ``recall_search(kind, object_id, title, body,
...)`` with a FULLTEXT index over ``(title, body)``, filled by triggers on each source table
that prefix every run of letters and digits (``REGEXP_REPLACE``); a row becomes searchable
when its transaction commits. One index, so one FULLTEXT lookup per search: InnoDB pays a
fixed cost per index searched, which six per-table indexes (layout v2) paid six times.
The table also holds what scoring reads of each row (``HIT_COLUMNS``: its text as stored,
importance, usage and times; layout v4), so that a search reads no other table; the
update triggers keep those in step too, without rewriting the words when only usage or
importance changed. The triggers read the columns by name: a later migration that renames
one must drop the search schema first (``drop_search_schema``); ``migrate`` puts it back.
Creating triggers needs the TRIGGER privilege (and, with binary logging on, SUPER or
``log_bin_trust_function_creators``: docs/deployment.md).

Both are created by migrations for the active backend and re-checked after every
``migrate`` (``ensure_search_schema``): whatever differs from what this module defines (a
SQLite table rebuilt by Django loses its triggers; an older layout) is re-created and the
index rebuilt. The engine only finds candidates; ranking is ``scoring``.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

FTS_TABLE = "recall_fts"
MAP_TABLE = "recall_fts_map"
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
    # The scope prefix of a row as SQL over alias {r} (it may read other tables), in each
    # dialect, and the row's columns it depends on.
    sqlite_prefix: str
    mariadb_prefix: str
    scope_columns: tuple[str, ...]
    importance: str = "5"  # SQL over alias {r}: what scoring reads
    usage: str = "{r}.usage_count"


def _key(column: str) -> str:
    """SQLite: the scope key of a UUID column (stored as 32 hex digits)."""
    return f"substr({{r}}.{column}, 1, {SCOPE_KEY_CHARS})"


def _mkey(column: str) -> str:
    # MariaDB: a UUID column is CHAR(32), or on 10.7+ the native UUID type (text with
    # dashes).
    return f"left(replace(rtrim({column}), '-', ''), {SCOPE_KEY_CHARS})"


PROJECT_PREFIX = f"'p' || {_key('project_id')}"
MARIADB_PROJECT_PREFIX = f"concat('p', {_mkey('{r}.project_id')})"
# A problem solution without a client is its session's project's, or everyone's.
SESSION_PROJECT = "(SELECT {p} FROM tracking_worksession s WHERE s.id = {{r}}.session_id)"

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
        ("project_id",),
        importance="{r}.importance",
    ),
    Source(
        "snippet",
        "context_recall_contextsnippet",
        "title",
        ("content",),
        f"CASE WHEN {{r}}.project_id IS NOT NULL THEN {PROJECT_PREFIX}"
        f" WHEN {{r}}.client_id IS NOT NULL THEN 'c' || {_key('client_id')} ELSE 'g' END",
        f"CASE WHEN {{r}}.project_id IS NOT NULL THEN {MARIADB_PROJECT_PREFIX}"
        f" WHEN {{r}}.client_id IS NOT NULL THEN concat('c', {_mkey('{r}.client_id')})"
        " ELSE 'g' END",
        ("project_id", "client_id"),
        importance="{r}.importance",
    ),
    Source(
        "decision",
        "context_recall_decisionlog",
        "title",
        ("decision", "rationale", "alternatives", "impact"),
        PROJECT_PREFIX,
        MARIADB_PROJECT_PREFIX,
        ("project_id",),
        importance="{r}.importance",
    ),
    Source(
        "project_state",
        "context_recall_projectstate",
        "phase",
        ("summary", "blockers", "next_actions", "key_files", "notes"),
        PROJECT_PREFIX,
        MARIADB_PROJECT_PREFIX,
        ("project_id",),
        importance="8",
    ),
    Source(
        "problem_solution",
        "tracking_problemsolution",
        "title",
        ("symptom", "root_cause", "resolution", "verification"),
        f"CASE WHEN {{r}}.client_id IS NOT NULL THEN 'c' || {_key('client_id')} ELSE coalesce("
        + SESSION_PROJECT.format(p=f"'p' || substr(s.project_id, 1, {SCOPE_KEY_CHARS})")
        + ", 'g') END",
        f"CASE WHEN {{r}}.client_id IS NOT NULL THEN concat('c', {_mkey('{r}.client_id')})"
        " ELSE coalesce("
        + SESSION_PROJECT.format(p=f"concat('p', {_mkey('s.project_id')})")
        + ", 'g') END",
        ("client_id", "session_id"),
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
        f"CASE WHEN {{r}}.environmental_notes <> ''"
        f" THEN concat('c', {_mkey('{r}.client_id')}) ELSE 'x' END",
        ("client_id",),
        importance="6",
        usage="0",
    ),
)
SOURCES_BY_KIND = {s.kind: s for s in SOURCES}


def _indexed_columns(source: Source) -> tuple[str, ...]:
    """The columns whose change rewrites a row's indexed words."""
    return (source.title, *source.body_columns, *source.scope_columns)


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


def _sqlite_triggers(source: Source) -> dict[str, str]:
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
    watched = sorted(_indexed_columns(source))
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


def _sqlite_expected() -> dict[str, tuple[str, str]]:
    """name -> (type, CREATE statement) of every search object this module defines."""
    expected = {FTS_TABLE: ("table", FTS_SQL), MAP_TABLE: ("table", MAP_SQL)}
    for source in SOURCES:
        for name, sql in _sqlite_triggers(source).items():
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
        expected = _sqlite_expected()
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


class Hit(NamedTuple):
    """A full-text match: the row's kind and id (32 hex digits), its title and body text
    (what scoring reads) and the columns scoring weighs -- so that only the rows recall
    shows need loading. ``created_text`` is the creation time as stored (UTC,
    "YYYY-MM-DD HH:MM:SS[.ffffff]"): it orders as the time does, and only the rows shown
    need it parsed (``stored_datetime``). A tuple: a search makes up to a hundred."""

    kind: str
    object_id: str
    title: str
    body: str
    importance: int
    usage_count: int
    updated_at: datetime
    created_text: str


def stored_datetime(value: str) -> datetime:
    """An aware UTC datetime of a datetime column read as text: Django stores aware
    datetimes in UTC (USE_TZ), read here as "YYYY-MM-DD HH:MM:SS[.ffffff]" on both
    backends."""
    return datetime.fromisoformat(value + "+00:00")


def _hits(rows: list[tuple]) -> list[Hit]:
    """``Hit``s of the rows of a search statement (kind, hex id, then the title, body,
    importance, usage, update and creation times) whose source row still exists (SQLite
    reads them from it). ``stored_datetime`` inlined: it runs for every match."""
    parse = datetime.fromisoformat
    return [
        Hit(
            kind,
            object_id,
            title or "",
            body or "",
            importance or 0,
            usage or 0,
            parse(updated + "+00:00"),
            created,
        )
        for kind, object_id, title, body, importance, usage, updated, created in rows
        if updated is not None  # the row is gone (an index out of step: reindex_search)
    ]


def _sqlite_hit_columns_sql(m: str) -> tuple[str, str]:
    """(select list, joins) reading each hit's text and scoring columns from its own
    table, by the search row ``m``'s kind and object id. The source columns, not the
    index's prefixed words: a third of the size, and nothing to strip."""
    joins = []
    columns: list[list[str]] = [[] for _ in range(6)]
    for n, source in enumerate(SOURCES):
        r = f"r{n}"
        joins.append(
            f" LEFT JOIN {source.table} {r}"
            f" ON {m}.kind = '{source.kind}' AND {r}.id = {m}.object_id"
        )
        values = (
            f"{r}.{source.title}",
            " || ' ' || ".join(f"coalesce({r}.{c}, '')" for c in source.body_columns),
            source.importance.format(r=r),
            source.usage.format(r=r),
            f"{r}.updated_at",
            f"{r}.created_at",
        )
        for column, value in zip(columns, values, strict=True):
            column.append(f" WHEN '{source.kind}' THEN {value}")
    cases = [f"CASE {m}.kind{''.join(whens)} END" for whens in columns]
    return ", ".join(cases), "".join(joins)


def sqlite_match(terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None) -> str:
    """The FTS5 MATCH expression of ``terms`` in a project's scope: each term as a prefix
    under each of the scope's prefixes, OR-ed (letters, digits and ``_`` only: quoting
    them is enough)."""
    if not terms:
        raise ValueError("no search terms")
    phrases = scoped_terms(terms, scope_prefixes(project_id, client_id))
    return "{title body} : (" + " OR ".join(f'"{p}"*' for p in phrases) + ")"


@functools.cache
def _sqlite_search_sql() -> str:
    columns, joins = _sqlite_hit_columns_sql("m")
    # The texts are read for the best rows only, not carried through the sort.
    return (
        f"SELECT m.kind, m.object_id, {columns} FROM ("
        f"SELECT rowid AS id, bm25({FTS_TABLE}, 3.0, 1.0) AS rank"
        f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT %s"
        f") best JOIN {MAP_TABLE} m ON m.id = best.id{joins} ORDER BY best.rank"
    )


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

SEARCH_TABLE = "recall_search"
# The search table's comment names its layout: a table of another layout is replaced.
MARIADB_LAYOUT = "msp recall search v4"
MARIADB_COLLATION = "utf8mb4_unicode_ci"  # settings.DATABASES' TEST COLLATION too
# The generated column of layout v2, on each source table.
OLD_TERMS_COLUMN = "recall_terms"


def _mysql_scoped_sql(source: Source, columns: tuple[str, ...], r: str) -> str:
    """The prefixed words of ``columns`` of row ``r``: ``_`` and ``'`` (word characters
    for InnoDB, separators for us) made spaces, and every run of letters and digits
    prefixed."""
    # One collation for all: JSON columns are utf8mb4_bin, text columns the table's.
    parts = [f"convert({r}.{c} using utf8mb4) collate {MARIADB_COLLATION}" for c in columns]
    text = f"replace(replace(concat_ws(' ', {', '.join(parts)}), '_', ' '), '''', ' ')"
    prefixed = f"concat({source.mariadb_prefix.format(r=r)}, '_\\\\1')"
    return f"coalesce(regexp_replace({text}, '([[:alnum:]]+)', {prefixed}), '')"


def _mysql_words_sql(source: Source, r: str) -> str:
    """The search table's ``title, body`` of row ``r``."""
    return (
        f"{_mysql_scoped_sql(source, (source.title,), r)},"
        f" {_mysql_scoped_sql(source, source.body_columns, r)}"
    )


def _mysql_id_type(cursor) -> str:
    """The column type of the source tables' UUID keys: CHAR(32), or on MariaDB 10.7+
    the native UUID type; the search table's ``object_id`` matches it so that joins
    compare like with like."""
    cursor.execute(
        "SELECT column_type FROM information_schema.columns WHERE table_schema = DATABASE()"
        " AND table_name = %s AND column_name = 'id'",
        [SOURCES[0].table],
    )
    return cursor.fetchone()[0]


def _mysql_table_sql(id_type: str, comment: str = MARIADB_LAYOUT) -> str:
    return (
        f"CREATE TABLE {SEARCH_TABLE} (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
        f" kind VARCHAR(32) NOT NULL, object_id {id_type} NOT NULL, title LONGTEXT NOT NULL,"
        " body LONGTEXT NOT NULL, plain_title LONGTEXT NOT NULL, plain_body LONGTEXT NOT NULL,"
        " importance SMALLINT NOT NULL, usage_count INT UNSIGNED NOT NULL,"
        " updated_at DATETIME(6) NOT NULL, created_at DATETIME(6) NOT NULL,"
        f" UNIQUE KEY {SEARCH_TABLE}_object (kind, object_id),"
        f" FULLTEXT KEY {SEARCH_TABLE}_words (title, body))"
        f" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={MARIADB_COLLATION}"
        f" COMMENT='{comment}'"
    )


def _mysql_trigger_names(source: Source) -> list[str]:
    return [f"{SEARCH_TABLE}_{source.kind}_{op}" for op in ("ai", "au", "ad")]


# The search table's columns after its words (title, body): what scoring reads, so that
# a search reads that one table (``_mysql_search_sql``). The texts first, then what usage
# bumps and edits of importance change without rewriting the words.
HIT_COLUMNS = ("plain_title", "plain_body", "importance", "usage_count", "updated_at", "created_at")


def _mysql_hit_values(source: Source, r: str) -> tuple[str, ...]:
    """SQL over row ``r`` of ``source`` for each of ``HIT_COLUMNS``: the source columns
    as they are (the body's joined by spaces; concat_ws skips NULLs), not the words."""
    body = f"concat_ws(' ', {', '.join(f'{r}.{c}' for c in source.body_columns)})"
    return (
        f"coalesce({r}.{source.title}, '')",
        body,
        source.importance.format(r=r),
        source.usage.format(r=r),
        f"{r}.updated_at",
        f"{r}.created_at",
    )


def _mysql_row_sql(source: Source, r: str) -> str:
    """The search table's ``title, body, *HIT_COLUMNS`` of row ``r``."""
    return f"{_mysql_words_sql(source, r)}, {', '.join(_mysql_hit_values(source, r))}"


def _mysql_triggers(source: Source) -> dict[str, str]:
    """name -> CREATE TRIGGER statement keeping ``source``'s rows in the search table.
    The update trigger rewrites the row's words only when an indexed column changed;
    when only what scoring weighs changed (recall's usage bumps), it updates those
    columns, which InnoDB does without touching the FULLTEXT index."""
    k, t = source.kind, source.table
    columns = ", ".join(("title", "body", *HIT_COLUMNS))
    updates = ", ".join(f"{c} = VALUES({c})" for c in ("title", "body", *HIT_COLUMNS))
    upsert = (
        f"INSERT INTO {SEARCH_TABLE} (kind, object_id, {columns}) VALUES ('{k}', NEW.id,"
        f" {_mysql_row_sql(source, 'NEW')}) ON DUPLICATE KEY UPDATE {updates};"
    )
    same = " AND ".join(f"OLD.{c} <=> NEW.{c}" for c in _indexed_columns(source))
    # (column, old value, new value) of what scoring weighs besides the texts.
    old, new = _mysql_hit_values(source, "OLD"), _mysql_hit_values(source, "NEW")
    meta = list(zip(HIT_COLUMNS, old, new, strict=True))[2:]
    same_meta = " AND ".join(f"{was} <=> {now}" for _, was, now in meta)
    set_meta = ", ".join(f"{column} = {now}" for column, _, now in meta)
    ai, au, ad = _mysql_trigger_names(source)
    return {
        ai: f"CREATE TRIGGER {ai} AFTER INSERT ON {t} FOR EACH ROW BEGIN {upsert} END",
        au: f"CREATE TRIGGER {au} AFTER UPDATE ON {t} FOR EACH ROW BEGIN"
        f" IF NOT ({same}) THEN {upsert} ELSEIF NOT ({same_meta}) THEN"
        f" UPDATE {SEARCH_TABLE} SET {set_meta} WHERE kind = '{k}' AND object_id = NEW.id;"
        " END IF; END",
        ad: f"CREATE TRIGGER {ad} AFTER DELETE ON {t} FOR EACH ROW BEGIN"
        f" DELETE FROM {SEARCH_TABLE} WHERE kind = '{k}' AND object_id = OLD.id; END",
    }


def _mysql_layout() -> str:
    """The search table's comment: the layout's name and a digest of every statement
    that builds it, so that any change to them here replaces the table and triggers.
    (MariaDB shows a trigger's body with its string escapes resolved, so the bodies
    themselves cannot be compared with what this module would send.)"""
    statements = [_mysql_table_sql("uuid")]
    statements += [sql for source in SOURCES for sql in _mysql_triggers(source).values()]
    digest = hashlib.sha256("\n".join(statements).encode()).hexdigest()[:16]
    return f"{MARIADB_LAYOUT} {digest}"


def _mysql_expected() -> dict[str, str]:
    """trigger name -> the table it is on."""
    return {name: s.table for s in SOURCES for name in _mysql_trigger_names(s)}


def _mysql_state(cursor) -> tuple[str | None, dict[str, str], set[tuple[str, str]]]:
    """(the search table's comment or None, {our trigger: its table}, {(source table,
    FULLTEXT index)}: an earlier layout's indexes on the source tables)."""
    cursor.execute(
        "SELECT table_comment FROM information_schema.tables WHERE table_schema = DATABASE()"
        " AND table_name = %s",
        [SEARCH_TABLE],
    )
    row = cursor.fetchone()
    cursor.execute(
        "SELECT trigger_name, event_object_table FROM"
        " information_schema.triggers WHERE trigger_schema = DATABASE()"
        " AND trigger_name LIKE %s",
        [SEARCH_TABLE.replace("_", "\\_") + "\\_%"],
    )
    triggers = dict(cursor.fetchall())
    cursor.execute(
        "SELECT DISTINCT table_name, index_name FROM information_schema.statistics"
        " WHERE table_schema = DATABASE() AND index_type = 'FULLTEXT'"
    )
    tables = {source.table for source in SOURCES}
    old_indexes = {(t, name) for t, name in cursor.fetchall() if t in tables}
    return (row[0] if row else None), triggers, old_indexes


def _mysql_drop_earlier_layouts(cursor, old_indexes: set[tuple[str, str]]) -> bool:
    """Remove the layouts before v3: FULLTEXT indexes on the source tables (v1, v2) and
    their generated ``recall_terms`` columns (v2)."""
    for table, name in sorted(old_indexes):
        cursor.execute(f"ALTER TABLE {table} DROP INDEX {name}")
    cursor.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = DATABASE()"
        " AND column_name = %s",
        [OLD_TERMS_COLUMN],
    )
    tables = {source.table for source in SOURCES}
    columns = sorted(row[0] for row in cursor.fetchall() if row[0] in tables)
    for table in columns:
        cursor.execute(f"ALTER TABLE {table} DROP COLUMN {OLD_TERMS_COLUMN}")
    return bool(old_indexes or columns)


def _mysql_ensure(conn: BaseDatabaseWrapper) -> bool:
    layout = _mysql_layout()
    with conn.cursor() as cursor:
        comment, present, old_indexes = _mysql_state(cursor)
        changed = _mysql_drop_earlier_layouts(cursor, old_indexes)
        expected = _mysql_expected()
        if comment != layout:
            for name in present:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            present = {}
            cursor.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
            cursor.execute(_mysql_table_sql(_mysql_id_type(cursor), layout))
            changed = True
        for name, table in present.items():
            if expected.get(name) != table:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                changed = True
        for source in SOURCES:
            for name, sql in _mysql_triggers(source).items():
                if present.get(name) != source.table:
                    cursor.execute(sql)
                    changed = True
    return changed


def _mysql_drop(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        _comment, present, old_indexes = _mysql_state(cursor)
        _mysql_drop_earlier_layouts(cursor, old_indexes)
        for name in present:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")


def _mysql_rebuild(conn: BaseDatabaseWrapper, progress: Callable[[int], None]) -> None:
    """Refill the search table from the source tables, in batches (DELETE, not TRUNCATE:
    it stays inside the caller's transaction)."""
    with conn.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SEARCH_TABLE}")
        for source in SOURCES:
            last = None
            while True:
                after, params = ("", []) if last is None else ("WHERE r.id > %s ", [last])
                cursor.execute(
                    f"SELECT r.id FROM {source.table} r {after}ORDER BY r.id LIMIT %s",
                    [*params, BATCH],
                )
                ids = [row[0] for row in cursor.fetchall()]
                if not ids:
                    break
                cursor.execute(
                    f"INSERT INTO {SEARCH_TABLE} (kind, object_id, title, body,"
                    f" {', '.join(HIT_COLUMNS)}) SELECT %s, r.id, {_mysql_row_sql(source, 'r')}"
                    f" FROM {source.table} r"
                    " WHERE r.id >= %s AND r.id <= %s",
                    [source.kind, ids[0], ids[-1]],
                )
                progress(len(ids))
                last = ids[-1]


def _mysql_purge_orphans(conn: BaseDatabaseWrapper) -> None:
    """Drop search rows whose source row went without its trigger firing (``TRUNCATE``,
    which Django's ``flush`` uses on MariaDB)."""
    with conn.cursor() as cursor:
        for source in SOURCES:
            cursor.execute(
                f"DELETE s FROM {SEARCH_TABLE} s LEFT JOIN {source.table} r ON r.id = s.object_id"
                " WHERE s.kind = %s AND r.id IS NULL",
                [source.kind],
            )


MYSQL_MATCH = "MATCH (title, body) AGAINST (%s IN BOOLEAN MODE)"


@functools.cache
def _mysql_search_sql() -> str:
    # Everything scoring reads is in the search table: a search reads that one table
    # instead of joining the six source tables (docs/benchmarks.md). The texts are read
    # for the best rows only, not carried through the sort. Ids as hex digits, as on
    # SQLite (a native UUID column has dashes); datetimes as text, which ``_hits`` parses
    # in C (MySQLdb's converter is Python).
    columns = [f"s.{c}" for c in HIT_COLUMNS]
    columns[4:6] = [f"cast({c} as char)" for c in columns[4:6]]
    return (
        f"SELECT s.kind, replace(s.object_id, '-', ''), {', '.join(columns)} FROM (SELECT id,"
        f" {MYSQL_MATCH} AS rank FROM {SEARCH_TABLE} WHERE {MYSQL_MATCH} ORDER BY rank DESC"
        f" LIMIT %s) best JOIN {SEARCH_TABLE} s ON s.id = best.id ORDER BY best.rank DESC"
    )


def mysql_raw_search(
    terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None, limit: int
) -> list[int]:
    """The full-text query alone (search row ids, best first): the recall benchmark's
    baseline."""
    param = mysql_match_param(terms, project_id, client_id)
    with default_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {MYSQL_MATCH} AS rank FROM {SEARCH_TABLE} WHERE {MYSQL_MATCH}"
            " ORDER BY rank DESC LIMIT %s",
            [param, param, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def mysql_match_param(terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None) -> str:
    """The ``IN BOOLEAN MODE`` expression: every scoped term as a prefix, OR-ed."""
    return " ".join(f"{t}*" for t in scoped_terms(terms, scope_prefixes(project_id, client_id)))


# --- Public API -------------------------------------------------------------------------


def ensure_search_schema(conn: BaseDatabaseWrapper | None = None, *, rebuild: bool = True) -> bool:
    """Make the search structures exactly what this module defines (idempotent) and, when
    anything had to change, rebuild the index. Answers whether anything changed."""
    conn = conn or default_connection
    if conn.vendor == "sqlite":
        changed = _sqlite_ensure(conn)
        if changed and rebuild:
            _sqlite_rebuild(conn, lambda n: None)
        return changed
    if conn.vendor == "mysql":
        changed = _mysql_ensure(conn)
        if changed and rebuild:
            _mysql_rebuild(conn, lambda n: None)
        elif not changed:
            _mysql_purge_orphans(conn)
        return changed
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
    """Refresh the query planner's statistics of the searched tables, after large imports
    (``import_transcripts``, ``reindex_search`` and the recall bench do). Without them
    SQLite guesses that a project's rows are few and reads all of them to load ten by id,
    and MariaDB, until InnoDB's background recount catches up, reads a client's rows
    through its index rather than ten by key. MariaDB only outside a transaction: ANALYZE
    TABLE would commit the caller's (InnoDB recounts on its own later anyway)."""
    conn = conn or default_connection
    if conn.vendor == "sqlite":
        statement = "ANALYZE {}"
    elif conn.vendor == "mysql" and not conn.in_atomic_block:
        statement = "ANALYZE TABLE {}"
    else:
        return
    with conn.cursor() as cursor:
        for source in SOURCES:
            cursor.execute(statement.format(source.table))
            cursor.fetchall()


def rebuild_index(
    conn: BaseDatabaseWrapper | None = None, progress: Callable[[int], None] = lambda n: None
) -> None:
    """Rebuild the index from the source tables (``reindex_search``, which then compacts
    it and refreshes the planner's statistics)."""
    conn = conn or default_connection
    if conn.vendor == "sqlite":
        _sqlite_ensure(conn)
        _sqlite_rebuild(conn, progress)
    elif conn.vendor == "mysql":
        _mysql_ensure(conn)
        _mysql_rebuild(conn, progress)


def compact_index(conn: BaseDatabaseWrapper | None = None) -> None:
    """MariaDB: rebuild the search table, which drops the FULLTEXT entries of deleted
    and rewritten rows (InnoDB keeps them, and filters them out on every search, until
    then). Commits: call it outside a transaction. SQLite's rebuild compacts already."""
    conn = conn or default_connection
    if conn.vendor == "mysql":
        with conn.cursor() as cursor:
            cursor.execute(f"OPTIMIZE TABLE {SEARCH_TABLE}")
            cursor.fetchall()


def search_hits(
    terms: list[str], project_id: uuid.UUID, client_id: uuid.UUID | None, limit: int
) -> list[Hit]:
    """Rows matching ``terms`` under the project's scope prefixes, best first by the
    engine's own rank, at most ``limit``. The exact scope is the caller's to apply."""
    if not terms:
        return []
    if default_connection.vendor == "mysql":
        param = mysql_match_param(terms, project_id, client_id)
        sql, params = _mysql_search_sql(), [param, param, limit]
    else:
        sql, params = _sqlite_search_sql(), [sqlite_match(terms, project_id, client_id), limit]
    with default_connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _hits(cursor.fetchall())
