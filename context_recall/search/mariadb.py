# ruff: noqa: S608 - SQL is built from module constants; values are bound parameters, and
# search terms are letters, digits and "_" only (analysis, documents.scoped).
"""MariaDB/MySQL backend: an InnoDB FULLTEXT index over the documents' ``words``.

InnoDB keeps ``_`` inside a word, so a scoped word ``p<key>_term`` is one token (always
longer than ``innodb_ft_min_token_size``, never a stopword) and a search reads its scope's
postings only. A document becomes searchable when its transaction commits.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

DOCUMENTS = "context_recall_recalldocument"
INDEX = "recall_doc_words"
META_COLUMNS = (
    "d.id, d.kind, d.object_id, d.importance, d.usage_count, CAST(d.occurred_at AS CHAR),"
    " d.length, d.entities, d.superseded_by_id, d.tags,"
    " n.kind, n.object_id, CAST(n.occurred_at AS CHAR), n.title,"
    " d.term_counts"
)
# The document that supersedes a candidate, named in the same row (``META_COLUMNS``' n).
NEWER = f"LEFT JOIN {DOCUMENTS} n ON n.id = d.superseded_by_id"
MATCH = "MATCH (words) AGAINST (%s IN BOOLEAN MODE)"


def _has_index(cursor) -> bool:
    cursor.execute(
        "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
        " AND table_name = %s AND index_name = %s",
        [DOCUMENTS, INDEX],
    )
    return cursor.fetchone()[0] > 0


def ensure(conn: BaseDatabaseWrapper) -> bool:
    with conn.cursor() as cursor:
        if _has_index(cursor):
            return False
        cursor.execute(f"ALTER TABLE {DOCUMENTS} ADD FULLTEXT INDEX {INDEX} (words)")
    return True


def drop(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        if _has_index(cursor):
            cursor.execute(f"ALTER TABLE {DOCUMENTS} DROP INDEX {INDEX}")


def match_expression(scoped_terms: list[str]) -> str:
    # No operator between words means OR in boolean mode.
    return " ".join(scoped_terms)


def search(
    conn: BaseDatabaseWrapper, scoped_terms: list[str], limit: int, also: list[int] = ()
) -> list[tuple]:
    """(meta columns..., term counts) of the documents holding any of ``scoped_terms``, best
    first by InnoDB's relevance, at most ``limit``; then those of the documents ``also``
    names (the nearest vectors: one round trip for both; a document may come twice). The
    words are read for those rows only, not carried through the sort. Equal ranks are
    cut by id, which every node of a Galera cluster shares: InnoDB's own order of equal
    ranks follows its hidden full-text document ids, which each node numbers itself, so
    the same question would get different candidates (and answers) on different nodes."""
    parts: list[str] = []
    params: list = []
    if scoped_terms:
        param = match_expression(scoped_terms)
        parts.append(
            f"SELECT {META_COLUMNS} FROM (SELECT id, {MATCH} AS rank FROM {DOCUMENTS}"
            f" WHERE {MATCH} ORDER BY rank DESC, id LIMIT %s) best JOIN {DOCUMENTS} d"
            f" ON d.id = best.id {NEWER}"
        )
        params += [param, param, limit]
    if also:
        marks = ", ".join(["%s"] * len(also))
        parts.append(f"SELECT {META_COLUMNS} FROM {DOCUMENTS} d {NEWER} WHERE d.id IN ({marks})")
        params += list(also)
    if not parts:
        return []
    with conn.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return list(cursor.fetchall())


def rebuild(conn: BaseDatabaseWrapper) -> None:
    """InnoDB indexes rows as they are written: nothing to refill."""


def compact(conn: BaseDatabaseWrapper) -> None:
    """Rebuild the table, which drops the FULLTEXT entries of deleted and rewritten rows
    (InnoDB filters them out on every search until then). Commits: call it outside a
    transaction."""
    with conn.cursor() as cursor:
        cursor.execute(f"OPTIMIZE TABLE {DOCUMENTS}")
        cursor.fetchall()


def refresh_statistics(conn: BaseDatabaseWrapper) -> None:
    # ANALYZE TABLE would commit the caller's transaction; InnoDB recounts later anyway.
    if conn.in_atomic_block:
        return
    with conn.cursor() as cursor:
        cursor.execute(f"ANALYZE TABLE {DOCUMENTS}")
        cursor.fetchall()


# --- Earlier layouts --------------------------------------------------------------------

LEGACY_SOURCE_TABLES = (
    "context_recall_conversationcontext",
    "context_recall_contextsnippet",
    "context_recall_decisionlog",
    "context_recall_projectstate",
    "tracking_problemsolution",
    "msp_infrastructure",
)


def drop_legacy(conn: BaseDatabaseWrapper) -> None:
    """Remove the trigger-maintained ``recall_search`` table of layouts v3-v4 with its
    triggers, and the FULLTEXT indexes and ``recall_terms`` columns of v1-v2."""
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT trigger_name FROM information_schema.triggers"
            " WHERE trigger_schema = DATABASE() AND trigger_name LIKE %s",
            ["recall\\_search\\_%"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute("DROP TABLE IF EXISTS recall_search")
        marks = ", ".join(["%s"] * len(LEGACY_SOURCE_TABLES))
        cursor.execute(
            "SELECT DISTINCT table_name, index_name FROM information_schema.statistics"
            f" WHERE table_schema = DATABASE() AND index_type = 'FULLTEXT'"
            f" AND table_name IN ({marks})",
            list(LEGACY_SOURCE_TABLES),
        )
        for table, name in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {table} DROP INDEX {name}")
        cursor.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = DATABASE()"
            f" AND column_name = 'recall_terms' AND table_name IN ({marks})",
            list(LEGACY_SOURCE_TABLES),
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {table} DROP COLUMN recall_terms")
