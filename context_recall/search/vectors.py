"""The semantic side: every document vector of a project's scope, compared with numpy. A
project's scope is its own memories, its client's and the global ones (hundreds to a few
thousand rows), so an exact scan costs less than keeping an approximate index in step,
and works the same on every engine.

Reading a scope's vectors (a kilobyte a document, side by side in ``RecallVector``) is
most of what this costs, so each process keeps them, per scope, while the scope does not
change. A document whose words, vector or scope change is written as a new row with a
new id (``documents.index_object``; only ranking columns such as importance or usage
change in place), so a scope's (count, max id, sum of ids) changes with every insert,
delete or rewrite of one of its documents: one aggregate over the scope index tells
whether the copy kept is current. Committed rows never reuse an id (AUTOINCREMENT on
SQLite, InnoDB's counter), but a rolled-back transaction can hand its ids out again:
vectors read inside a transaction are used, never kept, and a flush (``post_migrate``)
empties the copies.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connections, models

from context_recall.models import RecallDocument, RecallVector
from context_recall.search import embedding

Version = tuple[int, int, int]  # (documents, max id, sum of ids) of one scope


@dataclass
class ScopeVectors:
    ids: np.ndarray  # document ids
    lengths: np.ndarray  # terms per document (BM25's length normalisation)
    matrix: np.ndarray  # one normalised row per document
    # Documents per scope when read (a scope absent or 0 has none: its terms cannot match).
    counts: dict[str, int] | None = None

    @property
    def count(self) -> int:
        return len(self.ids)

    def similarities(self, query: np.ndarray) -> np.ndarray:
        return self.matrix @ query if self.count else np.zeros(0, dtype=np.float32)

    def similarities_many(self, queries: np.ndarray) -> np.ndarray:
        """One row of similarities per query row, in one product."""
        if not self.count:
            return np.zeros((len(queries), 0), dtype=np.float32)
        return queries @ self.matrix.T

    def position(self) -> dict[int, int]:
        """Document id -> its row."""
        return dict(zip(self.ids.tolist(), range(self.count), strict=True))


def _empty(dim: int) -> ScopeVectors:
    return ScopeVectors(
        ids=np.zeros(0, dtype=np.int64),
        lengths=np.zeros(0, dtype=np.float32),
        matrix=np.zeros((0, dim), dtype=np.float32),
    )


class _Cache:
    """Per process: (database, scope, dimension) -> (version, vectors), least recently
    used first out, at most ``settings.RECALL_VECTOR_CACHE_ROWS`` documents in all."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple, tuple[Version, ScopeVectors]] = OrderedDict()
        self._rows = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, version: Version) -> ScopeVectors | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple, version: Version, vectors: ScopeVectors) -> None:
        budget = settings.RECALL_VECTOR_CACHE_ROWS
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._rows -= old[1].count
            if vectors.count > budget:
                return
            self._entries[key] = (version, vectors)
            self._rows += vectors.count
            while self._rows > budget:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._rows -= dropped.count

    def peek(self, key: tuple) -> ScopeVectors | None:
        """The copy held for ``key`` whatever its version (None: none)."""
        with self._lock:
            entry = self._entries.get(key)
            return entry[1] if entry is not None else None

    def holds(self, key: tuple) -> bool:
        return key in self._entries

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._rows = 0


_cache = _Cache()


def clear_cache(**kwargs: object) -> None:
    """Forget every scope's vectors (after a migrate or a flush, which may reuse ids)."""
    _cache.clear()


def _versions(scopes: list[str], using: str) -> dict[str, Version]:
    rows = (
        RecallDocument.objects.using(using)
        .filter(scope__in=scopes)
        .values("scope")
        .annotate(n=models.Count("id"), top=models.Max("id"), total=models.Sum("id"))
        .order_by()
        .values_list("scope", "n", "top", "total")
    )
    return {scope: (n, int(top), int(total)) for scope, n, top, total in rows}


def _read(scopes: list[str], dim: int, using: str) -> dict[str, ScopeVectors]:
    """The vectors of ``scopes`` in one query."""
    rows = (
        RecallVector.objects.using(using)
        .filter(scope__in=scopes)
        .order_by()
        .values_list("scope", "document_id", "length", "vector")
    )
    grouped: dict[str, list[tuple]] = {scope: [] for scope in scopes}
    for row in rows:
        grouped[row[0]].append(row)
    return {
        scope: ScopeVectors(
            ids=np.array([r[1] for r in found], dtype=np.int64),
            lengths=np.array([r[2] for r in found], dtype=np.float32),
            matrix=embedding.matrix([r[3] for r in found], dim),
        )
        for scope, found in grouped.items()
    }


def _keep(connection, key: tuple, found: ScopeVectors) -> None:
    """Hold what was read, keyed by what was read (a write may have landed between the
    queries); never a copy read inside a transaction, which may not commit."""
    if not connection.in_atomic_block and found.count:
        version = (found.count, int(found.ids.max()), int(found.ids.sum()))
        _cache.put(key, version, found)


def scope_vectors(scopes: list[str], dim: int, using: str = "default") -> ScopeVectors:
    """Every document vector of ``scopes``: one aggregate query when the process holds
    some of them already, one more for the scopes that changed since; one read of all
    of them when it holds none (nothing to check)."""
    connection = connections[using]
    database = connection.settings_dict["NAME"]
    keys = {scope: (using, database, scope, dim) for scope in scopes}
    parts: dict[str, ScopeVectors] = {}
    if any(_cache.holds(key) for key in keys.values()):
        versions = _versions(scopes, using)
        for scope, version in versions.items():
            cached = _cache.get(keys[scope], version)
            if cached is not None:
                parts[scope] = cached
        missing = [scope for scope in versions if scope not in parts]
    else:  # nothing to check: read them all at once (empty scopes read as empty)
        missing = list(scopes)
    if missing:
        read = _read(missing, dim, using)
        for scope in missing:
            parts[scope] = read[scope]
            _keep(connection, keys[scope], read[scope])
    counts = {scope: part.count for scope, part in parts.items()}
    blocks = [parts[scope] for scope in scopes if scope in parts and parts[scope].count]
    if not blocks:
        result = _empty(dim)
    elif len(blocks) == 1:
        result = ScopeVectors(blocks[0].ids, blocks[0].lengths, blocks[0].matrix)
    else:
        result = ScopeVectors(
            ids=np.concatenate([b.ids for b in blocks]),
            lengths=np.concatenate([b.lengths for b in blocks]),
            matrix=np.concatenate([b.matrix for b in blocks]),
        )
    result.counts = counts
    return result


def linking_vectors(scope: str, dim: int, using: str = "default") -> ScopeVectors:
    """The vectors of ``scope`` for linking a document just written
    (``search.links``): the copy this process holds, whatever its version, plus the rows
    written since (ids above the copy's highest: a row is never rewritten in place), in
    one query; rows deleted since may remain (the caller reads the candidates' rows
    anyway). Without a copy, the whole scope (kept when read outside a transaction)."""
    connection = connections[using]
    key = (using, connection.settings_dict["NAME"], scope, dim)
    held = _cache.peek(key)
    if held is None:
        found = _read([scope], dim, using)[scope]
        _keep(connection, key, found)
        return found
    top = int(held.ids.max()) if held.count else 0
    rows = list(
        RecallVector.objects.using(using)
        .filter(scope=scope, document_id__gt=top)
        .order_by()
        .values_list("document_id", "length", "vector")
    )
    if not rows:
        return held
    return ScopeVectors(
        ids=np.concatenate([held.ids, np.array([r[0] for r in rows], dtype=np.int64)]),
        lengths=np.concatenate([held.lengths, np.array([r[1] for r in rows], dtype=np.float32)]),
        matrix=np.concatenate([held.matrix, embedding.matrix([r[2] for r in rows], dim)]),
    )
