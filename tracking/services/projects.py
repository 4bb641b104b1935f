"""Moving a project to another client: its work and its memories follow, in the same
transaction as the project's own change, so no reader ever sees a project at one client
and its memories still at the other (recall reads memories by client)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal

from tracking.models import (
    InfrastructureChange,
    ProblemSolution,
    Project,
    Task,
    TimeEntry,
    WorkItem,
    WorkSession,
)

# Sent inside the move's transaction with ``project`` (already at its new client) and
# ``old_client_id``: context_recall moves its memories on it (tracking cannot import it).
project_moved = Signal()


def check_move(project: Project, old_client_id: Any, new_client_id: Any) -> None:
    """Raises ValidationError (on ``client``) when the project's work cannot follow it
    from ``old_client_id`` to ``new_client_id``: billed time, or the old client's assets
    named in it. Work of a project at no client, or not at the project's client, stays."""
    if old_client_id is None or old_client_id == new_client_id:
        return
    session_ids = WorkSession.objects.filter(project=project, client_id=old_client_id).values("pk")
    if TimeEntry.objects.filter(session_id__in=session_ids, billed=True).exists():
        raise ValidationError(
            {"client": "Time of this project's sessions is billed to its current client."}
        )
    if (
        ProblemSolution.objects.filter(
            session_id__in=session_ids, infrastructure__isnull=False
        ).exists()
        or InfrastructureChange.objects.filter(session_id__in=session_ids).exists()
        or WorkItem.affected_infrastructure.through.objects.filter(
            workitem__session_id__in=session_ids
        ).exists()
    ):
        raise ValidationError({"client": "This project's work names assets of its current client."})


def follow_project_client(project: Project, old_client_id: Any) -> None:
    """After ``project.client`` changed from ``old_client_id``: the project's sessions
    and tasks at the old client, their time entries and evidence, and every memory of
    the project move to the new client. Refused (ValidationError on ``client``) when
    that work is billed or names the old client's assets: those stay where they are."""
    if project.client_id == old_client_id:
        return
    new_client_id = project.client_id
    with transaction.atomic():
        check_move(project, old_client_id, new_client_id)
        sessions = WorkSession.objects.filter(project=project, client_id=old_client_id)
        session_ids = list(sessions.values_list("pk", flat=True))
        entries = TimeEntry.objects.filter(session_id__in=session_ids)
        sessions.update(client_id=new_client_id)
        entries.update(client_id=new_client_id)
        ProblemSolution.objects.filter(session_id__in=session_ids).update(client_id=new_client_id)
        Task.objects.filter(project=project, client_id=old_client_id).update(
            client_id=new_client_id
        )
        project_moved.send(sender=Project, project=project, old_client_id=old_client_id)
