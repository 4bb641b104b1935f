"""One memory per Claude Code session.

Claude Code fires Stop after every turn, PreCompact before a compaction and SessionEnd
at the end; the hook client sends each time the transcript lines not sent before (or
none, with the last assistant message only). Each save becomes a *part* of the
session (``ClaudeSessionPart``: its compressed summary and the transcript byte range it
covers) and the session's one ``ConversationContext`` is rebuilt from all its parts in
transcript order. Hence:

* a replay or a spool flush of a save already stored has the same part key: nothing
  changes;
* a save whose part adds nothing to the merged memory (a Stop with no new lines and the
  same final message) stores nothing and leaves the context as it was, ``updated_at``
  included;
* out-of-order deliveries give the same memory as in-order ones (parts sort by offset);
* a Stop that read the transcript before its final assistant line was written still
  makes ``last_assistant_message`` the final state, and the line, when a later save
  sends it, merges into the same memory;
* an import of the whole transcript covers the hook saves within it (one memory).

Every step runs under a row lock on the session (``select_for_update``; SQLite
serialises writers anyway), so two saves of one session at once still leave one row.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from context_recall import compression
from context_recall.compression import Summary, clip, compress_transcript
from context_recall.models import (
    ClaudeSession,
    ClaudeSessionPart,
    ContextType,
    ConversationContext,
)
from tracking.models import Machine, Project, WorkSession
from tracking.services.tagging import set_tags

logger = logging.getLogger(__name__)

SAVE_ATTEMPTS = 3  # a lost race on the session's first save is retried
WORK_SESSION_TITLE_CHARS = 200


# --- Parts ------------------------------------------------------------------------------


def part_summary(summary: Summary) -> dict[str, Any]:
    """What a part keeps of its compression (JSON, already redacted)."""
    return {
        "goals": summary.goals,
        "decisions": [
            d.decision + (f" (why: {d.reason})" if d.reason else "") for d in summary.decisions
        ],
        "files": summary.files_touched,
        "failed": [f"FAILED: {c.command} -> {c.error}" for c in summary.failed_commands],
        "commands": [c.command for c in summary.commands if not c.failed],
        "errors": summary.errors,
        "open_items": summary.open_items,
        "open_items_known": summary.open_items_known,
        "final_state": summary.final_state,
        "raw_tokens": summary.raw_token_estimate,
    }


def is_meaningful(data: dict[str, Any]) -> bool:
    names = ("goals", "decisions", "files", "failed", "commands", "errors", "open_items")
    return any(data.get(name) for name in names) or bool(data.get("final_state"))


def _entry_uuid(entry: dict[str, Any]) -> str:
    """The entry's own uuid as Claude Code wrote it ("" for lines without one)."""
    value = entry.get("uuid")
    return value if isinstance(value, str) else ""


def _entry_id(entry: dict[str, Any]) -> str:
    """The entry's uuid, else a digest of the line."""
    if found := _entry_uuid(entry):
        return found
    raw = json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _without_forked_history(
    project: Project, claude_session_id: str, first_entry: str, entries: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``entries`` less the conversation this session was forked from.

    ``claude --resume <id> --fork-session`` starts a new session whose transcript begins
    with a copy of the other session's entries, uuids kept. What the other session saved
    is its own memory already: this session's memory keeps what happened after the fork.
    The sessions it may be forked from start with the same entry (a fork of a fork
    matches both). Only their parts' entries are left out, so a fork of a session whose
    memory was deleted, or never saved, keeps the whole conversation."""
    if not first_entry:
        return entries
    copied: set[str] = set()
    parts = ClaudeSessionPart.objects.filter(
        session__project=project, session__first_entry=first_entry, session__context__isnull=False
    ).exclude(session__claude_session_id=claude_session_id)
    for ids in parts.values_list("entry_ids", flat=True):
        copied.update(ids)
    if not copied:
        return entries
    return [e for e in entries if _entry_uuid(e) not in copied]


def part_key(
    start: int | None, end: int | None, entries: Sequence[dict[str, Any]], last_message: str
) -> str:
    """Same range, same entries, same final message: the same part (a replay)."""
    data = [start, end, [_entry_id(e) for e in entries], " ".join(last_message.split())]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def _covered(part: ClaudeSessionPart, other: ClaudeSessionPart) -> bool:
    """Whether ``other`` read every line ``part`` did (an import of the whole file over
    the hook saves within it). A part without lines at the very end of ``other`` came
    with or after that read: its message may be the line ``other`` missed."""
    if other is part or not other.has_entries or part.start is None or other.start is None:
        return False
    if (part.start, part.end) == (other.start, other.end):
        return False
    if other.start <= part.start and part.end < other.end:
        return True
    return other.start <= part.start and part.end == other.end and part.has_entries


def _ordered(parts: Iterable[ClaudeSessionPart]) -> list[ClaudeSessionPart]:
    parts = list(parts)
    live = [p for p in parts if not any(_covered(p, o) for o in parts)]
    # Transcript order; at one offset, the part with lines before the message-only one.
    return sorted(live, key=lambda p: (p.end, not p.has_entries, p.key))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def merge(parts: Iterable[ClaudeSessionPart]) -> dict[str, Any]:
    """The context fields of a session made of ``parts``: lists merged in transcript
    order (each item once, capped like one compression), open items and the final
    state from the latest part that has them."""
    ordered = _ordered(parts)
    data = [p.summary for p in ordered]
    goals = compression._cap_recent(
        _unique(g for d in data for g in d.get("goals", [])), compression.MAX_GOALS, True
    )
    ok = _unique(c for d in data for c in d.get("commands", []))[-compression.MAX_OK_COMMANDS :]
    open_items: list[str] = []
    final = ""
    for d in data:
        if d.get("open_items_known") or d.get("open_items"):
            open_items = list(d.get("open_items", []))
        if d.get("final_state"):
            final = d["final_state"]
    ended = [p.ended_at for p in ordered if p.ended_at is not None]
    events = {p.event for p in ordered}
    return {
        "summary": "\n".join(f"Goal: {g}" for g in goals),
        "key_decisions": _unique(x for d in data for x in d.get("decisions", []))[
            -compression.MAX_DECISIONS :
        ],
        "open_items": _unique(open_items),
        "files_touched": _unique(f for d in data for f in d.get("files", [])),
        "commands": [*_unique(c for d in data for c in d.get("failed", [])), *ok],
        "errors": _unique(e for d in data for e in d.get("errors", []))[-compression.MAX_ERRORS :],
        "current_state": final,
        "raw_token_estimate": sum(int(d.get("raw_tokens") or 0) for d in data),
        "occurred_at": max(ended) if ended else None,
        "context_type": ContextType.COMPACTION
        if events == {"PreCompact"}
        else ContextType.SESSION_SUMMARY,
    }


def context_title(fields: dict[str, Any], project: Project, session_id: str) -> str:
    """From the session's first goal, else its final state, else its id."""
    goals = [g for g in (fields.get("summary") or "").splitlines() if g.strip()]
    if goals:
        return clip("Claude Code: " + goals[0].removeprefix("Goal: "), 300)
    state = (fields.get("current_state") or "").strip()
    if state:
        return clip(f"Claude Code ({project.name}): {state.splitlines()[0]}", 300)
    return clip(f"Claude Code session {session_id[:8] or 'without id'} ({project.name})", 300)


def _legacy_part(session: ClaudeSession, context: ConversationContext) -> ClaudeSessionPart:
    """A context saved before sessions had one memory, as the session's first part."""
    commands = list(context.commands or [])
    return ClaudeSessionPart(
        session=session,
        key=hashlib.sha256(f"legacy:{context.pk}".encode()).hexdigest(),
        event="legacy",
        start=-1,
        end=-1,
        has_entries=True,
        ended_at=context.occurred_at,
        summary={
            "goals": [g.removeprefix("Goal: ") for g in context.summary.splitlines() if g.strip()],
            "decisions": list(context.key_decisions or []),
            "files": list(context.files_touched or []),
            "failed": [c for c in commands if c.startswith("FAILED: ")],
            "commands": [c for c in commands if not c.startswith("FAILED: ")],
            "errors": list(context.errors or []),
            "open_items": list(context.open_items or []),
            "open_items_known": bool(context.open_items),
            "final_state": context.current_state,
            "raw_tokens": context.raw_token_estimate,
        },
    )


# --- The session row --------------------------------------------------------------------


def lock_session(project: Project, claude_session_id: str) -> ClaudeSession:
    """The session's row, created if need be, locked until the transaction ends (call
    inside ``transaction.atomic``)."""
    sessions = ClaudeSession.objects.select_for_update()
    found = sessions.filter(project=project, claude_session_id=claude_session_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return ClaudeSession.objects.create(
                project=project, claude_session_id=claude_session_id
            )
    except IntegrityError:  # created concurrently: wait for that one's lock
        return sessions.get(project=project, claude_session_id=claude_session_id)


def _on_session_line(
    session: ClaudeSession,
    parts: list[ClaudeSessionPart],
    transcript_path: str,
    start: int | None,
    end: int,
) -> tuple[int | None, int]:
    """A range of ``transcript_path`` as offsets of the session: the first file starts
    at 0, a file the session continues in later starts after everything stored."""
    digest = hashlib.sha256(transcript_path.encode()).hexdigest()[:16]
    bases = dict(session.transcripts or {})
    if digest not in bases:
        bases[digest] = max((p.end for p in parts if p.end >= 0), default=-1) + 1
        session.transcripts = bases
        session.save(update_fields=["transcripts", "updated_at"])
    base = int(bases[digest])
    return (None if start is None else start + base), end + base


def _unchanged(context: ConversationContext, fields: dict[str, Any]) -> bool:
    probe = ConversationContext(
        project_id=context.project_id,
        claude_session_id=context.claude_session_id,
        title=fields["title"],
        **{k: v for k, v in fields.items() if k in ConversationContext.content_fields},
    )
    probe.full_clean(exclude=["project", "client", "session", "machine"], validate_unique=False)
    return (
        probe.content_hash == context.content_hash
        and fields["context_type"] == context.context_type
        and (fields["occurred_at"] is None or fields["occurred_at"] <= context.occurred_at)
    )


def _name_work_session(work_session: WorkSession | None, project: Project, summary: str) -> None:
    """A session still called by its default name takes its goal as its title."""
    if work_session is None:
        return
    goal = next((g for g in summary.splitlines() if g.strip()), "").removeprefix("Goal: ")
    generic = {"", default_work_session_title(project)}
    if goal and work_session.title in generic:
        WorkSession.objects.filter(pk=work_session.pk).update(
            title=clip(goal, WORK_SESSION_TITLE_CHARS)
        )
        work_session.title = clip(goal, WORK_SESSION_TITLE_CHARS)


def default_work_session_title(project: Project) -> str:
    return clip(f"Claude Code: {project.name}", 300)


def save_part(
    project: Project,
    *,
    claude_session_id: str,
    event_name: str,
    entries: Sequence[dict[str, Any]],
    last_assistant_message: str = "",
    transcript_range: Sequence[int] | None = None,
    transcript_path: str = "",
    machine: Machine | None = None,
    work_session: WorkSession | None = None,
    ended_at: datetime | None = None,
    tags: Sequence[str] = (),
) -> tuple[ConversationContext | None, bool]:
    """Merge one save into the session's one memory. Answers (context, created): the
    session's context (None while it has nothing worth keeping) and whether this call
    created it."""
    entries = [e for e in entries if isinstance(e, dict)]
    last = (last_assistant_message or "").strip()
    start, end = (
        (int(transcript_range[0]), int(transcript_range[1]))
        if transcript_range and len(transcript_range) == 2
        else (None, None)
    )
    key = part_key(start, end, entries, last)
    # The transcript's first entry, when this save starts at the beginning of the file.
    first_entry = (
        next((found for e in entries if (found := _entry_uuid(e))), "")[:64]
        if start in (None, 0)
        else ""
    )
    entries = _without_forked_history(project, claude_session_id, first_entry, entries)
    summary = compress_transcript(entries, last_assistant_message=last or None)
    data = part_summary(summary)
    entry_ids = [found for e in entries if (found := _entry_uuid(e))]
    for attempt in range(SAVE_ATTEMPTS):
        try:
            with transaction.atomic():
                return _save_part_locked(
                    project, claude_session_id, event_name, key, start, end, data,
                    transcript_path=transcript_path,
                    has_entries=bool(entries), machine=machine, work_session=work_session,
                    ended_at=ended_at, tags=tags, first_entry=first_entry, entry_ids=entry_ids,
                )  # fmt: skip
        except IntegrityError:
            # Another save of this session won a race the lock could not cover (its
            # first part on MariaDB): the next attempt sees its rows.
            if attempt == SAVE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _save_part_locked(
    project: Project,
    claude_session_id: str,
    event_name: str,
    key: str,
    start: int | None,
    end: int | None,
    data: dict[str, Any],
    *,
    transcript_path: str,
    has_entries: bool,
    machine: Machine | None,
    work_session: WorkSession | None,
    ended_at: datetime | None,
    tags: Sequence[str],
    first_entry: str = "",
    entry_ids: Sequence[str] = (),
) -> tuple[ConversationContext | None, bool]:
    session = lock_session(project, claude_session_id)
    if first_entry and not session.first_entry:
        session.first_entry = first_entry
        session.save(update_fields=["first_entry", "updated_at"])
    context = session.context
    if context is None and session.parts.exists():
        # Its memory was deleted: so is what it was made of; this save starts anew.
        session.parts.all().delete()
    if session.parts.filter(key=key).exists() or not is_meaningful(data):
        return context, False
    parts = list(session.parts.all())
    if end is not None and transcript_path:
        start, end = _on_session_line(session, parts, transcript_path, start, end)
    if end is None:
        # A save without its lines (the client's lock was busy): it stands where the
        # transcript had got to, as far as this session knows.
        end = session.parts.aggregate(end=Max("end"))["end"] or 0
        start = end
    part = ClaudeSessionPart(
        session=session,
        key=key,
        event=event_name[:32],
        start=start,
        end=end,
        has_entries=has_entries,
        ended_at=ended_at,
        summary=data,
        entry_ids=list(entry_ids),
    )
    legacy = None
    if context is None and not parts:
        # Contexts this session saved before it had one memory: the latest becomes it.
        context = (
            ConversationContext.objects.filter(
                project=project, claude_session_id=claude_session_id, claude_session=None
            )
            .order_by("-created_at")
            .first()
        )
        if context is not None:
            legacy = _legacy_part(session, context)
            parts.append(legacy)
    fields = merge([*parts, part])
    fields["title"] = context_title(fields, project, claude_session_id)
    if context is not None and legacy is None and _unchanged(context, fields):
        return context, False  # nothing new: no part, no write, no new updated_at
    if legacy is not None:
        legacy.save()
    part.save()
    occurred_at = fields.pop("occurred_at")
    created = context is None
    if created:
        context = ConversationContext(
            project=project, claude_session_id=claude_session_id[:100], machine=machine
        )
    for name, value in fields.items():
        setattr(context, name, value)
    if occurred_at is not None:
        context.occurred_at = occurred_at
    if context.machine_id is None and machine is not None:
        context.machine = machine
    if work_session is not None and work_session.project_id in (None, project.pk):
        context.session = context.session or work_session
    context.save()  # full_clean: redaction, content hash; signals reindex it
    if tags:
        set_tags(context, tags, merge=not created)
    if session.context_id != context.pk:
        session.context = context
        session.save(update_fields=["context", "updated_at"])
    _name_work_session(work_session, project, fields["summary"])
    return context, created


# --- Inject once ------------------------------------------------------------------------


def already_injected(project: Project, claude_session_id: str) -> set[tuple[str, str]]:
    """(kind, id) of the memories this session has been given since its conversation
    last started afresh, and its own memory (it is the conversation itself)."""
    if not claude_session_id:
        return set()
    row = (
        ClaudeSession.objects.filter(project=project, claude_session_id=claude_session_id)
        .values("injected", "context_id")
        .first()
    )
    if row is None:
        return set()
    seen = {(kind, str(i)) for kind, ids in (row["injected"] or {}).items() for i in ids}
    if row["context_id"]:
        seen.add(("context", str(row["context_id"])))
    return seen


def record_injected(
    project: Project,
    claude_session_id: str,
    ids_by_kind: dict[str, list[str]],
    *,
    reset: bool = False,
) -> None:
    """Remember what this session was given; ``reset`` (a compaction or a clear: the
    conversation no longer holds it) forgets what it was given before."""
    if not claude_session_id or (not ids_by_kind and not reset):
        return
    with transaction.atomic():
        session = lock_session(project, claude_session_id[:100])
        injected = {} if reset else {k: list(v) for k, v in (session.injected or {}).items()}
        for kind, ids in ids_by_kind.items():
            known = injected.setdefault(kind, [])
            known.extend(str(i) for i in ids if str(i) not in known)
        if reset:
            session.generation += 1
        elif injected == session.injected:
            return
        session.injected = injected
        session.save(update_fields=["injected", "generation", "updated_at"])
