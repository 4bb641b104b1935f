"""Reads of context recall: ``recall()`` -- scope, search, score, pack.

Scope, built here once and applied to every query (the search engine's own scope filter
is only a first cut): the project's contexts, active decisions, state, snippets and
problem solutions; then its client's snippets, problem solutions and infrastructure
notes (``Infrastructure.environmental_notes``); then global snippets and problem
solutions without a client. Never a row of another client.
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from context_recall import scoring
from context_recall.models import (
    ContextSnippet,
    ConversationContext,
    DecisionLog,
    DecisionStatus,
    ProjectState,
    RecallDocument,
)
from context_recall.packing import Link, PackResult, RecallItem, pack
from context_recall.scoring import Features, Weights
from context_recall.search import analysis, backend, documents, embedding, near_terms, vectors
from msp.models import Infrastructure
from msp.redaction import redact
from tracking.models import ProblemSolution, Project

# Without a query, the most recent documents of the scope are the candidates.
RECENT_CANDIDATES = 100
# The nearest vectors added to the engine's best matches (settings.RECALL_CANDIDATE_LIMIT
# of them), which BM25 re-scores.
SEMANTIC_CANDIDATES = 40
# The candidates whose near-term feature is computed (``Retrieval.set_near``).
NEAR_CANDIDATES = 30


@dataclass
class RecallResult:
    project: Project
    items: list[RecallItem]
    formatted: str
    token_estimate: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": str(self.project.pk),
            "items": [item.as_dict() for item in self.items],
            "token_estimate": self.token_estimate,
            "formatted": self.formatted,
        }

    def recalled_ids(self) -> dict[str, list[str]]:
        """Ids of the items returned, by kind: what ``services.bump_usage`` takes once
        the caller has handed them out."""
        ids: dict[str, list[str]] = {}
        for item in self.items:
            ids.setdefault(item.kind, []).append(item.id)
        return ids


def _no_rows() -> Q:
    return Q(pk__in=[])


def scoped_queryset(project: Project, kind: str) -> QuerySet:
    """Every recallable row of ``kind`` in ``project``'s scope: the one definition of
    what a project may recall, applied to every row recall loads."""
    client_id = project.client_id
    same_client = Q(client_id=client_id) if client_id else _no_rows()
    if kind == "project_state":
        return ProjectState.objects.filter(project=project)
    if kind == "decision":
        return DecisionLog.objects.filter(project=project, status=DecisionStatus.ACTIVE)
    if kind == "context":
        return ConversationContext.objects.filter(project=project).filter(
            Q(client__isnull=True) | same_client
        )
    if kind == "snippet":
        return ContextSnippet.objects.filter(
            Q(project=project)
            | (Q(project__isnull=True) & same_client)
            | Q(project__isnull=True, client__isnull=True)
        )
    if kind == "problem_solution":
        return ProblemSolution.objects.filter(
            same_client
            | (
                Q(client__isnull=True)
                & (Q(session__project=project) | Q(session__project__isnull=True))
                & (Q(session__client__isnull=True) | Q(session__client_id=client_id))
            )
        )
    if kind == "infrastructure_note":
        if not client_id:
            return Infrastructure.objects.none()
        return Infrastructure.objects.filter(client_id=client_id).exclude(environmental_notes="")
    raise ValueError(f"unknown kind {kind!r}")


SEARCHED_MODELS: dict[str, type] = {
    "context": ConversationContext,
    "snippet": ContextSnippet,
    "decision": DecisionLog,
    "project_state": ProjectState,
    "problem_solution": ProblemSolution,
    "infrastructure_note": Infrastructure,
}


def _stored_datetime(value: str | datetime) -> datetime:
    """A datetime column read as text ("YYYY-MM-DD HH:MM:SS[.ffffff]", UTC as Django
    stores it): the engines hand it over unparsed, and only candidates need it."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _hex(object_id: Any) -> str:
    """A stored UUID as 32 lower-case hex digits: SQLite stores those, MariaDB's uuid
    column reads as the dashed form (a candidate's is read as it is stored, so the
    common cases skip parsing)."""
    if isinstance(object_id, str):
        if len(object_id) == 32 and object_id.islower():
            return object_id
        if len(object_id) == 36 and object_id.count("-") == 4:
            return object_id.replace("-", "").lower()
    return uuid.UUID(str(object_id)).hex


# The columns of a candidate, in the order the engines' searches answer them (their
# ``META_COLUMNS``): its document's, then those of the document that supersedes it; then
# its term counts.
CANDIDATE_COLUMNS = (
    "id", "kind", "object_id", "importance", "usage_count", "occurred_at", "length",
    "entities", "superseded_by_id", "tags", "superseded_by__kind",
    "superseded_by__object_id", "superseded_by__occurred_at", "superseded_by__title",
)  # fmt: skip
COUNTS = len(CANDIDATE_COLUMNS)
LENGTH = CANDIDATE_COLUMNS.index("length")


def _features(row: tuple) -> Features:
    (
        doc_id, kind, object_id, importance, usage_count, occurred, _length, entities, newer,
        tags, newer_kind, newer_object_id, newer_occurred, newer_title,
    ) = row[:COUNTS]  # fmt: skip
    return Features(
        newer_doc=newer,
        newer=(
            (newer_kind, _hex(newer_object_id), _stored_datetime(newer_occurred), newer_title)
            if newer_kind is not None
            else None
        ),
        doc_id=doc_id,
        kind=kind,
        object_id=_hex(object_id),
        importance=importance,
        usage_count=usage_count,
        occurred_at=_stored_datetime(occurred),
        entities=frozenset(entities.split()),
        tag_names=documents.split_tags(tags),
    )


@dataclass
class Retrieval:
    """The candidates of one query with their features (before weights), and what the
    lexical feature is computed from: ``bench/fit_recall_weights.py`` re-ranks them under
    other weights without searching again."""

    candidates: list[Features]
    has_query: bool
    query: analysis.Query | None = None
    texts: dict[int, tuple[str, int]] | None = None  # doc id -> (term counts, length)
    scope_size: int = 0
    average_length: float = 1.0

    @property
    def query_terms(self) -> int:
        return len(self.query.typed) if self.query is not None else 0

    def set_lexical(self, synonym_weight: float) -> None:
        if self.query is None or self.texts is None:
            return
        values, ideal = scoring.bm25(
            self.query.weights(synonym_weight),
            [self.texts[c.doc_id] for c in self.candidates],
            self.scope_size,
            self.average_length,
        )
        for candidate, value in zip(self.candidates, values, strict=True):
            candidate.lexical = min(1.0, value / ideal) if ideal > 0 else 0.0

    def set_near(self, weights: Weights) -> None:
        """The near-term feature of the ``NEAR_CANDIDATES`` that answer the query best
        by their lexical and semantic features (the others keep 0): a re-ranking signal,
        too costly for every candidate."""
        if self.query is None or self.texts is None:
            return
        best = heapq.nlargest(
            NEAR_CANDIDATES,
            self.candidates,
            key=lambda c: scoring.relevance(c, weights, self.query_terms),
        )
        values = near_terms.near(
            self.query.typed,
            [scoring.stored_terms(self.texts[c.doc_id][0]) for c in best],
            weights.near_floor,
        )
        for candidate, value in zip(best, values, strict=True):
            candidate.near = value


def retrieve(
    project: Project,
    q: str,
    wanted_tags: list[str] | None = None,
    weights: Weights = scoring.WEIGHTS,
) -> Retrieval:
    """Candidates from both sides -- the engine's lexical matches and the nearest
    vectors of the scope, to the query as typed and with its synonyms -- with their
    features."""
    query = analysis.analyse(q)
    scopes = documents.scopes_of(project.pk, project.client_id)
    if not query:
        return Retrieval(_recent(scopes, wanted_tags), has_query=False)
    embedder = embedding.get_embedder()
    # Both queries in one call and one product: the query as typed, and with synonyms.
    queries = embedder.embed([q, f"{q} {query.expansion_text}".strip()])
    scope = vectors.scope_vectors(scopes, embedder.dim)
    similarities = scope.similarities_many(queries)
    nearest: set[int] = set()
    if scope.count:
        count = min(SEMANTIC_CANDIDATES, scope.count)
        for values in similarities:
            best = np.argpartition(-values, count - 1)[:count]
            nearest.update(scope.ids[best].tolist())
    # Only the scopes that hold documents: an engine weighs every term it is given for
    # every document it ranks. The nearest vectors' documents come in the same query.
    searched = [s for s in scopes if scope.counts and scope.counts.get(s)]
    scoped_terms = [f"{documents.scope_key(s)}_{term}" for term in query.terms for s in searched]
    rows = backend().search(
        connection, scoped_terms, settings.RECALL_CANDIDATE_LIMIT, also=sorted(nearest)
    )
    by_id: dict[int, Features] = {}
    texts: dict[int, tuple[str, int]] = {}
    for row in rows:
        if row[0] not in by_id:
            by_id[row[0]] = _features(row)
            texts[row[0]] = (row[COUNTS], row[LENGTH])
    retrieval = Retrieval(
        list(by_id.values()),
        has_query=True,
        query=query,
        texts=texts,
        scope_size=scope.count,
        average_length=float(scope.lengths.mean()) if scope.count else 1.0,
    )
    retrieval.set_lexical(weights.synonym)
    _set_semantic(retrieval.candidates, scope, (similarities[0], similarities[1]))
    retrieval.set_near(weights)
    if wanted_tags:
        _set_tags(retrieval.candidates, wanted_tags, texts)
    return retrieval


def _set_semantic(
    candidates: list[Features],
    scope: vectors.ScopeVectors,
    similarities: tuple[np.ndarray, np.ndarray],
) -> None:
    """Each similarity as its share of the way from the scope's mean to 1."""
    if not scope.count:
        return
    position = scope.position()
    (typed, expanded) = similarities
    typed_mean, expanded_mean = float(typed.mean()), float(expanded.mean())
    for candidate in candidates:
        n = position.get(candidate.doc_id)
        if n is None:
            continue
        candidate.vector = scope.matrix[n]
        candidate.semantic_typed = _above(float(typed[n]), typed_mean)
        candidate.semantic_expanded = _above(float(expanded[n]), expanded_mean)


def _above(value: float, mean: float) -> float:
    return max(0.0, (value - mean) / (1 - mean)) if mean < 1 else 0.0


def _set_tags(
    candidates: list[Features], wanted: list[str], texts: dict[int, tuple[str, int]]
) -> None:
    """Tags are indexed as terms: a document carries a wanted tag when it holds all of
    the tag's terms. ``texts``: each candidate's terms as ``retrieve`` read them."""
    wanted_terms = [set(analysis.terms(tag)) for tag in {t.lower() for t in wanted}]
    for candidate in candidates:
        found = texts.get(candidate.doc_id)
        have = set(scoring.stored_terms(found[0])) if found else set()
        hits = sum(1 for terms in wanted_terms if terms and terms <= have)
        candidate.tags = hits / len(wanted_terms) if wanted_terms else 0.0


def _recent(scopes: list[str], wanted_tags: list[str] | None) -> list[Features]:
    rows = (
        RecallDocument.objects.filter(scope__in=scopes)
        .order_by("-occurred_at")
        .values_list(*CANDIDATE_COLUMNS, "term_counts")[:RECENT_CANDIDATES]
    )
    candidates, texts = [], {}
    for row in rows:
        candidates.append(_features(row))
        texts[row[0]] = (row[COUNTS], row[LENGTH])
    if wanted_tags:
        _set_tags(candidates, wanted_tags, texts)
    return candidates


@dataclass
class Loaded:
    """What ``_load`` read: the winners' rows in rank order, and the rows of the memories
    their links name (``Features.newer``, and the older candidates linked to them) that
    are in the project's scope."""

    winners: list[tuple[Features, Any]]
    linked: dict[tuple[str, str], Any]  # (kind, object id) -> row


def _load(
    project: Project,
    ranked: list[Features],
    limit: int,
    cosine: float = 1.0,
    older: dict[int, list[Features]] | None = None,
) -> Loaded:
    """The rows of the best ``limit`` candidates that are in ``project``'s scope, in rank
    order, one query per kind; the others (a decision superseded since, a document out of
    step, a near-duplicate at ``cosine`` or more of one chosen before it) are left out.
    The memories the winners' links name (``older``: doc id -> the older candidates
    linked to it) are read in the same queries, through the scope a link may name
    (``_linked_queryset``: a superseded decision still counts, in a query of its own)."""
    older = older or {}
    winners: list[tuple[Features, Any]] = []
    linked: dict[tuple[str, str], Any] = {}
    queue = list(ranked)
    while len(winners) < limit and queue:
        # Near-duplicates are left out before loading (their vectors are known), so that
        # one round trip per kind usually fills the answer.
        chosen = [c for c, _ in winners]
        batch: list[Features] = []
        skipped: list[Features] = []
        taken = 0
        for candidate in queue:
            taken += 1
            if _duplicate(candidate, chosen, cosine):
                skipped.append(candidate)
                continue
            batch.append(candidate)
            chosen.append(candidate)
            if len(batch) == limit - len(winners):
                break
        queue = queue[taken:]
        loaded: dict[str, Any] = {}
        by_kind: dict[str, set[str]] = {}
        named: dict[str, set[str]] = {}
        for candidate in batch:
            by_kind.setdefault(candidate.kind, set()).add(candidate.object_id)
            if candidate.newer is not None:
                named.setdefault(candidate.newer[0], set()).add(candidate.newer[1])
            for other in older.get(candidate.doc_id, ()):
                named.setdefault(other.kind, set()).add(other.object_id)
        for kind in {*by_kind, *named}:
            wanted, names = by_kind.get(kind, set()), named.get(kind, set())
            if kind == "decision":
                rows = _rows(scoped_queryset(project, kind), kind, wanted)
                named_rows = _rows(_linked_queryset(project, kind), kind, names)
            else:
                rows = named_rows = _rows(scoped_queryset(project, kind), kind, wanted | names)
            loaded.update((obj.pk.hex, obj) for obj in rows if obj.pk.hex in wanted)
            linked.update(((kind, obj.pk.hex), obj) for obj in named_rows if obj.pk.hex in names)
        winners.extend((c, loaded[c.object_id]) for c in batch if c.object_id in loaded)
        if len(loaded) < len(batch):
            # One of the batch is not loaded (a decision superseded since, a document
            # out of step): what was left out as its repeat may be shown after all.
            queue = skipped + queue
    return Loaded(winners, linked)


def _rows(queryset: QuerySet, kind: str, ids: set[str]) -> list[Any]:
    if not ids:
        return []
    # Unordered: ranking orders them, and a model's default ordering would have the
    # engine sort (or walk an index for the order) for nothing.
    queryset = queryset.filter(pk__in=ids).order_by()
    if kind == "project_state":
        queryset = queryset.select_related("project")
    return list(queryset)


def _duplicate(candidate: Features, chosen: list[Features], cosine: float) -> bool:
    """Whether ``candidate`` nearly repeats a memory already chosen (ranking leaves out
    the older of two near-duplicates among its best; this holds for every answer,
    however long)."""
    if candidate.vector is None:
        return False
    return any(
        other.vector is not None and float(other.vector @ candidate.vector) >= cosine
        for other in chosen
    )


# Older memories named per recalled one (the newest first).
SUPERSEDED_SHOWN = 3


def _linked_older(candidates: list[Features]) -> dict[int, list[Features]]:
    """Doc id -> the candidates whose stored link names it as their newer memory, the
    newest first, as many as an answer names (``SUPERSEDED_SHOWN``)."""
    older: dict[int, list[Features]] = {}
    for candidate in candidates:
        if candidate.newer_doc is not None:
            older.setdefault(candidate.newer_doc, []).append(candidate)
    for found in older.values():
        found.sort(key=lambda c: c.occurred_at, reverse=True)
        del found[SUPERSEDED_SHOWN:]
    return older


def _links(
    older_of_doc: dict[int, list[Features]], loaded: Loaded, described: dict[int, tuple[str, str]]
) -> tuple[dict[int, Link], dict[int, tuple[Link, ...]]]:
    """The stored supersession links of the winners: doc id -> the newer memory, doc id
    -> the older ones among the candidates (an older memory the query does not reach is
    not named; its title only when it is shown too). A memory named but not shown is
    named only when ``_load`` read it through the project's scope (the engines'
    partition is only a first cut of it); the newer one's title comes with each
    candidate's row (``Features.newer``), or from that read when its document was
    indexed before titles were stored. No query."""
    winners = loaded.winners
    shown = {candidate.doc_id for candidate, _ in winners}
    older = {doc_id: older_of_doc[doc_id] for doc_id in shown if doc_id in older_of_doc}
    newer = {c.doc_id: c.newer for c, _ in winners if c.newer is not None}
    if not newer and not older:
        return {}, {}
    titles = {(c.kind, c.object_id): described[c.doc_id][0] for c, _ in winners}
    in_scope = set(titles) | set(loaded.linked)
    for kind, object_id, _, title in newer.values():
        key = (kind, object_id)
        if key not in titles and key in loaded.linked:
            titles[key] = title or documents.describe(kind, loaded.linked[key])[0]

    newer_of = {
        doc_id: Link(kind, str(uuid.UUID(object_id)), redact(titles[(kind, object_id)]), occurred)
        for doc_id, (kind, object_id, occurred, _) in newer.items()
        if (kind, object_id) in in_scope
    }
    # An older memory not shown is named by kind, id and date: it is not what the answer
    # is about.
    older_of = {}
    for doc_id, found in older.items():
        kept = [c for c in found if (c.kind, c.object_id) in in_scope]
        if kept:
            older_of[doc_id] = tuple(
                Link(
                    c.kind,
                    str(uuid.UUID(c.object_id)),
                    redact(titles[(c.kind, c.object_id)] if c.doc_id in shown else ""),
                    c.occurred_at,
                )
                for c in kept
            )
    return newer_of, older_of


def _linked_queryset(project: Project, kind: str) -> QuerySet:
    """Where a linked memory's title is read: the project's scope, where a superseded
    decision is still the project's (recall leaves it out, its successor names it)."""
    if kind == "decision":
        return DecisionLog.objects.filter(project=project)
    return scoped_queryset(project, kind)


def recall(
    project: Project,
    *,
    q: str = "",
    tags: list[str] | None = None,
    limit: int = 10,
    max_tokens: int | None = None,
    min_score: float = 0.0,
    now: datetime | None = None,
    weights: Weights | None = None,
    exclude: Collection[tuple[str, str]] = (),
) -> RecallResult:
    """The best memories of ``project`` for query ``q`` within ``max_tokens``, leaving
    out ``exclude`` ((kind, id) pairs: what the caller was already given).

    A read: the caller bumps the usage of what it hands out
    (``services.bump_usage(result.recalled_ids())``), for HTTP after the response."""
    now = now or timezone.now()
    max_tokens = settings.RECALL_DEFAULT_MAX_TOKENS if max_tokens is None else max_tokens
    if weights is None:
        weights = scoring.WEIGHTS
        if settings.RECALL_HALF_LIFE_DAYS:
            weights = weights.with_(half_life_days=settings.RECALL_HALF_LIFE_DAYS)
    retrieval = retrieve(project, q, tags, weights)
    ranked = scoring.rank(
        retrieval.candidates,
        now,
        weights,
        has_query=retrieval.has_query,
        query_terms=retrieval.query_terms,
    )
    skip = {(kind, uuid.UUID(str(pk)).hex) for kind, pk in exclude}
    ranked = [c for c in ranked if c.score >= min_score and (c.kind, c.object_id) not in skip]
    older = _linked_older(retrieval.candidates)
    loaded = _load(project, ranked, limit, weights.duplicate_cosine, older)
    winners = loaded.winners
    described = {
        candidate.doc_id: documents.describe(candidate.kind, obj) for candidate, obj in winners
    }
    newer_of, older_of = _links(older, loaded, described)
    items = []
    for candidate, obj in winners:
        title, text = described[candidate.doc_id]
        items.append(
            RecallItem(
                kind=candidate.kind,
                id=str(obj.pk),
                title=title,
                score=round(candidate.score, 6),
                text=text,
                tags=candidate.tag_names,
                created_at=obj.created_at,
                superseded_by=newer_of.get(candidate.doc_id),
                supersedes=older_of.get(candidate.doc_id, ()),
            )
        )
    result: PackResult = pack(items, max_tokens, header=f"## Memory: {project.name}\n")
    return RecallResult(project, result.items, result.formatted, result.token_estimate)
