"""The task list: to-dos of a client and/or project, with subtasks and blockers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from msp.models import Client
from msp.models.base import BaseModel, NotesMixin
from tracking.models.choices import Priority
from tracking.models.projects import Project
from tracking.models.sessions import WorkSession, client_of_project_error

# A parent chain longer than this is treated as a cycle.
MAX_TASK_DEPTH = 32


class TaskStatus(models.TextChoices):
    TODO = "todo", "To do"
    IN_PROGRESS = "in_progress", "In progress"
    BLOCKED = "blocked", "Blocked"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Task(BaseModel, NotesMixin):
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        help_text="Blank takes the project's, parent's or origin session's client.",
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    origin_session = models.ForeignKey(
        WorkSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        help_text="The session the task came up in.",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="subtasks"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracking_tasks",
    )
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    due_date = models.DateField(null=True, blank=True, db_index=True)
    blocked_reason = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["status", "due_date", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        self.title = (self.title or "").strip()
        self.blocked_reason = (self.blocked_reason or "").strip()
        if self.client_id is None:
            for source in (self.project, self.parent, self.origin_session):
                if source is not None and source.client_id:
                    self.client_id = source.client_id
                    break
        if self.status == TaskStatus.DONE:
            if self.completed_at is None:
                self.completed_at = timezone.now()
        else:
            self.completed_at = None
        errors = client_of_project_error(self.client_id, self.project)
        if self.status == TaskStatus.BLOCKED and not self.blocked_reason:
            errors["blocked_reason"] = ValidationError("Say what blocks the task.", code="required")
        for field, related, what in (
            ("parent", self.parent, "parent task"),
            ("origin_session", self.origin_session, "session"),
        ):
            if (
                related is not None
                and related.client_id
                and self.client_id
                and related.client_id != self.client_id
            ):
                errors[field] = ValidationError(
                    "This %(what)s belongs to another client.",
                    code="other_client",
                    params={"what": what},
                )
        if self.parent is not None and "parent" not in errors and self._parent_cycle():
            errors["parent"] = ValidationError("A task cannot be its own ancestor.", code="cycle")
        if errors:
            raise ValidationError(errors)

    def _parent_cycle(self) -> bool:
        node, depth = self.parent, 0
        while node is not None:
            if node.pk == self.pk or depth > MAX_TASK_DEPTH:
                return True
            node, depth = node.parent, depth + 1
        return False
