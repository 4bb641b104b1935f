# ruff: noqa: S608 - SQL is built from module constants; values are bound parameters, and
# search terms are letters, digits and "_" only (analysis, documents.scoped).
"""SQLite backend: an FTS5 table over the documents' ``words`` (external content: the
document table holds the text once), kept in step by three triggers on that table.

FTS5's tokenizer keeps ``_`` inside a token, so a scoped word ``p<key>_term`` is one
token and a search asks for its scope's tokens only. The documents' integer primary key
is the FTS rowid, which VACUUM never renumbers.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

DOCUMENTS = "context_recall_recalldocument"
FTS_TABLE = "recall_doc_fts"
TRIGGERS = {
    f"{FTS_TABLE}_ai": f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON {DOCUMENTS} BEGIN"
    f" INSERT INTO {FTS_TABLE}(rowid, words) VALUES (NEW.id, NEW.words); END",
    f"{FTS_TABLE}_ad": f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON {DOCUMENTS} BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, words) VALUES ('delete', OLD.id, OLD.words);"
    " END",
    f"{FTS_TABLE}_au": f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE OF words ON {DOCUMENTS}"
    f" BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, words)"
    " VALUES ('delete', OLD.id, OLD.words);"
    f" INSERT INTO {FTS_TABLE}(rowid, words) VALUES (NEW.id, NEW.words); END",
}
FTS_SQL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(words, content='{DOCUMENTS}',"
    " content_rowid='id', tokenize = 'unicode61 remove_diacritics 0 tokenchars ''_''')"
)
# What scoring reads of a document besides its words, in the order of
# ``selectors.CANDIDATE_COLUMNS`` (datetimes as stored text: only the candidates that win
# are parsed).
META_COLUMNS = (
    "d.id, d.kind, d.object_id, d.importance, d.usage_count, CAST(d.occurred_at AS TEXT),"
    " d.length, d.entities, d.superseded_by_id, d.tags,"
    " n.kind, n.object_id, CAST(n.occurred_at AS TEXT), n.title,"
    " d.term_counts"
)
# The document that supersedes a candidate, named in the same row (``META_COLUMNS``' n).
NEWER = f"LEFT JOIN {DOCUMENTS} n ON n.id = d.superseded_by_id"


def _present(cursor) -> dict[str, str]:
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE name = %s OR name IN (%s, %s, %s)",
        [FTS_TABLE, *TRIGGERS],
    )
    return dict(cursor.fetchall())


def ensure(conn: BaseDatabaseWrapper) -> bool:
    """Create whatever is missing or differs; refill the index when anything did. (A
    migration that rebuilds the document table drops its triggers.)"""
    with conn.cursor() as cursor:
        present = _present(cursor)
        expected = {FTS_TABLE: FTS_SQL, **TRIGGERS}
        if all(present.get(name) == sql for name, sql in expected.items()):
            return False
        if present.get(FTS_TABLE) != FTS_SQL:
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
            cursor.execute(FTS_SQL)
        for name, sql in TRIGGERS.items():
            if present.get(name) != sql:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(sql)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return True


def drop(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def match_expression(scoped_terms: list[str]) -> str:
    # Quoted: a term is a plain token whatever it holds.
    return " OR ".join(f'"{term}"' for term in scoped_terms)


def search(
    conn: BaseDatabaseWrapper, scoped_terms: list[str], limit: int, also: list[int] = ()
) -> list[tuple]:
    """(meta columns..., term counts) of the documents holding any of ``scoped_terms``, best
    first by FTS5's BM25, at most ``limit``; then those of the documents ``also`` names
    (the nearest vectors: one round trip for both; a document may come twice)."""
    parts: list[str] = []
    params: list = []
    if scoped_terms:
        parts.append(
            f"SELECT {META_COLUMNS} FROM (SELECT rowid AS id, rank FROM {FTS_TABLE}"
            f" WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT %s) best"
            f" JOIN {DOCUMENTS} d ON d.id = best.id {NEWER}"
        )
        params += [match_expression(scoped_terms), limit]
    if also:
        marks = ", ".join(["%s"] * len(also))
        parts.append(f"SELECT {META_COLUMNS} FROM {DOCUMENTS} d {NEWER} WHERE d.id IN ({marks})")
        params += list(also)
    if not parts:
        return []
    with conn.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def rebuild(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")


def compact(conn: BaseDatabaseWrapper) -> None:
    """The FTS rebuild compacts already."""


def refresh_statistics(conn: BaseDatabaseWrapper) -> None:
    # Every table, not only the documents: without statistics SQLite reads the rows recall
    # loads (a few ids of one project) through the project's index, all of its rows,
    # instead of by primary key (measured at 500 contexts a project: 3.1 ms against 1.4).
    with conn.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- Earlier layouts --------------------------------------------------------------------


def drop_legacy(conn: BaseDatabaseWrapper) -> None:
    """Remove the trigger-maintained index of layouts before 0005 (``recall_fts``, its
    mapping table and the triggers on the six memory tables)."""
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            " AND name LIKE 'recall\\_fts\\_%%' ESCAPE '\\'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute("DROP TABLE IF EXISTS recall_fts")
        cursor.execute("DROP TABLE IF EXISTS recall_fts_map")
