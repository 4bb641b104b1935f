"""The MCP tools: name, description, JSON schema of the arguments, and a handler that
calls the existing selectors and services (recall, memory saves, tasks, time, the
inventory). Plain synchronous functions of a ``Caller`` and the arguments, so that
they run in the request's thread and database transaction like any view.

Arguments are checked against the tool's schema before anything runs; a handler's
model validation errors are mapped back to argument names. Either way the caller gets
``ToolArgumentError`` naming the argument, and a refused call writes nothing: a writing
call runs in one transaction, rolled back by the error.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from jsonschema import Draft202012Validator

from context_recall import selectors as recall_selectors
from context_recall import services
from context_recall.mcp import selectors
from context_recall.models import ProjectState
from context_recall.models.memories import (
    DecisionType,
    ProjectPhase,
    SnippetCategory,
)
from context_recall.packing import RecallItem
from context_recall.permissions import RECALL_PERMISSIONS
from context_recall.search import documents
from msp.models.credentials import CredentialType
from msp.scoping import scope_for_user
from tracking.models import Machine, Project, Task, TimeEntry
from tracking.models.choices import Priority, WorkCategory
from tracking.models.time import MAX_ENTRY_MINUTES
from tracking.services.tagging import clean_tag_names, tag_names
from tracking.services.tasks import complete_task, create_task
from tracking.services.time_entries import create_time_entry

MAX_RECALL_TOKENS = 8000
MAX_LIMIT = 50
TEXT_MAX = 20_000
REVEAL_HINT = "exists, reveal in the admin"
# The actions of the mixed tools (project_state, open_tasks) that only read (the
# default action of both).
READ_ACTIONS = frozenset({"read", "list"})


# --- Errors a tool answers (as an MCP tool error, ``isError: true``) ---------------------


class ToolError(Exception):
    """What a tool call answers instead of a result."""

    kind = "error"

    def __init__(self, message: str, **extra: Any):
        super().__init__(message)
        self.message = message
        self.extra = extra

    def as_dict(self) -> dict[str, Any]:
        return {"error": self.kind, "message": self.message, **self.extra}


class ToolArgumentError(ToolError):
    kind = "invalid_argument"

    def __init__(self, argument: str, message: str):
        super().__init__(f"Invalid argument '{argument}': {message}", argument=argument)
        self.argument = argument


class ToolPermissionDenied(ToolError):
    kind = "permission_denied"


class ToolNotFound(ToolError):
    kind = "not_found"


# --- The caller and the project a call is about -------------------------------------------


@dataclass(frozen=True)
class Caller:
    user: Any
    machine: Machine | None


def require(caller: Caller, *perms: str) -> None:
    missing = [perm for perm in perms if not caller.user.has_perm(perm)]
    if missing:
        raise ToolPermissionDenied(
            f"You do not have permission for this: it needs {', '.join(missing)}.",
            permissions=missing,
        )


def chosen_project(caller: Caller, args: dict[str, Any]) -> selectors.ChosenProject:
    """The project named by the ``project`` argument, else the caller's recent one."""
    value = args.get("project")
    if value:
        project = selectors.project_named(caller.user, value)
        if project is None:
            raise ToolArgumentError("project", f"No such project: {value!r}.")
        return selectors.ChosenProject(project, "argument")
    chosen = selectors.recent_project(caller.user, caller.machine)
    if chosen is None:
        raise ToolArgumentError(
            "project",
            "Required here: no recent Claude Code session (of this machine, or of yours "
            "with a user token) names a project you may see. Pass its id, slug or name.",
        )
    return chosen


def _validation_error(exc: ValidationError, names: dict[str, str]) -> ToolArgumentError:
    """A model's ``ValidationError`` as an error naming the tool argument it is about."""
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.message_dict.items():
            argument = names.get(field_name, field_name)
            if argument == NON_FIELD_ERRORS:
                argument = "arguments"
            return ToolArgumentError(argument, " ".join(errors))
    return ToolArgumentError("arguments", " ".join(exc.messages))


def _tag_arg(args: dict[str, Any]) -> list[str]:
    try:
        return clean_tag_names(args.get("tags", []))
    except ValidationError as exc:
        raise ToolArgumentError("tags", " ".join(exc.messages)) from None


# --- Schema helpers ---------------------------------------------------------------------


def _string(description: str, *, max_length: int = TEXT_MAX, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": max_length, **extra} | {
        "description": description
    }


def _enum(choices: Any, description: str) -> dict[str, Any]:
    return {"type": "string", "enum": [value for value, _ in choices.choices]} | {
        "description": description
    }


def _tags(description: str = "Tag names.") -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "minLength": 1, "maxLength": 100},
        "maxItems": 20,
        "description": description,
    }


def _text_list(description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "maxLength": 2000},
        "maxItems": 100,
        "description": description,
    }


PROJECT_ARG = _string(
    "The project: its id, slug or name. Default: the project this machine's latest "
    "Claude Code session worked in (the current repository's).",
    max_length=300,
)


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    return schema


# --- The tools ----------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _item_dict(item: RecallItem) -> dict[str, Any]:
    """A recalled item as JSON (datetimes as ISO text, the links' too)."""
    data = item.as_dict()
    data["created_at"] = _iso(item.created_at)
    for link in [data["superseded_by"], *data["supersedes"]]:
        if link is not None:
            link["occurred_at"] = _iso(link["occurred_at"])
    return data


def search_memories(caller: Caller, args: dict[str, Any]) -> dict[str, Any]:
    chosen = chosen_project(caller, args)
    result = recall_selectors.recall(
        chosen.project,
        q=args.get("query", ""),
        tags=_tag_arg(args),
        limit=args.get("limit", 10),
        max_tokens=args.get("max_tokens", settings.RECALL_DEFAULT_MAX_TOKENS),
    )
    if result.items:
        services.bump_usage(result.recalled_ids())
    return {
        "project": chosen.as_dict(),
        "items": [_item_dict(item) for item in result.items],
        "token_estimate": result.token_estimate,
    }


def _memory_fields(kind: str, row: Any) -> dict[str, Any]:
    if kind == "project_state":
        return {"project": str(row.project_id)}
    if kind == "infrastructure_note":
        return {"client": str(row.client_id)}
    fields: dict[str, Any] = {}
    for name in ("project_id", "client_id"):
        value = getattr(row, name, None)
        if value:
            fields[name.removesuffix("_id")] = str(value)
    if kind in ("context", "snippet", "decision"):
        fields["tags"] = tag_names(row)
    return fields


def get_memory(caller: Caller, args: dict[str, Any]) -> dict[str, Any]:
    try:
        memory_id = uuid.UUID(args["id"])
    except ValueError:
        raise ToolArgumentError("id", "Not a memory id (a UUID).") from None
    try:
        kind, row = selectors.memory_by_id(caller.user, memory_id, args.get("kind"))
    except LookupError:
        raise ToolNotFound(f"No memory {memory_id}.") from None
    title, text = documents.describe(kind, row)
    return {
        "kind": kind,
        "id": str(row.pk),
        "title": title,
        "text": text,
        **_memory_fields(kind, row),
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
    }


def _session_of(caller: Caller, project: Project):
    return selectors.current_session(caller.user, caller.machine, project)


def save_decision(caller: Caller, args: dict[str, Any]) -> dict[str, Any]:
    chosen = chosen_project(caller, args)
    session = _session_of(caller, chosen.project)
    data = {
        "project": chosen.project,
        "session": session,
        "decision": args["decision"],
        "rationale": args["reason"],
        "title": args.get("title", ""),
        "decision_type": args.get("decision_type", DecisionType.TECHNICAL),
        "alternatives": args.get("alternatives", []),
        "impact": args.get("impact", ""),
    }
    if "importance" in args:
        data["importance"] = args["importance"]
    try:
        decision = services.create_decision(data, tags=_tag_arg(args))
    except ValidationError as exc:
        raise _validation_error(exc, {"rationale": "reason"}) from None
    return {
        "project": chosen.as_dict(),
        "decision": {
            "id": str(decision.pk),
            "title": decision.title,
            "decision_type": decision.decision_type,
            "status": decision.status,
        },
    }


def save_snippet(caller: Caller, args: dict[str, Any]) -> dict[str, Any]:
    chosen = chosen_project(caller, args)
    data = {
        "project": chosen.project,
        "title": args["title"],
        "content": args["content"],
        "category": args.get("category", SnippetCategory.OTHER),
    }
    if "importance" in args:
        data["importance"] = args["importance"]
    try:
        snippet, created = services.save_snippet(data, tags=_tag_arg(args))
    except ValidationError as exc:
        raise _validation_error(exc, {}) from None
    return {
        "project": chosen.as_dict(),
        "snippet": {"id": str(snippet.pk), "title": snippet.title, "category": snippet.category},
        "created": created,
    }


STATE_FIELDS = ("phase", "progress", "summary", "blockers", "next_actions", "key_files")


def _state_dict(state: ProjectState | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {
        "id": str(state.pk),
        **{name: getattr(state, name) for name in STATE_FIELDS},
        "updated_at": _iso(state.updated_at),
    }


def project_state(caller: Caller, args: dict[str, Any]) -> dict[str, Any]:
    action = args.get("action", "read")
    chosen = chosen_project(caller, args)
    if action == "read":
        state = ProjectState.objects.filter(project=chosen.project).first()
        return {"project": chosen.as_dict(), "state": _state_dict(state)}
    changes = {name: args[name] for name in STATE_FIELDS if name in args}
    if not changes:
        raise ToolArgumentError(
            "action", f"'update' needs at least one of: {', '.join(STATE_FIELDS)}."
        )
    require(
        caller,
        "context_recall.view_projectstate",
        "context_recall.add_projectstate",
        "context_recall.change_projectstate",
    )
    try:
        state, created = services.upsert_project_state(chosen.project, changes)
    except ValidationError as exc:
        raise _validation_error(exc, {}) from None
    return {"project": chosen.as_dict(), "state": _state_dict(state), "created": created}


def _task_dict(task: Task) -> dict[str, Any]:
    return {
        "id": str(task.pk),
        "title": task.title,
        "status": task.status,
        "priority": task.priority,
        "due_date": task.due_date.isoformat() if task.due_date else None,
        "blocked_reason": task.blocked_reason,
        "assignee": task.assignee.get_username() if task.assignee_id else None,
        "completed_at": _iso(task.completed_at),
    }


def open_tasks(caller: Caller, args: dict[str, Any]) -> dict[str, Any]:
    action = args.get("action", "list")
    if action == "complete":
        # A task id says which project: no default project needed.
        require(caller, "tracking.view_task", "tracking.change_task")
        if "task_id" not in args:
            raise ToolArgumentError("task_id", "Required to complete a task.")
        try:
            task_id = uuid.UUID(args["task_id"])
        except ValueError:
            raise ToolArgumentError("task_id", "Not a task id (a UUID).") from None
        task = scope_for_user(Task.objects.all(), caller.user).filter(pk=task_id).first()
        if task is None:
            raise ToolNotFound(f"No task {task_id}.")
        try:
            task, changed = complete_task(task)
        except ValidationError as exc:
            raise _validation_error(exc, {}) from None
        project = task.project
        chosen_by_task = None if project is None else selectors.ChosenProject(project, "task")
        return {
            "project": chosen_by_task.as_dict() if chosen_by_task else None,
            "task": _task_dict(task),
            "changed": changed,
        }
    chosen = chosen_project(caller, args)
    if action == "create":
        require(caller, "tracking.view_task", "tracking.add_task")
        if "title" not in args:
            raise ToolArgumentError("title", "Required to create a task.")
        data = {
            "title": args["title"],
            "description": args.get("description", ""),
            "project": chosen.project,
            "origin_session": _session_of(caller, chosen.project),
            "priority": args.get("priority", Priority.MEDIUM),
            "assignee": caller.user,
        }
        if "due_date" in args:
            data["due_date"] = args["due_date"]
        try:
            task = create_task(data)
        except ValidationError as exc:
            raise _validation_error(exc, {}) from None
        task.refresh_from_db()  # due_date back as a date
        return {"project": chosen.as_dict(), "task": _task_dict(task)}
    tasks = selectors.open_tasks(caller.user, chosen.project, args.get("limit", 20))
    return {"project": chosen.as_dict(), "tasks": [_task_dict(task) for task in tasks]}


def _time_dict(entry: TimeEntry) -> dict[str, Any]:
    return {
        "id": str(entry.pk),
        "client": entry.client.name,
        "session": str(entry.session_id) if entry.session_id else None,
        "started_at": _iso(entry.started_at),
        "ended_at": _iso(entry.ended_at),
        "actual_minutes": entry.actual_minutes,
        "billable_minutes": entry.billable_minutes,
        "hourly_rate": str(entry.hourly_rate),
        "amount": str(entry.amount),
        "is_billable": entry.is_billable,
        "category": entry.category,
        "description": entry.description,
    }


def log_time(caller: Caller, args: dict[str, Any]) -> dict[str, Any]:
    chosen = chosen_project(caller, args)
    session = _session_of(caller, chosen.project)
    if session is None:
        raise ToolArgumentError(
            "project",
            f"No work session of yours in {chosen.project.name!r} on this machine yet: "
            "time is logged against the current Claude Code session.",
        )
    minutes = args["minutes"]
    if "started_at" in args:
        started_at = parse_datetime(args["started_at"])
        if started_at is None or timezone.is_naive(started_at):
            raise ToolArgumentError(
                "started_at",
                "An ISO-8601 date and time with its UTC offset, e.g. 2026-01-31T09:00:00Z.",
            )
    else:
        started_at = timezone.now().replace(microsecond=0) - timedelta(minutes=minutes)
    data = {
        "technician": caller.user,
        "session": session,
        "client": session.client,
        "description": args["description"],
        "started_at": started_at,
        "actual_minutes": minutes,
        "is_billable": args.get("is_billable", session.is_billable),
        "category": args.get("category", ""),
    }
    try:
        entry = create_time_entry(data)
    except ValidationError as exc:
        names = {"actual_minutes": "minutes", "session": "project", "client": "project"}
        raise _validation_error(exc, names) from None
    return {"project": chosen.as_dict(), "time_entry": _time_dict(entry)}


def find_asset(caller: Caller, args: dict[str, Any]) -> dict[str, Any]:
    with_credentials = caller.user.has_perm("msp.view_credential")
    assets = selectors.find_assets(
        caller.user,
        args["query"].strip(),
        client=args.get("client", "").strip(),
        limit=args.get("limit", 10),
        with_credentials=with_credentials,
    )
    results = []
    for asset in assets:
        item = {
            "id": str(asset.pk),
            "client": asset.client.name,
            "site": asset.site.name if asset.site_id else None,
            "hostname": asset.hostname,
            "fqdn": asset.fqdn,
            "ip_address": asset.ip_address,
            "asset_type": asset.asset_type,
            "os": " ".join(part for part in (asset.os, asset.os_version) if part),
            "role": asset.role,
            "status": asset.status,
            "parent": asset.parent.hostname if asset.parent_id else None,
            "environmental_notes": asset.environmental_notes,
            "services": [
                {"name": s.name, "port": s.port, "protocol": s.protocol, "status": s.status}
                for s in asset.services.all()
            ],
        }
        if with_credentials:
            item["credentials"] = [
                {
                    "name": credential.name,
                    "type": CredentialType(credential.credential_type).label,
                    "secret": REVEAL_HINT,
                }
                for credential in asset.credentials.all()
            ]
        results.append(item)
    return {"query": args["query"], "assets": results}


# --- The registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolSpec:
    name: str
    title: str
    description: str
    input_schema: dict[str, Any]
    handler: Callable[[Caller, dict[str, Any]], dict[str, Any]]
    read_only: bool
    # What using the tool at all needs: a caller without it is not offered the tool
    # (tools/list) and is refused if it calls it anyway. An action that does more (an
    # update, a create) asks for more in its handler.
    needs: tuple[str, ...] = ()
    validator: Draft202012Validator = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        Draft202012Validator.check_schema(self.input_schema)
        object.__setattr__(self, "validator", Draft202012Validator(self.input_schema))

    def check(self, args: dict[str, Any]) -> None:
        """``ToolArgumentError`` naming the first argument the schema refuses."""
        error = next(iter(sorted(self.validator.iter_errors(args), key=_error_order)), None)
        if error is None:
            return
        raise ToolArgumentError(_argument_of(error), error.message)

    def reads_only(self, args: dict[str, Any]) -> bool:
        action = self.input_schema["properties"].get("action")
        return action is not None and args.get("action", action["default"]) in READ_ACTIONS

    def available_to(self, user: Any) -> bool:
        return all(user.has_perm(perm) for perm in self.needs)

    def call(self, caller: Caller, args: dict[str, Any]) -> dict[str, Any]:
        require(caller, *self.needs)
        self.check(args)
        if self.read_only or self.reads_only(args):
            # No transaction for reads: on SQLite a transaction takes the write lock.
            return self.handler(caller, args)
        with transaction.atomic():
            return self.handler(caller, args)


def _error_order(error: Any) -> tuple:
    return (len(error.absolute_path) == 0, list(map(str, error.absolute_path)))


def _argument_of(error: Any) -> str:
    if error.absolute_path:
        return str(error.absolute_path[0])
    if error.validator == "required":
        # "'query' is a required property"
        return error.message.split("'")[1]
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return extra[0] if extra else "arguments"
    return "arguments"


TOOLS: dict[str, ToolSpec] = {}


def _register(spec: ToolSpec) -> None:
    TOOLS[spec.name] = spec


_register(
    ToolSpec(
        name="search_memories",
        title="Search memories",
        description=(
            "Search this MSP server's memory of past work (session summaries, decisions, "
            "snippets, project state, solved problems, infrastructure notes) for one project "
            "and its client. Answers the best matches ranked by relevance, importance and "
            "recency, packed into max_tokens (tokens estimated as characters / 4), each with "
            "its kind and id (get_memory gives the full text). Secrets are redacted."
        ),
        input_schema=_object(
            {
                "query": _string("What to look for, in plain words.", max_length=2000),
                "project": PROJECT_ARG,
                "tags": _tags("Prefer memories carrying these tags."),
                "limit": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_LIMIT,
                    "default": 10,
                    "description": "At most this many memories.",
                },
                "max_tokens": {
                    "type": "integer",
                    "minimum": 50,
                    "maximum": MAX_RECALL_TOKENS,
                    "description": "Token budget of the answer's texts (default: the server's).",
                },
            },
            required=("query",),
        ),
        handler=search_memories,
        read_only=True,
        needs=RECALL_PERMISSIONS,
    )
)
_register(
    ToolSpec(
        name="get_memory",
        title="Get one memory",
        description=(
            "The full text of one memory by the id search_memories gave. A memory you may "
            "not see answers 'not found'."
        ),
        input_schema=_object(
            {
                "id": _string("The memory's id (UUID).", max_length=36),
                "kind": {
                    "type": "string",
                    "enum": list(selectors.MEMORY_MODELS),
                    "description": "Its kind as search_memories named it (optional).",
                },
            },
            required=("id",),
        ),
        handler=get_memory,
        read_only=True,
        needs=RECALL_PERMISSIONS,
    )
)
_register(
    ToolSpec(
        name="save_decision",
        title="Save a decision",
        description=(
            "Record a decision taken in this project and why, so that later sessions (on any "
            "machine) recall it. Linked to the current Claude Code session. Secrets in the "
            "text are redacted before storing."
        ),
        input_schema=_object(
            {
                "decision": _string("What was decided, one or two sentences."),
                "reason": _string("Why: the reasoning or constraint behind it."),
                "project": PROJECT_ARG,
                "title": _string("A short title (default: from the decision).", max_length=300),
                "decision_type": _enum(DecisionType, "What the decision is about."),
                "alternatives": _text_list("Options considered and not taken."),
                "impact": _string("What it changes or risks."),
                "importance": {"type": "integer", "minimum": 1, "maximum": 10},
                "tags": _tags(),
            },
            required=("decision", "reason"),
        ),
        handler=save_decision,
        read_only=False,
        needs=("context_recall.add_decisionlog",),
    )
)
_register(
    ToolSpec(
        name="save_snippet",
        title="Save a snippet",
        description=(
            "Save a piece of reusable knowledge for this project (a command, a configuration, "
            "a procedure, a fact) so that later sessions recall it. An identical snippet is "
            "not stored twice. Secrets in it are redacted before storing: keep passwords in "
            "the credential vault, not here."
        ),
        input_schema=_object(
            {
                "title": _string("A short title.", max_length=300),
                "content": _string("The snippet itself."),
                "project": PROJECT_ARG,
                "category": _enum(SnippetCategory, "What kind of knowledge it is."),
                "importance": {"type": "integer", "minimum": 1, "maximum": 10},
                "tags": _tags(),
            },
            required=("title", "content"),
        ),
        handler=save_snippet,
        read_only=False,
        needs=("context_recall.add_contextsnippet",),
    )
)
_register(
    ToolSpec(
        name="project_state",
        title="Read or update the project state",
        description=(
            "The project's one state record (phase, progress 0-100, summary, blockers, next "
            "actions, key files). action 'read' (default) answers it (null when none yet); "
            "'update' changes the fields given and leaves the others."
        ),
        input_schema=_object(
            {
                "action": {"type": "string", "enum": ["read", "update"], "default": "read"},
                "project": PROJECT_ARG,
                "phase": _enum(ProjectPhase, "The project's phase."),
                "progress": {"type": "integer", "minimum": 0, "maximum": 100},
                "summary": {"type": "string", "maxLength": TEXT_MAX},
                "blockers": _text_list("What blocks progress (replaces the list)."),
                "next_actions": _text_list("What to do next (replaces the list)."),
                "key_files": _text_list("Files that matter (replaces the list)."),
            }
        ),
        handler=project_state,
        read_only=False,
        needs=("context_recall.view_projectstate",),
    )
)
_register(
    ToolSpec(
        name="open_tasks",
        title="Open tasks",
        description=(
            "The project's task list. action 'list' (default) answers the open tasks (to do, "
            "in progress, blocked); 'create' adds a task (title needed) assigned to you; "
            "'complete' marks the task task_id done."
        ),
        input_schema=_object(
            {
                "action": {
                    "type": "string",
                    "enum": ["list", "create", "complete"],
                    "default": "list",
                },
                "project": PROJECT_ARG,
                "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 20},
                "title": _string("The new task's title.", max_length=300),
                "description": {"type": "string", "maxLength": TEXT_MAX},
                "priority": _enum(Priority, "The new task's priority."),
                "due_date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                "task_id": _string("The task to complete (UUID).", max_length=36),
            }
        ),
        handler=open_tasks,
        read_only=False,
        needs=("tracking.view_task",),
    )
)
_register(
    ToolSpec(
        name="log_time",
        title="Log time",
        description=(
            "Log time worked on the current Claude Code session of this project, for the "
            "session's client. Billing follows the client's rules (rounded up to its "
            "increment, at least its minimum, at its hourly rate); the answer shows the "
            "billable minutes and amount."
        ),
        input_schema=_object(
            {
                "minutes": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_ENTRY_MINUTES,
                    "description": "Minutes actually worked.",
                },
                "description": _string("What the time was spent on."),
                "project": PROJECT_ARG,
                "started_at": {
                    "type": "string",
                    "maxLength": 40,
                    "description": "When the work started, ISO-8601 with offset "
                    "(default: now minus minutes).",
                },
                "category": _enum(WorkCategory, "The kind of work."),
                "is_billable": {
                    "type": "boolean",
                    "description": "Default: the session's setting.",
                },
            },
            required=("minutes", "description"),
        ),
        handler=log_time,
        read_only=False,
        needs=("tracking.add_timeentry",),
    )
)
_register(
    ToolSpec(
        name="find_asset",
        title="Find an asset",
        description=(
            "Look up the client inventory by host name, FQDN, IP address or site name: the "
            "asset, its client and site, OS, role, status, quirks, services, and which "
            "credentials exist for it. Never a secret: a credential shows only its name and "
            "type; reveal it in the admin (audited)."
        ),
        input_schema=_object(
            {
                "query": _string("Host name, FQDN, IP address or site name.", max_length=253),
                "client": _string("Only this client's assets (its name).", max_length=200),
                "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10},
            },
            required=("query",),
        ),
        handler=find_asset,
        read_only=True,
        needs=("msp.view_infrastructure",),
    )
)
