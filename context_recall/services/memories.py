"""Writes of context recall: de-duplicating saves, project-state upsert, superseding
decisions, tags by name, usage bumps. Redaction happens in the models' ``clean()``,
which every save here runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from context_recall.compression import Summary, compress_text, compress_transcript, parse_jsonl
from context_recall.models import (
    ContextSnippet,
    ConversationContext,
    DecisionLog,
    DecisionStatus,
    ProjectState,
    RecallDocument,
)
from context_recall.search import documents
from tracking.services.tagging import set_tags

# --- Compression into context fields ----------------------------------------------------


def summary_fields(summary: Summary) -> dict[str, Any]:
    """The ConversationContext fields a compression ``Summary`` fills."""
    return {
        "summary": "\n".join(f"Goal: {g}" for g in summary.goals),
        "key_decisions": [
            d.decision + (f" (why: {d.reason})" if d.reason else "") for d in summary.decisions
        ],
        "open_items": summary.open_items,
        "files_touched": summary.files_touched,
        "commands": [
            f"FAILED: {c.command} -> {c.error}" if c.failed else c.command
            for c in sorted(summary.commands, key=lambda c: not c.failed)
        ],
        "errors": summary.errors,
        "current_state": summary.final_state,
        "raw_token_estimate": summary.raw_token_estimate,
    }


def compress_input(
    transcript: str | list[dict[str, Any]] | None = None,
    text: str | None = None,
    last_assistant_message: str | None = None,
) -> dict[str, Any]:
    if transcript is not None:
        entries = parse_jsonl(transcript) if isinstance(transcript, str) else transcript
        return summary_fields(
            compress_transcript(entries, last_assistant_message=last_assistant_message)
        )
    if text is not None:
        return summary_fields(compress_text(text))
    return {}


# --- Saves ------------------------------------------------------------------------------


def _dedup_save(model: type[models.Model], candidate, tags: Sequence[str] | None):
    """Save ``candidate`` unless a row with its content hash exists: then bump that row's
    timestamps (and merge tags and importance) instead. Answers (row, created)."""
    candidate.full_clean()
    with transaction.atomic():
        existing = (
            model.objects.select_for_update().filter(content_hash=candidate.content_hash).first()
        )
        if existing is None:
            try:
                with transaction.atomic():
                    candidate.save(skip_validation=True)
            except IntegrityError:
                existing = model.objects.select_for_update().get(
                    content_hash=candidate.content_hash
                )
            else:
                if tags:
                    set_tags(candidate, tags)
                return candidate, True
        existing.importance = max(existing.importance, candidate.importance)
        now = timezone.now()
        model.objects.filter(pk=existing.pk).update(importance=existing.importance, updated_at=now)
        existing.updated_at = now
        documents.index_object(documents.kind_of(model), existing)
        if tags:
            set_tags(existing, tags, merge=True)
        return existing, False


def save_context(
    data: dict[str, Any],
    *,
    tags: Sequence[str] | None = None,
    transcript: str | list[dict[str, Any]] | None = None,
    text: str | None = None,
    last_assistant_message: str | None = None,
) -> tuple[ConversationContext, bool]:
    """Store a conversation context (compressing ``transcript`` / ``text`` into the fields
    left empty, and the title from the first goal when none is given), de-duplicated by
    content hash within the project. Raises ``ValidationError`` on invalid fields."""
    compressed = compress_input(transcript, text, last_assistant_message)
    values = dict(data)
    for name, value in compressed.items():
        if name == "raw_token_estimate":
            values[name] = values.get(name) or value
        elif not values.get(name):
            values[name] = value
    if compressed and not (values.get("title") or "").strip():
        goal = (compressed.get("summary") or "").removeprefix("Goal: ").split("\n")[0]
        values["title"] = (goal[:297] + "...") if len(goal) > 300 else goal or "Session"
    context = ConversationContext(**values)
    return _dedup_save(ConversationContext, context, tags)


def save_snippet(
    data: dict[str, Any], *, tags: Sequence[str] | None = None
) -> tuple[ContextSnippet, bool]:
    return _dedup_save(ContextSnippet, ContextSnippet(**data), tags)


@transaction.atomic
def upsert_project_state(
    project, data: dict[str, Any], *, partial: bool = True
) -> tuple[ProjectState, bool]:
    """The one state of ``project``: created, or updated (all fields when not partial)."""
    state = ProjectState.objects.select_for_update().filter(project=project).first()
    created = state is None
    if created:
        state = ProjectState(project=project)
    elif not partial:
        fresh = ProjectState(project=project)
        for field in ProjectState._meta.concrete_fields:
            if field.editable and not field.primary_key and field.name != "project":
                setattr(state, field.attname, getattr(fresh, field.attname))
    for name, value in data.items():
        if name != "project":
            setattr(state, name, value)
    state.save()
    return state, created


@transaction.atomic
def create_decision(
    data: dict[str, Any], *, tags: Sequence[str] | None = None, supersedes=None
) -> DecisionLog:
    """Create a decision; ``supersedes`` (a decision of the same project) is linked to it
    and leaves recall."""
    decision = DecisionLog(**data)
    decision.save()
    if tags:
        set_tags(decision, tags)
    if supersedes is not None:
        supersede(supersedes, decision)
    return decision


@transaction.atomic
def supersede(old: DecisionLog, new: DecisionLog) -> DecisionLog:
    if old.pk == new.pk:
        raise ValidationError({"supersedes": "A decision cannot supersede itself."})
    if old.project_id != new.project_id:
        raise ValidationError({"supersedes": "Not a decision of the same project."})
    old = DecisionLog.objects.select_for_update().get(pk=old.pk)
    old.superseded_by = new
    old.status = DecisionStatus.SUPERSEDED
    old.save()
    return old


USAGE_INTERVAL = timedelta(minutes=1)

RECALL_MODELS: dict[str, type[models.Model]] = {
    "context": ConversationContext,
    "snippet": ContextSnippet,
    "decision": DecisionLog,
    "project_state": ProjectState,
}


def bump_usage(ids_by_kind: dict[str, list[Any]]) -> None:
    """Count one more use of each memory recalled, at most once a minute per memory: a
    burst of prompts in one session moves nothing, and asking the same questions in
    another order gives the same answers. The search documents carry the count that
    ranking reads."""
    now = timezone.now()
    cutoff = now - USAGE_INTERVAL
    for kind, ids in ids_by_kind.items():
        model = RECALL_MODELS.get(kind)
        if model is None or not ids:
            continue
        with transaction.atomic():
            due = list(
                model.objects.filter(pk__in=ids)
                .filter(Q(last_recalled_at__isnull=True) | Q(last_recalled_at__lt=cutoff))
                .values_list("pk", flat=True)
            )
            if not due:
                continue
            model.objects.filter(pk__in=due).update(
                usage_count=F("usage_count") + 1, last_recalled_at=now
            )
            RecallDocument.objects.filter(kind=kind, object_id__in=due).update(
                usage_count=F("usage_count") + 1
            )
