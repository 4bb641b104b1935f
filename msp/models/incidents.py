"""Security incidents at clients."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from msp.models.base import BaseModel, NotesMixin
from msp.models.checks import same_client_error
from msp.models.clients import Client
from msp.models.infrastructure import Infrastructure, Service


class IncidentType(models.TextChoices):
    MALWARE = "malware", "Malware"
    RANSOMWARE = "ransomware", "Ransomware"
    PHISHING = "phishing", "Phishing"
    ACCOUNT_COMPROMISE = "account_compromise", "Account compromise / BEC"
    UNAUTHORIZED_ACCESS = "unauthorized_access", "Unauthorized access"
    DATA_BREACH = "data_breach", "Data breach / leak"
    DENIAL_OF_SERVICE = "denial_of_service", "Denial of service"
    VULNERABILITY = "vulnerability", "Exploited vulnerability"
    LOST_DEVICE = "lost_device", "Lost or stolen device"
    POLICY_VIOLATION = "policy_violation", "Policy violation"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    INVESTIGATING = "investigating", "Investigating"
    CONTAINED = "contained", "Contained"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    FALSE_POSITIVE = "false_positive", "False positive"


DONE_STATUSES = {IncidentStatus.RESOLVED, IncidentStatus.CLOSED, IncidentStatus.FALSE_POSITIVE}


class SecurityIncident(BaseModel, NotesMixin):
    """A security incident at a client, optionally tied to one asset and/or service.

    Setting a done status (resolved, closed, false positive) without ``resolved_at`` stamps
    the current time; ``resolved_at`` may never precede ``detected_at``.
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="security_incidents")
    infrastructure = models.ForeignKey(
        Infrastructure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_incidents",
    )
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="security_incidents"
    )
    title = models.CharField(max_length=300)
    incident_type = models.CharField(
        max_length=30, choices=IncidentType.choices, default=IncidentType.OTHER
    )
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(
        max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    detected_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    findings = models.TextField(blank=True)
    remediation = models.TextField(blank=True)
    reported_by = models.CharField(
        max_length=200, blank=True, help_text="Who or what raised it: a person, an EDR alert, ..."
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The technician handling it.",
    )

    class Meta(BaseModel.Meta):
        ordering = ["-detected_at"]

    def __str__(self) -> str:
        return f"[{self.get_severity_display()}] {self.title}"

    def clean(self) -> None:
        super().clean()
        if self.status in DONE_STATUSES and self.resolved_at is None:
            self.resolved_at = timezone.now()
        errors: dict = {}
        if self.resolved_at and self.detected_at and self.resolved_at < self.detected_at:
            errors["resolved_at"] = ValidationError(
                "Resolved at cannot be before detected at.", code="resolved_before_detected"
            )
        if self.client_id is not None:
            errors |= same_client_error(
                self, "infrastructure", self.infrastructure, self.client_id, "asset"
            )
            errors |= same_client_error(self, "service", self.service, self.client_id, "service")
        if (
            "infrastructure" not in errors
            and "service" not in errors
            and self.service
            and self.infrastructure
            and self.service.infrastructure_id != self.infrastructure_id
        ):
            errors["service"] = ValidationError(
                "This service runs on another asset.", code="other_asset"
            )
        if errors:
            raise ValidationError(errors)
