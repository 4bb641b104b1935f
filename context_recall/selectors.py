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
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
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
from context_recall.services import bump_usage
from msp.models import Infrastructure
from tracking.models import ProblemSolution, Project, TaggedItem

PROJECT_STATE_IMPORTANCE = 8
PROBLEM_SOLUTION_IMPORTANCE = 6
INFRASTRUCTURE_NOTE_IMPORTANCE = 6
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


def scoped_querysets(project: Project) -> dict[str, QuerySet]:
    """Every recallable row in ``project``'s scope, per kind."""
    client_id = project.client_id
    same_client = Q(client_id=client_id) if client_id else _no_rows()
    return {
        "project_state": ProjectState.objects.filter(project=project),
        "decision": DecisionLog.objects.filter(project=project, status=DecisionStatus.ACTIVE),
        "context": ConversationContext.objects.filter(project=project).filter(
            Q(client__isnull=True) | same_client
        ),
        "snippet": ContextSnippet.objects.filter(
            Q(project=project)
            | (Q(project__isnull=True) & same_client)
            | Q(project__isnull=True, client__isnull=True)
        ),
        "problem_solution": ProblemSolution.objects.filter(
            same_client
            | (
                Q(client__isnull=True)
                & (Q(session__project=project) | Q(session__project__isnull=True))
                & (Q(session__client__isnull=True) | Q(session__client_id=client_id))
            )
        ),
        "infrastructure_note": (
            Infrastructure.objects.filter(client_id=client_id).exclude(environmental_notes="")
            if client_id
            else Infrastructure.objects.none()
        ),
    }


def _mysql_filter(queryset: QuerySet, kind: str, terms: list[str], limit: int) -> QuerySet:
    params = search.mysql_match_params(kind, terms)
    return (
        queryset.extra(where=[search.mysql_where_sql(kind)], params=params)  # noqa: S610
        .annotate(_rank=RawSQL(search.mysql_match_sql(kind), params))  # noqa: S611
        .order_by("-_rank")[:limit]
    )


def _candidates(project: Project, terms: list[str], limit: int) -> dict[str, list]:
    querysets = scoped_querysets(project)
    related: dict[str, tuple[str, ...]] = {"project_state": ("project",)}
    out: dict[str, list] = {}
    if not terms:
        for kind, qs in querysets.items():
            out[kind] = list(
                qs.order_by("-updated_at").prefetch_related(*related.get(kind, ()))[
                    :RECENT_PER_KIND
                ]
            )
        return out
    notes = querysets.pop("infrastructure_note")
    if connection.vendor == "sqlite":
        found = search.search_candidates(terms, project.pk, project.client_id, limit)
        for kind, qs in querysets.items():
            ids = [uuid.UUID(hex=i) for i in found.get(kind, [])]
            out[kind] = (
                list(qs.filter(pk__in=ids).prefetch_related(*related.get(kind, ()))) if ids else []
            )
    else:
        for kind, qs in querysets.items():
            out[kind] = list(
                _mysql_filter(qs, kind, terms, limit).prefetch_related(*related.get(kind, ()))
            )
    # A client has tens to hundreds of assets: their notes are matched here, in Python.
    out["infrastructure_note"] = [
        infra
        for infra in notes.only("id", "hostname", "environmental_notes", "updated_at", "created_at")
        if _matches(terms, f"{infra.hostname} {infra.environmental_notes}")
    ]
    return out


def _matches(terms: list[str], text: str) -> bool:
    from context_recall.search_query import tokenize

    tokens = tokenize(text)
    return any(token.startswith(term) for term in terms for token in tokens)


TAGGED_KINDS = ("context", "snippet", "decision", "problem_solution")


def _tags_by_id(candidates: dict[str, list]) -> dict[Any, frozenset[str]]:
    """Tag names of every tagged candidate, in one query per kind (taggit's own
    prefetch over the generic relation is several times slower)."""
    out: dict[Any, set[str]] = {}
    for kind in TAGGED_KINDS:
        rows = candidates.get(kind) or []
        if not rows:
            continue
        content_type = ContentType.objects.get_for_model(type(rows[0]))
        pairs = TaggedItem.objects.filter(
            content_type=content_type, object_id__in=[r.pk for r in rows]
        ).values_list("object_id", "tag__name")
        for object_id, name in pairs:
            out.setdefault(object_id, set()).add(name)
    return {k: frozenset(v) for k, v in out.items()}


def _describe(kind: str, obj) -> tuple[str, str, int]:
    """(title, text, importance) of a row of ``kind``."""
    if kind == "project_state":
        return (
            f"{obj.project.name}: {obj.get_phase_display()}, {obj.progress}%",
            obj.recall_text(),
            PROJECT_STATE_IMPORTANCE,
        )
    if kind == "problem_solution":
        parts = [f"Symptom: {obj.symptom}"]
        if obj.root_cause:
            parts.append(f"Root cause: {obj.root_cause}")
        parts.append(f"Resolution: {obj.resolution}")
        if obj.verification:
            parts.append(f"Verified: {obj.verification}")
        return obj.title, "\n".join(parts), PROBLEM_SOLUTION_IMPORTANCE
    if kind == "infrastructure_note":
        return (
            f"{obj.hostname}",
            obj.environmental_notes,
            INFRASTRUCTURE_NOTE_IMPORTANCE,
        )
    return obj.title, obj.recall_text(), obj.importance


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
    tags_by_id = _tags_by_id(candidates)
    scored: list[tuple[float, datetime, str, str, Any]] = []
    for kind, rows in candidates.items():
        for obj in rows:
            title, text, importance = _describe(kind, obj)
            item_tags = tags_by_id.get(obj.pk, frozenset())
            value = score(
                ScoreInput(
                    kind=kind,
                    title=title,
                    body=text,
                    importance=importance,
                    updated_at=obj.updated_at,
                    usage_count=getattr(obj, "usage_count", 0),
                    tags=item_tags,
                ),
                query_terms=terms,
                wanted_tags=wanted_tags,
                now=now,
                half_life_days=settings.RECALL_HALF_LIFE_DAYS,
            )
            if value >= min_score:
                scored.append(
                    (value, obj.created_at, str(obj.pk), kind, (obj, title, text, item_tags))
                )
    scored.sort(key=lambda row: (-row[0], -row[1].timestamp(), row[2]))
    items = [
        RecallItem(
            kind=kind,
            id=pk,
            title=title,
            score=value,
            text=text,
            tags=tuple(sorted(item_tags, key=str.casefold)),
            created_at=created_at,
        )
        for value, created_at, pk, kind, (_obj, title, text, item_tags) in scored[:limit]
    ]
    result: PackResult = pack(items, max_tokens, header=f"## Memory: {project.name}\n")
    if bump and result.items:
        ids: dict[str, list[str]] = {}
        for item in result.items:
            ids.setdefault(item.kind, []).append(item.id)
        bump_usage(ids)
    return RecallResult(project, result.items, result.formatted, result.token_estimate)
