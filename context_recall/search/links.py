"""Supersession links between search documents: ``RecallDocument.superseded_by``.

A document is superseded by the newest document of its scope about the same subject
whose work happened later (``occurred_at``): the test ranking applies at recall time
(``scoring.same_subject``: vectors at least ``subject_cosine`` close and a name in common,
or near-duplicates), stored so that recall can say "superseded by X" beside a memory it
shows anyway, and "supersedes Y" beside the newer one. A decision superseded explicitly
(``DecisionLog.superseded_by``) is linked to its successor's document whatever the
vectors say, and no later memory takes that link over.

Only the same scope is searched: a project's memories link among themselves, a client's
among themselves; a memory of another client is never a candidate.

On save (``documents.index_object``), once the response is sent when the save is part
of a request (``msp.http.after_response``), the neighbours are found with numpy over the
scope's vectors the process already holds (``vectors.linking_vectors``: the copy recall
keeps, plus the rows written since), then one query reads the close ones' dates and
names. Until then, recall ranks the new memory by its date and vector as it ranks every
other; only the "superseded by" notes wait for the link. ``link_all`` recomputes every
link (``rebuild``, the migration that added them).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
from django.apps import apps
from django.db.models import Model, Q

if TYPE_CHECKING:
    from context_recall.search.vectors import ScopeVectors

from context_recall import scoring
from context_recall.search import embedding

# Rows compared per block in ``link_all``.
BATCH = 500
# Of a document's neighbours above the subject test's cosine, the closest this many are
# read and linked: in a scope of look-alike memories (the latency bench's word salad
# puts hundreds above it) a save would otherwise read and rewrite all of them.
NEIGHBOURS = 20


@dataclass(frozen=True, slots=True)
class _Doc:
    id: int
    kind: str
    object_id: uuid.UUID
    occurred_at: datetime
    entities: frozenset[str]
    superseded_by_id: int | None
    superseded_by_occurred_at: datetime | None


_META = (
    "id", "kind", "object_id", "occurred_at", "entities", "superseded_by_id",
    "superseded_by__occurred_at",
)  # fmt: skip


def _doc(row: tuple) -> _Doc:
    id_, kind, object_id, occurred, entities, target, target_occurred = row
    return _Doc(
        id_, kind, object_id, occurred, frozenset(entities.split()), target, target_occurred
    )


def _same_subject(a: _Doc, b: _Doc, cosine: float, weights: scoring.Weights) -> bool:
    return scoring.same_subject_of(a.entities, b.entities, cosine, weights)


def _explicitly_superseded(
    decision_model: type[Model], docs: Iterable[_Doc]
) -> dict[int, uuid.UUID]:
    """Document id -> the object id of the decision that supersedes it, for the
    decisions of ``docs`` superseded explicitly."""
    by_object = {d.object_id: d.id for d in docs if d.kind == "decision"}
    if not by_object:
        return {}
    rows = decision_model.objects.filter(
        pk__in=list(by_object), superseded_by__isnull=False
    ).values_list("pk", "superseded_by_id")
    return {by_object[pk]: successor for pk, successor in rows}


def link_indexed(
    document_model: type[Model],
    decision_model: type[Model],
    *,
    doc_id: int,
    kind: str,
    scope: str,
    vector: np.ndarray,
    replaced: int | None = None,
    weights: scoring.Weights = scoring.WEIGHTS,
) -> None:
    """Link the document just written (``doc_id``, whose row replaced ``replaced``):
    what it is superseded by, which older documents of its scope it now supersedes, and
    anew the documents that pointed at the row it replaced."""
    from context_recall.search import vectors  # reads the models: not at import time

    scope_vectors = vectors.linking_vectors(scope, len(vector))
    cosines = scope_vectors.matrix @ vector if scope_vectors.count else np.zeros(0)
    close = [i for i in scope_vectors.ids[_closest(cosines, weights)].tolist() if i != doc_id]
    if not close and replaced is None and kind != "decision":
        return  # nothing of its subject in its scope, nothing pointed at it: no link
    wanted = Q(id__in=[doc_id, *close])
    if replaced is not None:
        wanted |= Q(superseded_by_id=replaced)
    rows = {
        d.id: d
        for d in map(_doc, document_model.objects.filter(wanted, scope=scope).values_list(*_META))
    }
    me = rows.get(doc_id)
    if me is None:  # written and gone in the meantime
        return
    position = scope_vectors.position()
    cosine_of = {i: float(cosines[position[i]]) for i in rows if i in position}
    explicit = _explicitly_superseded(decision_model, rows.values())
    explicit_ids = _document_ids(document_model, explicit)
    updates: dict[int, int | None] = {}
    # This document's own link: its explicit successor, else the newest same subject.
    target = explicit_ids.get(doc_id)
    if target is None:
        target = _newest_newer(me, rows.values(), cosine_of, weights)
    if target != me.superseded_by_id:
        updates[doc_id] = target
    for other in rows.values():
        if other.id == doc_id or other.occurred_at >= me.occurred_at:
            continue
        if other.id in explicit:
            if explicit_ids.get(other.id) != other.superseded_by_id:
                updates[other.id] = explicit_ids.get(other.id)
            continue
        if replaced is not None and other.superseded_by_id == replaced:
            continue  # recomputed below
        if not _same_subject(me, other, cosine_of.get(other.id, 0.0), weights):
            continue
        current = other.superseded_by_occurred_at
        if other.superseded_by_id is None or current is None or current < me.occurred_at:
            updates[other.id] = doc_id
    if replaced is not None:
        orphans = [
            d
            for d in rows.values()
            if d.superseded_by_id == replaced and d.id != doc_id and d.id not in explicit
        ]
        if orphans:
            updates.update(_relink(document_model, orphans, scope_vectors, scope, weights))
        for d in rows.values():
            if d.id in explicit and d.superseded_by_id == replaced:
                updates[d.id] = explicit_ids.get(d.id)
    _write(document_model, updates)


def unlink_removed(
    document_model: type[Model],
    removed: list[tuple[int, str]],
    weights: scoring.Weights = scoring.WEIGHTS,
) -> None:
    """Link anew the documents that pointed at the ``removed`` (id, scope) documents."""
    from context_recall.search import vectors  # reads the models: not at import time

    for removed_id, scope in removed:
        # Without the join to the removed row: filtering on the link makes it inner.
        orphans = [
            _doc((*row, None))
            for row in document_model.objects.filter(superseded_by_id=removed_id).values_list(
                *_META[:-1]
            )
        ]
        if not orphans:
            continue
        dim = _dimension(document_model, scope)
        scope_vectors = vectors.linking_vectors(scope, dim)
        _write(document_model, _relink(document_model, orphans, scope_vectors, scope, weights))


def _vector_model() -> type[Model]:
    return apps.get_model("context_recall", "RecallVector")


def _dimension(document_model: type[Model], scope: str) -> int:
    blob = _vector_model().objects.filter(scope=scope).values_list("vector", flat=True).first()
    return len(blob) // 4 if blob else 0


def _relink(
    document_model: type[Model],
    orphans: list[_Doc],
    scope_vectors: ScopeVectors,
    scope: str,
    weights: scoring.Weights,
) -> dict[int, int | None]:
    """Each orphan's link computed from scratch over its scope (one query for the
    neighbours' dates and names)."""
    position = scope_vectors.position()
    placed = [o for o in orphans if o.id in position]
    updates: dict[int, int | None] = {o.id: None for o in orphans if o.id not in position}
    if not placed:
        return updates
    block = scope_vectors.matrix[[position[o.id] for o in placed]] @ scope_vectors.matrix.T
    close_ids = {i for row in block for i in scope_vectors.ids[_closest(row, weights)].tolist()}
    neighbours = {
        d.id: d
        for d in map(
            _doc,
            document_model.objects.filter(id__in=close_ids, scope=scope).values_list(*_META),
        )
    }
    for row, orphan in enumerate(placed):
        cosine_of = {i: float(block[row, position[i]]) for i in neighbours if i in position}
        updates[orphan.id] = _newest_newer(orphan, neighbours.values(), cosine_of, weights)
    return updates


def _closest(cosines: np.ndarray, weights: scoring.Weights) -> np.ndarray:
    """Positions of the ``NEIGHBOURS`` highest ``cosines`` that pass the subject test's
    threshold (the document itself included)."""
    above = np.nonzero(cosines >= min(weights.subject_cosine, weights.duplicate_cosine))[0]
    if len(above) > NEIGHBOURS + 1:
        above = above[np.argpartition(-cosines[above], NEIGHBOURS)[: NEIGHBOURS + 1]]
    return above


def _newest_newer(
    doc: _Doc, others: Iterable[_Doc], cosine_of: dict[int, float], weights: scoring.Weights
) -> int | None:
    best: _Doc | None = None
    for other in others:
        if other.id == doc.id or other.occurred_at <= doc.occurred_at:
            continue
        if not _same_subject(doc, other, cosine_of.get(other.id, 0.0), weights):
            continue
        if best is None or (other.occurred_at, other.id) > (best.occurred_at, best.id):
            best = other
    return best.id if best is not None else None


def _document_ids(document_model: type[Model], explicit: dict[int, uuid.UUID]) -> dict[int, int]:
    """Document id -> the document id of its explicit successor (when it has one)."""
    if not explicit:
        return {}
    successors = dict(
        document_model.objects.filter(
            kind="decision", object_id__in=set(explicit.values())
        ).values_list("object_id", "id")
    )
    return {doc: successors[obj] for doc, obj in explicit.items() if obj in successors}


def _write(document_model: type[Model], updates: dict[int, int | None]) -> None:
    """One UPDATE per distinct target."""
    by_target: dict[int | None, list[int]] = {}
    for doc, target in updates.items():
        by_target.setdefault(target, []).append(doc)
    for target, ids in by_target.items():
        document_model.objects.filter(id__in=ids).update(superseded_by_id=target)


def link_all(
    document_model: type[Model],
    decision_model: type[Model],
    weights: scoring.Weights = scoring.WEIGHTS,
) -> int:
    """Every document's link computed anew, scope by scope. Answers the number of links."""
    scopes = list(document_model.objects.order_by().values_list("scope", flat=True).distinct())
    document_model.objects.exclude(superseded_by=None).update(superseded_by=None)
    total = 0
    for scope in scopes:
        rows = list(
            document_model.objects.filter(scope=scope).order_by("id").values_list(*_META[:5])
        )
        if not rows:
            continue
        stored = dict(
            _vector_model().objects.filter(scope=scope).values_list("document_id", "vector")
        )
        blobs = [stored.get(r[0]) for r in rows]
        dim = max((len(blob) // 4 for blob in blobs if blob), default=0)
        matrix = embedding.matrix(blobs, dim) if dim else None
        docs = [_Doc(r[0], r[1], r[2], r[3], frozenset(r[4].split()), None, None) for r in rows]
        explicit = _document_ids(document_model, _explicitly_superseded(decision_model, docs))
        targets: dict[int, int | None] = {}
        for start in range(0, len(docs), BATCH):
            part = docs[start : start + BATCH]
            if matrix is None:
                block = np.zeros((len(part), len(docs)), dtype=np.float32)
            else:
                block = matrix[start : start + len(part)] @ matrix.T
            for row, doc in enumerate(part):
                if doc.id in explicit:
                    targets[doc.id] = explicit[doc.id]
                    continue
                close = _closest(block[row], weights).tolist()
                cosine_of = {docs[n].id: float(block[row, n]) for n in close}
                targets[doc.id] = _newest_newer(doc, (docs[n] for n in close), cosine_of, weights)
        total += sum(1 for target in targets.values() if target is not None)
        _write(document_model, {doc: t for doc, t in targets.items() if t is not None})
    return total
