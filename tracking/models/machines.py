"""Machines technicians work on (laptops, jump hosts), identified by a stable fingerprint
that the Claude Code hook computes on the machine."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from msp.models.base import BaseModel, NotesMixin
from msp.models.checks import unique_error

MAX_WORKING_DIRECTORIES = 200
MAX_TOOLS = 500


class Platform(models.TextChoices):
    LINUX = "linux", "Linux"
    MACOS = "macos", "macOS"
    WINDOWS = "windows", "Windows"
    WSL = "wsl", "Windows (WSL)"
    OTHER = "other", "Other"


def validate_working_directories(value) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        raise ValidationError("Enter a list of directory paths.", code="invalid")
    if len(value) > MAX_WORKING_DIRECTORIES:
        raise ValidationError("Too many working directories.", code="too_many")


def validate_installed_tools(value) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and key.strip() and isinstance(version, str)
        for key, version in value.items()
    ):
        raise ValidationError(
            'Enter an object of tool name to version, e.g. {"git": "2.43.0"}.', code="invalid"
        )
    if len(value) > MAX_TOOLS:
        raise ValidationError("Too many tools.", code="too_many")


class Machine(BaseModel, NotesMixin):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tracking_machines"
    )
    hostname = models.CharField(max_length=253)
    fingerprint = models.CharField(
        max_length=128,
        unique=True,
        help_text="Stable machine id computed by the hook client (e.g. a hash of the OS id).",
    )
    platform = models.CharField(max_length=10, choices=Platform.choices, default=Platform.LINUX)
    os_version = models.CharField(max_length=100, blank=True)
    username = models.CharField(max_length=150, blank=True, help_text="Login on the machine.")
    working_directories = models.JSONField(
        default=list, blank=True, validators=[validate_working_directories]
    )
    installed_tools = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_installed_tools],
        help_text='{"tool": "version"}',
    )
    last_seen_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta(BaseModel.Meta):
        ordering = ["hostname"]

    def __str__(self) -> str:
        return self.hostname

    def clean(self) -> None:
        super().clean()
        self.hostname = (self.hostname or "").strip()
        self.fingerprint = (self.fingerprint or "").strip()
        errors = unique_error(
            self,
            "fingerprint",
            Machine.objects.filter(fingerprint=self.fingerprint),
            "A machine with this fingerprint already exists.",
        )
        if errors:
            raise ValidationError(errors)
