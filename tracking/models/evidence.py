"""Work evidence: commands run, files changed, problems solved and infrastructure changed.
Problem solutions are the recallable knowledge (symptom -> root cause -> resolution)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from taggit.managers import TaggableManager

from msp.models import Client, Infrastructure
from msp.models.base import BaseModel, NotesMixin
from msp.redaction import redact
from tracking.models.machines import Machine
from tracking.models.sessions import WorkItem, WorkSession
from tracking.models.tags import TaggedItem

OUTPUT_EXCERPT_MAX = 20_000


def work_item_session_error(instance) -> dict[str, ValidationError]:
    """A work item named next to a session must be one of that session's."""
    if instance.work_item_id and instance.session_id is None:
        instance.session_id = instance.work_item.session_id
    if instance.work_item_id and instance.work_item.session_id != instance.session_id:
        return {
            "work_item": ValidationError(
                "This work item belongs to another session.", code="other_session"
            )
        }
    return {}


class CommandRun(BaseModel):
    session = models.ForeignKey(WorkSession, on_delete=models.CASCADE, related_name="commands")
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="commands"
    )
    machine = models.ForeignKey(
        Machine, on_delete=models.SET_NULL, null=True, blank=True, related_name="commands"
    )
    command = models.TextField(help_text="Stored redacted (secrets replaced by markers).")
    working_directory = models.CharField(max_length=1000, blank=True)
    exit_code = models.IntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-(2**31)), MaxValueValidator(2**31 - 1)],
    )
    output_excerpt = models.TextField(
        blank=True, help_text="Stored redacted and cut to 20,000 characters."
    )
    duration_ms = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(2**31 - 1)]
    )
    ran_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta(BaseModel.Meta):
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return self.command[:80]

    def clean(self) -> None:
        super().clean()
        # Redact before cutting: a cut could split a secret so that no rule recognises it.
        self.command = redact(self.command or "")
        self.output_excerpt = redact(self.output_excerpt or "")[:OUTPUT_EXCERPT_MAX]
        errors = work_item_session_error(self)
        if errors:
            raise ValidationError(errors)


class ChangeType(models.TextChoices):
    CREATED = "created", "Created"
    MODIFIED = "modified", "Modified"
    DELETED = "deleted", "Deleted"
    RENAMED = "renamed", "Renamed"


class FileChange(BaseModel):
    session = models.ForeignKey(WorkSession, on_delete=models.CASCADE, related_name="file_changes")
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="file_changes"
    )
    machine = models.ForeignKey(
        Machine, on_delete=models.SET_NULL, null=True, blank=True, related_name="file_changes"
    )
    path = models.CharField(max_length=1000)
    change_type = models.CharField(
        max_length=10, choices=ChangeType.choices, default=ChangeType.MODIFIED
    )
    previous_path = models.CharField(max_length=1000, blank=True, help_text="For renames.")
    summary = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta(BaseModel.Meta):
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.change_type} {self.path}"

    def clean(self) -> None:
        super().clean()
        self.path = (self.path or "").strip()
        self.summary = redact(self.summary or "")
        errors = work_item_session_error(self)
        if self.change_type == ChangeType.RENAMED and not self.previous_path.strip():
            errors["previous_path"] = ValidationError(
                "A rename needs the previous path.", code="required"
            )
        if errors:
            raise ValidationError(errors)


class ProblemSolution(BaseModel, NotesMixin):
    session = models.ForeignKey(
        WorkSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem_solutions",
    )
    work_item = models.ForeignKey(
        WorkItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem_solutions",
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problem_solutions",
        help_text="Blank takes the session's or the asset's client.",
    )
    infrastructure = models.ForeignKey(
        Infrastructure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem_solutions",
    )
    title = models.CharField(max_length=300)
    symptom = models.TextField()
    root_cause = models.TextField(blank=True)
    resolution = models.TextField()
    verification = models.TextField(blank=True, help_text="How the fix was shown to work.")
    solved_at = models.DateTimeField(default=timezone.now, db_index=True)
    tags = TaggableManager(through=TaggedItem, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["-solved_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        self.title = (self.title or "").strip()
        for name in ("symptom", "root_cause", "resolution", "verification"):
            setattr(self, name, redact(getattr(self, name) or ""))
        errors = work_item_session_error(self)
        if self.client_id is None:
            if self.session_id and self.session.client_id:
                self.client_id = self.session.client_id
            elif self.infrastructure_id:
                self.client_id = self.infrastructure.client_id
        if self.session_id and self.session.client_id and self.session.client_id != self.client_id:
            errors["session"] = ValidationError(
                "This session belongs to another client.", code="other_client"
            )
        if self.infrastructure_id and self.infrastructure.client_id != self.client_id:
            errors["infrastructure"] = ValidationError(
                "This asset belongs to another client.", code="other_client"
            )
        if errors:
            raise ValidationError(errors)


class InfrastructureChangeType(models.TextChoices):
    CONFIGURATION = "configuration", "Configuration"
    INSTALLATION = "installation", "Installation"
    UPDATE = "update", "Update / patch"
    REMOVAL = "removal", "Removal"
    HARDWARE = "hardware", "Hardware"
    NETWORK = "network", "Network / firewall"
    PERMISSIONS = "permissions", "Accounts / permissions"
    OTHER = "other", "Other"


class InfrastructureChange(BaseModel, NotesMixin):
    session = models.ForeignKey(
        WorkSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="infrastructure_changes",
    )
    work_item = models.ForeignKey(
        WorkItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="infrastructure_changes",
    )
    infrastructure = models.ForeignKey(
        Infrastructure, on_delete=models.PROTECT, related_name="changes"
    )
    change_type = models.CharField(
        max_length=20,
        choices=InfrastructureChangeType.choices,
        default=InfrastructureChangeType.CONFIGURATION,
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    before_state = models.TextField(blank=True)
    after_state = models.TextField(blank=True)
    rollback_plan = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    verified = models.BooleanField(default=False)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def client_id(self):
        return self.infrastructure.client_id if self.infrastructure_id else None

    def clean(self) -> None:
        super().clean()
        self.title = (self.title or "").strip()
        for name in ("before_state", "after_state", "rollback_plan", "description"):
            setattr(self, name, redact(getattr(self, name) or ""))
        if self.verified:
            self.verified_at = self.verified_at or timezone.now()
        else:
            self.verified_at = None
        errors = work_item_session_error(self)
        if (
            self.session_id
            and self.infrastructure_id
            and self.session.client_id
            and self.session.client_id != self.infrastructure.client_id
        ):
            errors["infrastructure"] = ValidationError(
                "This asset belongs to another client than the session's.", code="other_client"
            )
        if self.verified_at and self.changed_at and self.verified_at < self.changed_at:
            errors["verified_at"] = ValidationError(
                "Verified at cannot be before the change.", code="verified_before_change"
            )
        if errors:
            raise ValidationError(errors)
