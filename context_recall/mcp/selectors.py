"""Reads of the MCP tools: which project a call is about, one memory by id, the open
tasks, an inventory lookup. Every query goes through ``msp.scoping``: another client's
row is "not found", never an error that tells it exists."""

from __future__ import annotations

import contextlib
import ipaddress
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Subquery

from context_recall.selectors import SEARCHED_MODELS
from context_recall.services.hooks import OPEN_TASK_STATUSES
from msp.models import Credential, Infrastructure, Service
from msp.scoping import scope_for_user
from tracking.models import Machine, Project, ProjectPath, Task, WorkSession

# Kind (as recall names it) -> model; get_memory looks in this order.
MEMORY_MODELS: dict[str, type] = SEARCHED_MODELS


@dataclass(frozen=True)
class ChosenProject:
    project: Project
    # "argument" or "recent activity of this machine" / "... of your sessions"
    chosen_by: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.project.pk),
            "slug": self.project.slug,
            "name": self.project.name,
            "chosen_by": self.chosen_by,
        }


def visible_projects(user: Any) -> QuerySet[Project]:
    return scope_for_user(Project.objects.select_related("client"), user)


def project_named(user: Any, value: str) -> Project | None:
    """The project ``value`` names (id, slug, or name case-insensitively) among the ones
    ``user`` may see."""
    value = value.strip()
    projects = visible_projects(user)
    try:
        found = projects.filter(pk=uuid.UUID(value)).first()
    except ValueError:
        found = None
    if found is None:
        found = projects.filter(slug=value).first()
    if found is None:
        # Names are not unique: the most recently updated wins.
        found = projects.filter(name__iexact=value).order_by("-updated_at").first()
    return found


def recent_project(user: Any, machine: Machine | None) -> ChosenProject | None:
    """The project the caller worked in last: for a machine token, that machine's latest
    Claude Code session (else its latest learned checkout path), the repository the
    hooks last resolved on it; for a user's own token, their latest session anywhere."""
    projects = visible_projects(user)
    if machine is not None:
        sessions = WorkSession.objects.filter(machine=machine)
        label = "recent activity of this machine"
    else:
        sessions = WorkSession.objects.filter(technician=user)
        label = "recent activity of your sessions"
    latest = (
        sessions.filter(project__in=projects.values("pk"))
        .order_by("-updated_at", "-started_at")
        .values("project_id")[:1]
    )
    project = projects.filter(pk=Subquery(latest)).first()
    if project is None and machine is not None:
        path = (
            ProjectPath.objects.filter(machine=machine, project__in=projects.values("pk"))
            .order_by("-created_at")
            .values("project_id")[:1]
        )
        project = projects.filter(pk=Subquery(path)).first()
    return ChosenProject(project, label) if project is not None else None


def current_session(user: Any, machine: Machine | None, project: Project) -> WorkSession | None:
    """The caller's current work session in ``project``: the machine's latest (or, for a
    user's own token, their latest on any machine)."""
    sessions = scope_for_user(WorkSession.objects.select_related("client"), user).filter(
        project=project, technician=user
    )
    if machine is not None:
        sessions = sessions.filter(machine=machine)
    return sessions.order_by("-started_at", "-updated_at").first()


def memory_by_id(user: Any, memory_id: uuid.UUID, kind: str | None = None) -> tuple[str, Any]:
    """(kind, row) of the memory ``memory_id`` that ``user`` may see; ``LookupError``
    when there is none (missing and another client's look the same)."""
    kinds = [kind] if kind else list(MEMORY_MODELS)
    for name in kinds:
        model = MEMORY_MODELS[name]
        queryset = scope_for_user(model.objects.all(), user)
        if name == "project_state":
            queryset = queryset.select_related("project")
        elif name == "infrastructure_note":
            queryset = queryset.exclude(environmental_notes="")
        row = queryset.filter(pk=memory_id).first()
        if row is not None:
            return name, row
    raise LookupError(str(memory_id))


def open_tasks(user: Any, project: Project, limit: int) -> list[Task]:
    return list(
        scope_for_user(Task.objects.select_related("assignee"), user)
        .filter(project=project, status__in=OPEN_TASK_STATUSES)
        .order_by("status", "due_date", "-created_at")[:limit]
    )


def _asset_filter(query: str) -> Q:
    condition = (
        Q(hostname__icontains=query) | Q(fqdn__icontains=query) | Q(site__name__icontains=query)
    )
    with contextlib.suppress(ValueError):
        condition |= Q(ip_address=str(ipaddress.ip_address(query)))
    return condition


def find_assets(
    user: Any, query: str, *, client: str = "", limit: int = 10, with_credentials: bool = True
) -> list[Infrastructure]:
    """Assets whose host name, FQDN, IP address or site name matches ``query``, with
    their services and (ids, names and types only) credentials, in a fixed number of
    queries. Secrets are never loaded: the credential rows are read with ``only()``."""
    assets = (
        scope_for_user(Infrastructure.objects.all(), user)
        .filter(_asset_filter(query))
        .select_related("client", "site", "parent")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.order_by("name")),
        )
        .order_by("client__name", "hostname")
    )
    if client:
        assets = assets.filter(client__name__iexact=client)
    if with_credentials:
        credentials = (
            scope_for_user(Credential.objects.all(), user)
            .filter(is_active=True)
            .only("id", "name", "credential_type", "infrastructure_id", "client_id")
            .order_by("name")
        )
        assets = assets.prefetch_related(Prefetch("credentials", queryset=credentials))
    return list(assets[:limit])
