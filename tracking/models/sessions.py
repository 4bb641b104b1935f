"""Work sessions (one sitting of a technician, or one Claude Code session) and the work
items they break into."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from taggit.managers import TaggableManager

from msp.models import Client, Infrastructure
from msp.models.base import BaseModel, NotesMixin
from msp.models.checks import unique_error
from tracking.models.choices import Priority, WorkCategory
from tracking.models.machines import Machine
from tracking.models.projects import Project
from tracking.models.tags import TaggedItem

MAX_MINUTES = 60 * 24 * 366


def end_not_before_start(start, end, field: str = "ended_at") -> dict[str, ValidationError]:
    if start and end and end < start:
        return {
            field: ValidationError("The end cannot be before the start.", code="end_before_start")
        }
    return {}


def client_of_project_error(client_id, project: Project | None) -> dict[str, ValidationError]:
    if project is not None and project.client_id and client_id and project.client_id != client_id:
        return {
            "project": ValidationError(
                "This project belongs to another client.", code="other_client"
            )
        }
    return {}


class SessionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    ABANDONED = "abandoned", "Abandoned"


class WorkSession(BaseModel, NotesMixin):
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="work_sessions"
    )
    machine = models.ForeignKey(
        Machine, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_sessions",
        help_text="Blank takes the project's client.",
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    title = models.CharField(max_length=300)
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.ACTIVE
    )
    summary = models.TextField(blank=True)
    is_billable = models.BooleanField(default=True)
    claude_session_id = models.CharField(
        max_length=128,
        unique=True,
        null=True,
        blank=True,
        help_text="Claude Code session id; unique when set (hooks key on it).",
    )
    ticket_reference = models.CharField(max_length=100, blank=True)
    tags = TaggableManager(through=TaggedItem, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        self.title = (self.title or "").strip()
        # "" would collide with the next blank id under the unique constraint.
        self.claude_session_id = (self.claude_session_id or "").strip() or None
        if self.client_id is None and self.project is not None and self.project.client_id:
            self.client_id = self.project.client_id
        if self.status == SessionStatus.COMPLETED and self.ended_at is None:
            self.ended_at = timezone.now()
        errors = end_not_before_start(self.started_at, self.ended_at)
        errors |= client_of_project_error(self.client_id, self.project)
        if self.claude_session_id:
            errors |= unique_error(
                self,
                "claude_session_id",
                WorkSession.objects.filter(claude_session_id=self.claude_session_id),
                "Another session already has this Claude session id.",
            )
        if errors:
            raise ValidationError(errors)


class WorkItemStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    IN_PROGRESS = "in_progress", "In progress"
    BLOCKED = "blocked", "Blocked"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class WorkItem(BaseModel, NotesMixin):
    session = models.ForeignKey(WorkSession, on_delete=models.CASCADE, related_name="work_items")
    category = models.CharField(
        max_length=20, choices=WorkCategory.choices, default=WorkCategory.OTHER
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=WorkItemStatus.choices, default=WorkItemStatus.COMPLETED
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    is_billable = models.BooleanField(default=True)
    estimated_minutes = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_MINUTES)]
    )
    actual_minutes = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_MINUTES)]
    )
    affected_infrastructure = models.ManyToManyField(
        Infrastructure, blank=True, related_name="work_items"
    )
    order = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(1_000_000)])
    completed_at = models.DateTimeField(null=True, blank=True)
    tags = TaggableManager(through=TaggedItem, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["session", "order", "created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        self.title = (self.title or "").strip()
        if self.status == WorkItemStatus.COMPLETED:
            if self.completed_at is None:
                self.completed_at = timezone.now()
        else:
            self.completed_at = None

    def clean_m2m(self, affected_infrastructure=None, **_ignored) -> None:
        """Affected assets must be the session's client's."""
        if not affected_infrastructure or self.session_id is None:
            return
        client_id = self.session.client_id
        foreign = [
            asset.hostname for asset in affected_infrastructure if asset.client_id != client_id
        ]
        if foreign:
            raise ValidationError(
                {
                    "affected_infrastructure": ValidationError(
                        "Not assets of the session's client: %(hosts)s.",
                        code="other_client",
                        params={"hosts": ", ".join(foreign)},
                    )
                }
            )
