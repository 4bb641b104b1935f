"""Claude Code hooks, server side: who is calling, which project, what to answer, what to
save. The view (``hook_views``) only parses and validates; everything
here is plain functions callable from the import command and tests too.

One memory per session: every save of a Claude Code session (Stop after each turn,
PreCompact, SessionEnd) updates that session's one context (``services.sessions``), so
replays, spool flushes and out-of-order deliveries converge on one row; the WorkSession
upsert is keyed by ``claude_session_id``. Inject once: a session is not given a memory
it was already given since its conversation last started afresh.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from context_recall import selectors, services
from context_recall.claude_code.hookclient import events
from context_recall.compression import clip
from context_recall.models import ContextType, ConversationContext
from context_recall.services import sessions as session_memory
from msp.db_errors import is_retryable_conflict
from msp.scoping import can_see, scope_for_user
from msp.services import client_access
from tracking.models import Machine, Project, ProjectPath, Task, WorkSession
from tracking.models.projects import ProjectStatus
from tracking.models.sessions import SessionStatus
from tracking.models.tasks import TaskStatus
from tracking.repository_urls import InvalidRepositoryURL, normalize_repository_url

logger = logging.getLogger(__name__)

# The event table is the client's (the downloaded client holds the same module): names,
# which events save, which answer with context.
PROMPT_EVENTS = frozenset(events.PROMPT_EVENTS)
SAVE_EVENTS = frozenset(events.SAVE_EVENTS)
STATUS_EVENT = events.STATUS_EVENT
# SessionStart sources after which the conversation no longer holds what was injected.
FRESH_CONVERSATION_SOURCES = frozenset({"compact", "clear"})
# Claude Code cuts or moves hook output over about 10,000 characters.
CONTEXT_CHAR_CAP = 9000
PROMPT_RECALL_TOKENS = 1500
START_RECALL_TOKENS = 1200
QUERY_CHARS = 2000  # of the prompt used as the recall query
MAX_TASKS = 10
OPEN_TASK_STATUSES = (TaskStatus.TODO, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED)
MAX_RECENT_SESSIONS = 5
HOOK_TAG = "claude-code"
PATH_MAX = ProjectPath._meta.get_field("path").max_length


@dataclass(frozen=True)
class Caller:
    user: Any
    machine: Machine | None


def caller_for(user: Any, auth: Any, fingerprint: str | None) -> Caller:
    """Machine of the request: the machine token's; for a technician's own access token,
    the machine named by the payload's fingerprint if it is registered to that user."""
    machine = getattr(auth, "machine", None)
    if machine is None and fingerprint:
        machine = Machine.objects.filter(
            fingerprint=fingerprint.strip(), owner=user, is_active=True
        ).first()
    return Caller(user=user, machine=machine)


# --- Project resolution -----------------------------------------------------------------


def _norm_path(path: str | None) -> str:
    path = (path or "").strip()
    if len(path) > 1:
        path = path.rstrip("/\\") or path
    return path


def _is_under(path: str, root: str) -> bool:
    if not root:
        return False
    return path == root or path.startswith((root + "/", root + "\\"))


def explicit_project(value: Any, user: Any = None) -> Project | None:
    """The project named by slug or id; with ``user``, only one they may see."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    projects = Project.objects.all() if user is None else scope_for_user(Project.objects, user)
    try:
        return projects.filter(pk=uuid.UUID(value)).first()
    except ValueError:
        return projects.filter(slug=value).first()


def repository_key(remote: Any) -> str | None:
    if not isinstance(remote, str) or not remote.strip():
        return None
    try:
        return normalize_repository_url(remote)
    except InvalidRepositoryURL:
        return None


def project_by_path(machine: Machine | None, *paths: str | None) -> Project | None:
    """The project whose ProjectPath on ``machine`` is the longest prefix of a path."""
    candidates = [p for p in (_norm_path(p) for p in paths) if p]
    if machine is None or not candidates:
        return None
    best: tuple[int, ProjectPath] | None = None
    # A machine has a handful of checkouts: matching in Python beats a prefix query.
    for row in ProjectPath.objects.filter(machine=machine).select_related("project"):
        root = _norm_path(row.path)
        if any(_is_under(p, root) for p in candidates) and (best is None or len(root) > best[0]):
            best = (len(root), row)
    return best[1].project if best else None


def remember_path(machine: Machine | None, project: Project, path: str | None) -> None:
    """Learn ``machine``:``path`` -> ``project`` (first mapping wins, never overwritten)."""
    path = _norm_path(path)
    if machine is None or not path or len(path) > PATH_MAX:
        return
    if ProjectPath.objects.filter(machine=machine, path=path).exists():
        return
    try:
        with transaction.atomic():
            ProjectPath.objects.create(machine=machine, project=project, path=path)
    except IntegrityError:
        pass  # learned concurrently by another hook call
    except ValidationError:
        # The model's clean() found the row another hook call committed since the check
        # above (READ COMMITTED sees it): the same race, answered before the insert.
        if not ProjectPath.objects.filter(machine=machine, path=path).exists():
            raise


def _slug(name: str, key: str) -> str:
    # The key's digest makes the slug unique per repository and the same on every call,
    # so that concurrent first contacts converge on one project.
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    return f"{slugify(name)[:80] or 'repository'}-{digest}"


def repository_project(
    caller: Caller, *, repository_key: str | None, remote: str = "", path: str = ""
) -> Project | None:
    """The project of a repository no project claims, created on first contact: keyed by
    its normalised git remote, else by its top-level folder (or working directory) on
    this machine. It belongs to the caller's "Unsorted" client, which only they and
    managers see, until someone moves it to its client. None without a remote or a path."""
    path = _norm_path(path)
    if repository_key:
        name = repository_key.rstrip("/").rsplit("/", 1)[-1] or repository_key
        key = f"remote:{repository_key}"
    elif path and len(path) <= PATH_MAX:
        name = re.split(r"[/\\]", path)[-1] or path
        owner = caller.machine.fingerprint if caller.machine else f"user:{caller.user.pk}"
        key = f"path:{owner}:{path}"
    else:
        return None
    slug = _slug(name, key)
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        try:
            with transaction.atomic():
                project = Project.objects.create(
                    slug=slug,
                    name=name[:200],
                    client=client_access.unsorted_client(caller.user),
                    repository_url=remote if repository_key else "",
                    status=ProjectStatus.ACTIVE,
                    description="Created when Claude Code first worked in this repository. "
                    "Move it to its client: its memories follow.",
                )
        except (IntegrityError, ValidationError):  # created concurrently
            project = Project.objects.filter(slug=slug).first()
            if project is None and repository_key:
                project = Project.objects.filter(repository_key=repository_key).first()
            if project is None:
                raise
    if path:
        remember_path(caller.machine, project, path)
    return project


def resolve_project(
    caller: Caller,
    *,
    explicit: Any = None,
    remote: Any = None,
    toplevel: str | None = None,
    cwd: str | None = None,
    create: bool = True,
) -> tuple[Project | None, str]:
    """(project, how): explicit > git remote > machine + path > a new project of its own
    for this repository. (None, "hidden") when the repository belongs to a project of a
    client the caller cannot see: nothing is recalled from it or saved into it."""
    project = explicit_project(explicit, caller.user)
    if project is not None:
        # Not learned as a path: an explicit project is often set for every folder.
        return project, "explicit"
    key = repository_key(remote)
    project = Project.objects.filter(repository_key=key).first() if key else None
    how = "remote"
    if project is None:
        project = project_by_path(caller.machine, toplevel, cwd)
        how = "path"
    if project is not None:
        if not can_see(caller.user, project):
            return None, "hidden"
        if how == "remote":
            remember_path(caller.machine, project, toplevel)
        return project, how
    if not create:
        return None, "none"
    project = repository_project(
        caller, repository_key=key, remote=str(remote or ""), path=toplevel or cwd or ""
    )
    if project is None:
        return None, "none"
    return project, "new"


# --- Prompt events ----------------------------------------------------------------------


def _cap(text: str, limit: int = CONTEXT_CHAR_CAP) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 30].rstrip() + "\n[... trimmed]"


def open_tasks_text(project: Project) -> str:
    tasks = list(
        Task.objects.filter(
            project=project,
            status__in=OPEN_TASK_STATUSES,
        )
        .order_by("status", "due_date", "-created_at")
        .only("title", "status", "priority", "due_date")[:MAX_TASKS]
    )
    if not tasks:
        return ""
    lines = ["### Open tasks"]
    for task in tasks:
        due = f", due {task.due_date.isoformat()}" if task.due_date else ""
        lines.append(
            f"- [{task.get_status_display()}] {clip(task.title, 200)} ({task.priority}{due})"
        )
    return "\n".join(lines)


def recent_work_text(project: Project, exclude_session: str = "") -> str:
    sessions = WorkSession.objects.filter(project=project)
    if exclude_session:  # the session being started is no "recent work"
        sessions = sessions.exclude(claude_session_id=exclude_session)
    sessions = (
        sessions.select_related("technician")
        .order_by("-started_at")
        .only("title", "started_at", "status", "technician__username")[:MAX_RECENT_SESSIONS]
    )
    lines = [
        f"- {s.started_at:%Y-%m-%d} {clip(s.title, 160)} "
        f"({s.technician.get_username()}, {s.status})"
        for s in sessions
    ]
    return "### Recent work sessions\n" + "\n".join(lines) if lines else ""


# Context text, and the ids of the memories it recalls (whose usage the caller bumps).
Context = tuple[str, dict[str, list[str]]]


def session_start_context(
    project: Project, session_id: str = "", exclude: set[tuple[str, str]] | None = None
) -> Context:
    """Project state, open tasks and recent work for a new Claude Code session, without
    the memories in ``exclude`` (already given to this session)."""
    parts = [f"# MSP context for project {project.name} ({project.slug})"]
    recall = selectors.recall(
        project, q="", max_tokens=START_RECALL_TOKENS, limit=8, exclude=exclude or ()
    )
    if recall.items:
        parts.append(recall.formatted.strip())
    for extra in (open_tasks_text(project), recent_work_text(project, session_id)):
        if extra:
            parts.append(extra)
    if len(parts) == 1:
        return "", {}
    return _cap("\n\n".join(parts)), recall.recalled_ids()


def prompt_context(
    project: Project, prompt: str, exclude: set[tuple[str, str]] | None = None
) -> Context:
    """Memories relevant to the prompt, within PROMPT_RECALL_TOKENS, without those in
    ``exclude`` (already given to this session)."""
    query = (prompt or "").strip()[:QUERY_CHARS]
    if not query:
        return "", {}
    recall = selectors.recall(
        project, q=query, max_tokens=PROMPT_RECALL_TOKENS, limit=8, exclude=exclude or ()
    )
    if not recall.items:
        return "", {}
    return _cap(recall.formatted.strip()), recall.recalled_ids()


def hook_output(event_name: str, context: str) -> dict[str, Any]:
    if not context:
        return {}
    return {"hookSpecificOutput": {"hookEventName": event_name, "additionalContext": context}}


# --- Work sessions ----------------------------------------------------------------------


def entry_times(entries: Iterable[dict[str, Any]]) -> tuple[datetime | None, datetime | None]:
    times = []
    for entry in entries:
        value = entry.get("timestamp") if isinstance(entry, dict) else None
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.replace("Z", "+00:00"))
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                times.append(parsed)
    return (min(times), max(times)) if times else (None, None)


def upsert_work_session(
    caller: Caller,
    project: Project,
    claude_session_id: str,
    *,
    event_name: str,
    started_at: datetime | None = None,
    last_activity: datetime | None = None,
    title: str = "",
) -> WorkSession | None:
    """Create or update the WorkSession of a Claude Code session. Someone else's session
    (same id, other technician) is never touched: None."""
    claude_session_id = (claude_session_id or "").strip()
    if not claude_session_id:
        return None
    now = timezone.now()
    with transaction.atomic():
        session = (
            WorkSession.objects.select_for_update()
            .filter(claude_session_id=claude_session_id)
            .first()
        )
        if session is None:
            session = WorkSession(
                technician=caller.user,
                machine=caller.machine,
                project=project,
                claude_session_id=claude_session_id,
                title=clip(title, 300) or session_memory.default_work_session_title(project),
                started_at=min(started_at or now, now),
            )
            try:
                with transaction.atomic():
                    session.save()
            except IntegrityError:  # created concurrently: update that one instead
                session = WorkSession.objects.select_for_update().get(
                    claude_session_id=claude_session_id
                )
            else:
                return _apply_event(session, event_name, last_activity, now)
        if session.technician_id != caller.user.pk:
            return None
        if session.machine_id is None and caller.machine is not None:
            session.machine = caller.machine
        if session.project_id is None:
            session.project = project
        if started_at and started_at < session.started_at:
            session.started_at = started_at
        return _apply_event(session, event_name, last_activity, now)


def _apply_event(
    session: WorkSession, event_name: str, last_activity: datetime | None, now: datetime
) -> WorkSession:
    if event_name == "SessionEnd":
        session.status = SessionStatus.COMPLETED
        end = last_activity if last_activity and last_activity <= now else now
        session.ended_at = max(end, session.started_at)
    elif event_name == "SessionStart" and session.status != SessionStatus.ACTIVE:
        # A resumed session is active again.
        session.status = SessionStatus.ACTIVE
        session.ended_at = None
    session.save()
    return session


# --- Saves ------------------------------------------------------------------------------


def save_session_context(
    caller: Caller,
    project: Project,
    *,
    event_name: str,
    claude_session_id: str,
    entries: list[dict[str, Any]],
    last_assistant_message: str = "",
    transcript_range: list[int] | None = None,
    transcript_path: str = "",
    session: WorkSession | None = None,
    tags: Iterable[str] = (HOOK_TAG,),
) -> tuple[ConversationContext | None, bool]:
    """Merge ``entries`` (and the last assistant message) into the session's one
    memory. Answers (context, created); (None, False) while there is nothing worth
    keeping."""
    entries = [e for e in entries if isinstance(e, dict)]
    if session is not None and session.project_id not in (None, project.pk):
        session = None  # the session started in another project: keep the link honest
    _started, ended = entry_times(entries)
    claude_session_id = (claude_session_id or "").strip()[:100]
    if not claude_session_id:
        return _save_without_session(caller, project, event_name, entries, last_assistant_message,
                                     ended, tags)  # fmt: skip
    return session_memory.save_part(
        project,
        claude_session_id=claude_session_id,
        event_name=event_name,
        entries=entries,
        last_assistant_message=last_assistant_message,
        transcript_range=transcript_range,
        transcript_path=transcript_path,
        machine=caller.machine,
        work_session=session,
        ended_at=ended,  # when the work happened, for an import of old transcripts too
        tags=list(tags),
    )


_MEANINGFUL = (
    "summary", "key_decisions", "open_items", "files_touched", "commands", "errors",
    "current_state",
)  # fmt: skip


def _save_without_session(
    caller: Caller,
    project: Project,
    event_name: str,
    entries: list[dict[str, Any]],
    last_assistant_message: str,
    ended: datetime | None,
    tags: Iterable[str],
) -> tuple[ConversationContext | None, bool]:
    """An event without a session id (a hand-made call): a context of its own,
    de-duplicated by content hash."""
    last = (last_assistant_message or "").strip()
    fields = services.compress_input(transcript=entries, last_assistant_message=last or None)
    if not any(fields.get(name) for name in _MEANINGFUL):
        return None, False
    data = {
        "project": project,
        "machine": caller.machine,
        "context_type": ContextType.COMPACTION
        if event_name == "PreCompact"
        else ContextType.SESSION_SUMMARY,
        "title": session_memory.context_title(fields, project, ""),
        **fields,
    }
    if ended is not None:
        data["occurred_at"] = ended
    return services.save_context(data, tags=list(tags))


# --- One event --------------------------------------------------------------------------


@dataclass
class HookResult:
    answer: dict[str, Any]
    project: Project | None = None
    resolved_by: str = ""
    context: ConversationContext | None = None
    context_created: bool = False
    session: WorkSession | None = None
    # Memories in the answer, by kind: their usage is the caller's to bump, once the
    # answer is out (``services.bump_usage``).
    recalled: dict[str, list[str]] = field(default_factory=dict)


def handle_event(caller: Caller, event: dict[str, Any]) -> HookResult:
    """Answer one hook event (already validated: a dict with ``hook_event_name``)."""
    name = str(event.get("hook_event_name") or "")
    handler = HANDLERS.get(name)
    if handler is None:
        return HookResult(answer={})  # the status probe, and events we do not use
    msp = event.get("msp") if isinstance(event.get("msp"), dict) else {}
    project, how = resolve_project(
        caller,
        explicit=msp.get("project"),
        remote=msp.get("git_remote_url"),
        toplevel=msp.get("git_toplevel"),
        cwd=event.get("cwd"),
    )
    result = HookResult(answer={}, project=project, resolved_by=how)
    if project is None:
        # Another client's repository (or no folder at all): answer no context and save
        # nothing, rather than guess a project and mix clients' memories.
        return result
    handler(caller, project, event, msp, result)
    return result


def _on_user_prompt(
    caller: Caller, project: Project, event: dict[str, Any], msp: dict, result: HookResult
) -> None:
    name = event["hook_event_name"]
    session_id = str(event.get("session_id") or "")
    seen = session_memory.already_injected(project, session_id)
    context, result.recalled = prompt_context(project, str(event.get("prompt") or ""), exclude=seen)
    session_memory.record_injected(project, session_id, result.recalled)
    result.answer = hook_output(name, context)


def _on_session_start(
    caller: Caller, project: Project, event: dict[str, Any], msp: dict, result: HookResult
) -> None:
    name = event["hook_event_name"]
    session_id = str(event.get("session_id") or "")
    result.session = upsert_work_session(caller, project, session_id, event_name=name)
    if str(event.get("source") or "") in FRESH_CONVERSATION_SOURCES:
        session_memory.record_injected(project, session_id, {}, reset=True)
    seen = session_memory.already_injected(project, session_id)
    context, result.recalled = session_start_context(project, session_id, exclude=seen)
    session_memory.record_injected(project, session_id, result.recalled)
    result.answer = hook_output(name, context)


def _on_save(
    caller: Caller, project: Project, event: dict[str, Any], msp: dict, result: HookResult
) -> None:
    name = event["hook_event_name"]
    session_id = str(event.get("session_id") or "")
    entries = msp.get("transcript_entries") or []
    chunk = msp.get("chunk") or [1, 1]
    # A save split into chunks carries the event (and its last message) in every chunk:
    # only the last chunk uses that message as the final state.
    last_chunk = len(chunk) != 2 or chunk[0] >= chunk[1]
    last_message = str(event.get("last_assistant_message") or "") if last_chunk else ""
    started, last_activity = entry_times(entries)

    def save() -> None:
        result.session = upsert_work_session(
            caller,
            project,
            session_id,
            event_name=name,
            started_at=started,
            last_activity=last_activity,
        )
        result.context, result.context_created = save_session_context(
            caller,
            project,
            event_name=name,
            claude_session_id=session_id,
            entries=entries,
            last_assistant_message=last_message,
            transcript_range=msp.get("transcript_range"),
            transcript_path=str(event.get("transcript_path") or ""),
            session=result.session,
        )

    in_one_transaction(save)


TRANSACTION_ATTEMPTS = 3


def in_one_transaction(work: Callable[[], None]) -> None:
    """Run ``work`` in a transaction, again (from the start) when it lost a race: two
    saves of one new session both insert its rows; on MariaDB the losers of a
    duplicate key hold shared locks and can deadlock each other, which rolls their
    transaction back. Not retried inside an enclosing transaction (it is not ours)."""
    attempts = 1 if transaction.get_connection().in_atomic_block else TRANSACTION_ATTEMPTS
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                work()
            return
        except (IntegrityError, OperationalError) as exc:
            # A deadlock, a lock wait timeout or (Galera) a lost certification: the
            # transaction was rolled back whole, so running it again is safe.
            retryable = isinstance(exc, IntegrityError) or is_retryable_conflict(exc)
            if not retryable or attempt == attempts - 1:
                raise
            logger.info("claude-code save: retrying after %s", type(exc).__name__)


# One handler per event of the shared table (events.EVENTS; a test checks both cover the
# same names). The status probe and unknown events have none: they get ``{}``.
HANDLERS: dict[str, Callable[[Caller, Project, dict[str, Any], dict, HookResult], None]] = {
    "SessionStart": _on_session_start,
    "UserPromptSubmit": _on_user_prompt,
    "Stop": _on_save,
    "PreCompact": _on_save,
    "SessionEnd": _on_save,
}
