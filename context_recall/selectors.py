"""Reads of context recall: ``recall()`` -- scope, search, score, pack (DESIGN §6).

Scope, built here once and applied to every query (the search engine's own scope filter
is only a first cut): the project's contexts, active decisions, state, snippets and
problem solutions; then its client's snippets, problem solutions and infrastructure
notes (``Infrastructure.environmental_notes``); then global snippets and problem
solutions without a client. Never a row of another client.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from context_recall import search
from context_recall.models import (
    ContextSnippet,
    ConversationContext,
    DecisionLog,
    DecisionStatus,
    ProjectState,
)
from context_recall.packing import PackResult, RecallItem, pack
from context_recall.scoring import ScoreInput, score
from context_recall.search_query import terms as query_terms
from context_recall.services import RECALL_MODELS, bump_usage
from msp.models import Infrastructure
from tracking.models import ProblemSolution, Project, TaggedItem

# Without a query, the most recent rows of each kind are the candidates.
RECENT_PER_KIND = 50


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


def _no_rows() -> Q:
    return Q(pk__in=[])


def scoped_queryset(project: Project, kind: str) -> QuerySet:
    """Every recallable row of ``kind`` in ``project``'s scope."""
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
    **RECALL_MODELS,
    "problem_solution": ProblemSolution,
    "infrastructure_note": Infrastructure,
}
SEARCHED_KINDS = tuple(SEARCHED_MODELS)


# Per kind: the columns of the row's metadata that scoring reads (besides its text).
META_FIELDS: dict[str, tuple[str, ...]] = {
    "context": ("importance", "usage_count"),
    "snippet": ("importance", "usage_count"),
    "decision": ("importance", "usage_count"),
    "project_state": ("usage_count",),
    "problem_solution": (),
    "infrastructure_note": (),
}
# Kinds without an importance column weigh what the index says they weigh.
FIXED_IMPORTANCE = {s.kind: int(s.importance) for s in search.SOURCES if s.importance.isdigit()}


@dataclass
class Candidate:
    """What scoring needs of a row -- read without loading the row itself, which only the
    winners are (``_load_winners``)."""

    kind: str
    pk: Any
    title: str
    text: str
    importance: int
    usage_count: int
    updated_at: datetime
    created_at: datetime
    tags: frozenset[str] = frozenset()
    score: float = 0.0
    obj: Any = None


def _candidate(kind: str, row: dict, title: str = "", text: str = "") -> Candidate:
    return Candidate(
        kind=kind,
        pk=row["pk"],
        title=title,
        text=text,
        importance=row.get("importance", FIXED_IMPORTANCE.get(kind, 5)),
        usage_count=row.get("usage_count", 0),
        updated_at=row["updated_at"],
        created_at=row["created_at"],
    )


def _meta_rows(queryset: QuerySet, kind: str, *extra: str) -> QuerySet:
    return queryset.values("pk", "updated_at", "created_at", *META_FIELDS[kind], *extra)


def _search_candidates(project: Project, terms: list[str], limit: int) -> list[Candidate]:
    # The index's scope tokens are a first cut; the scope is applied again to the rows
    # that are loaded (``_load``), so a stale index can never show another client's row.
    return [
        Candidate(
            kind=hit.kind,
            pk=uuid.UUID(hex=hit.object_id),
            title=hit.title,
            text=hit.body,
            importance=hit.importance,
            usage_count=hit.usage_count,
            updated_at=hit.updated_at,
            created_at=hit.created_at,
        )
        for hit in search.search_hits(terms, project.pk, project.client_id, limit)
    ]


def _recent_candidates(project: Project) -> list[Candidate]:
    """Without a query: the most recent rows of each kind (text is not scored)."""
    out = []
    for kind in SEARCHED_KINDS:
        rows = _meta_rows(scoped_queryset(project, kind).order_by("-updated_at"), kind)
        out.extend(_candidate(kind, row) for row in rows[:RECENT_PER_KIND])
    return out


def _candidates(project: Project, terms: list[str], limit: int) -> list[Candidate]:
    if not terms:
        return _recent_candidates(project)
    return _search_candidates(project, terms, limit)


TAGGED_KINDS = ("context", "snippet", "decision", "problem_solution")


def _attach_tags(candidates: list[Candidate]) -> None:
    """Tag names of every tagged candidate, in one query per kind (taggit's own
    prefetch over the generic relation is several times slower)."""
    by_kind: dict[str, dict[Any, Candidate]] = {}
    for candidate in candidates:
        if candidate.kind in TAGGED_KINDS:
            by_kind.setdefault(candidate.kind, {})[candidate.pk] = candidate
    for kind, found in by_kind.items():
        model = SEARCHED_MODELS[kind]
        names: dict[Any, set[str]] = {}
        pairs = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(found)
        ).values_list("object_id", "tag__name")
        for object_id, name in pairs:
            names.setdefault(object_id, set()).add(name)
        for pk, candidate in found.items():
            candidate.tags = frozenset(names.get(pk, ()))


def _load(project: Project, candidates: list[Candidate]) -> list[Candidate]:
    """The full rows of ``candidates`` that are in ``project``'s scope, one query per
    kind; the others (a decision superseded since, an index out of step) are left out."""
    by_kind: dict[str, dict[Any, Candidate]] = {}
    for candidate in candidates:
        by_kind.setdefault(candidate.kind, {})[candidate.pk] = candidate
    for kind, found in by_kind.items():
        queryset = scoped_queryset(project, kind).filter(pk__in=list(found)).order_by()
        if kind == "project_state":
            queryset = queryset.select_related("project")
        for obj in queryset:
            found[obj.pk].obj = obj
    return [candidate for candidate in candidates if candidate.obj is not None]


def _winners(project: Project, ranked: list[Candidate], limit: int) -> list[Candidate]:
    """The ``limit`` best candidates whose rows load, in rank order."""
    winners: list[Candidate] = []
    start = 0
    while len(winners) < limit and start < len(ranked):
        batch = ranked[start : start + limit - len(winners)]
        start += len(batch)
        winners.extend(_load(project, batch))
    return winners


def _describe(kind: str, obj) -> tuple[str, str]:
    """(title, text) of a row of ``kind`` as recall shows it."""
    if kind == "project_state":
        return (
            f"{obj.project.name}: {obj.get_phase_display()}, {obj.progress}%",
            obj.recall_text(),
        )
    if kind == "problem_solution":
        parts = [f"Symptom: {obj.symptom}"]
        if obj.root_cause:
            parts.append(f"Root cause: {obj.root_cause}")
        parts.append(f"Resolution: {obj.resolution}")
        if obj.verification:
            parts.append(f"Verified: {obj.verification}")
        return obj.title, "\n".join(parts)
    if kind == "infrastructure_note":
        return obj.hostname, obj.environmental_notes
    return obj.title, obj.recall_text()


def recall(
    project: Project,
    *,
    q: str = "",
    tags: list[str] | None = None,
    limit: int = 10,
    max_tokens: int | None = None,
    min_score: float = 0.0,
    now: datetime | None = None,
    bump: bool = True,
) -> RecallResult:
    """The best memories of ``project`` for query ``q`` within ``max_tokens``."""
    now = now or timezone.now()
    max_tokens = settings.RECALL_DEFAULT_MAX_TOKENS if max_tokens is None else max_tokens
    wanted_tags = tags or []
    terms = query_terms(q)
    candidates = _candidates(project, terms, settings.RECALL_CANDIDATE_LIMIT)
    if wanted_tags:
        _attach_tags(candidates)
    scored: list[tuple[float, Candidate]] = []
    for candidate in candidates:
        value = score(
            ScoreInput(
                kind=candidate.kind,
                title=candidate.title,
                body=candidate.text,
                importance=candidate.importance,
                updated_at=candidate.updated_at,
                usage_count=candidate.usage_count,
                tags=candidate.tags,
            ),
            query_terms=terms,
            wanted_tags=wanted_tags,
            now=now,
            half_life_days=settings.RECALL_HALF_LIFE_DAYS,
        )
        if value >= min_score:
            scored.append((value, candidate))
    scored.sort(key=lambda row: (-row[0], -row[1].created_at.timestamp(), str(row[1].pk)))
    for value, candidate in scored:
        candidate.score = value
    winners = _winners(project, [candidate for _, candidate in scored], limit)
    if not wanted_tags:
        _attach_tags(winners)
    items = []
    for candidate in winners:
        title, text = _describe(candidate.kind, candidate.obj)
        items.append(
            RecallItem(
                kind=candidate.kind,
                id=str(candidate.pk),
                title=title,
                score=candidate.score,
                text=text,
                tags=tuple(sorted(candidate.tags, key=str.casefold)),
                created_at=candidate.created_at,
            )
        )
    result: PackResult = pack(items, max_tokens, header=f"## Memory: {project.name}\n")
    if bump and result.items:
        ids: dict[str, list[str]] = {}
        for item in result.items:
            ids.setdefault(item.kind, []).append(item.id)
        bump_usage(ids)
    return RecallResult(project, result.items, result.formatted, result.token_estimate)
