"""Machine tokens: long-lived, revocable API tokens bound to one machine, for hooks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from msp.models.base import BaseModel
from tracking.models.machines import Machine


class MachineToken(BaseModel):
    """One issued machine token. The token itself is never stored: its ``jti`` claim is
    this row's id, so revoking the row refuses the token on its next request."""

    machine = models.ForeignKey(Machine, on_delete=models.CASCADE, related_name="tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="machine_tokens"
    )
    name = models.CharField(max_length=100, blank=True, help_text="e.g. 'claude-code hooks'")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["-created_at"]
        permissions = [("manage_machine_tokens", "Can list and revoke every machine token")]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"{self.machine} / {self.user} ({state})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
