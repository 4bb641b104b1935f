"""Projects (optionally of one client) and where they are checked out on each machine."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from msp.models import Client
from msp.models.base import BaseModel, NotesMixin
from msp.models.checks import unique_error
from tracking.models.machines import Machine
from tracking.repository_urls import InvalidRepositoryURL, normalize_repository_url


class ProjectStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"
    ARCHIVED = "archived", "Archived"


class Project(BaseModel, NotesMixin):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    status = models.CharField(
        max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    description = models.TextField(blank=True)
    repository_url = models.CharField(
        max_length=500, blank=True, help_text="git remote URL (any spelling: ssh, https, scp)."
    )
    repository_key = models.CharField(
        max_length=300,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Normalised repository_url (host/path); unique.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    estimated_hours = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta(BaseModel.Meta):
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.name = (self.name or "").strip()
        self.repository_url = (self.repository_url or "").strip()
        errors: dict = {}
        self.repository_key = None
        if self.repository_url:
            try:
                self.repository_key = normalize_repository_url(self.repository_url)
            except InvalidRepositoryURL as exc:
                errors["repository_url"] = ValidationError(str(exc), code="invalid")
        if self.repository_key:
            errors |= unique_error(
                self,
                "repository_url",
                Project.objects.filter(repository_key=self.repository_key),
                "Another project already uses this repository.",
            )
        errors |= unique_error(
            self, "slug", Project.objects.filter(slug=self.slug), "This slug is taken."
        )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(
                "End date cannot be before start date.", code="end_before_start"
            )
        if errors:
            raise ValidationError(errors)


class ProjectPath(BaseModel):
    """Where a project lives on one machine (the hook resolves cwd -> project with it)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="paths")
    machine = models.ForeignKey(Machine, on_delete=models.CASCADE, related_name="project_paths")
    # 700 characters keeps the (machine, path) unique index inside MariaDB's 3072-byte key.
    path = models.CharField(max_length=700)

    class Meta(BaseModel.Meta):
        ordering = ["machine__hostname", "path"]
        constraints = [
            models.UniqueConstraint(
                fields=["machine", "path"], name="tracking_projectpath_machine_path_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.machine}:{self.path}"

    def clean(self) -> None:
        super().clean()
        self.path = (self.path or "").strip()
        if len(self.path) > 1 and self.path.endswith(("/", "\\")):
            self.path = self.path.rstrip("/\\") or self.path
        if self.machine_id is None:
            return
        errors = unique_error(
            self,
            "path",
            ProjectPath.objects.filter(machine_id=self.machine_id, path=self.path),
            "This path on this machine already belongs to a project.",
        )
        if errors:
            raise ValidationError(errors)
