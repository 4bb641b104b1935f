"""Reads of the vault's history: a credential's activity from the audit trail.

The trail is the record (HMAC-chained, written by :mod:`msp.services.vault`); this reads
it for one credential, for anyone who may see that credential, so that a technician
learns who revealed a secret without the audit pages, which are staff-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit.models import AuditEvent
from msp.models import Credential
from msp.models.credentials import CREDENTIAL_MODEL_LABEL
from msp.scoping import can_see

ACTIVITY_EVENTS = (
    "credential.created",
    "credential.updated",
    "credential.reveal",
    "credential.decrypt_failed",
    "permission.denied",
)
ACTIVITY_LIMIT = 50

LABELS = {
    "credential.created": "created",
    "credential.updated": "changed",
    "credential.reveal": "revealed",
    "credential.decrypt_failed": "decryption failed",
    "permission.denied": "reveal refused",
}


@dataclass
class ActivityEntry:
    event: AuditEvent

    @property
    def label(self) -> str:
        return LABELS.get(self.event.event_type, self.event.event_type)

    @property
    def actor(self) -> str:
        return self.event.actor_repr or ("system" if not self.event.actor_id else "unknown user")

    @property
    def what(self) -> str:
        """The fields concerned, by name: never a value (the trail holds none)."""
        details = self.event.details or {}
        kind = self.event.event_type
        if kind in ("credential.created", "credential.updated"):
            parts = []
            if details.get("fields"):
                parts.append("fields: " + ", ".join(details["fields"]))
            if details.get("secrets_set"):
                parts.append("secrets set: " + ", ".join(details["secrets_set"]))
            if details.get("secrets_cleared"):
                parts.append("secrets cleared: " + ", ".join(details["secrets_cleared"]))
            return "; ".join(parts) or "no field changed"
        if kind == "credential.reveal":
            via = f" (via {details['via']})" if details.get("via") else ""
            return ", ".join(details.get("fields") or []) + via
        if kind == "credential.decrypt_failed":
            key = f", key {details['key_id']}" if details.get("key_id") else ""
            return f"{details.get('field', '?')}: {details.get('reason', '?')}{key}"
        if kind == "permission.denied":
            return f"no permission {details.get('permission', '')}".strip()
        return ""

    @property
    def is_alert(self) -> bool:
        return self.event.event_type in ("credential.decrypt_failed", "permission.denied")


def credential_activity(
    credential: Credential, user: Any, limit: int = ACTIVITY_LIMIT
) -> list[ActivityEntry]:
    """The newest ``limit`` vault events of ``credential``, if ``user`` may see it."""
    if credential.pk is None or not can_see(user, credential):
        return []
    events = AuditEvent.objects.filter(
        target_type=CREDENTIAL_MODEL_LABEL,
        target_id=str(credential.pk),
        event_type__in=ACTIVITY_EVENTS,
    ).order_by("-seq")[:limit]
    return [ActivityEntry(event) for event in events]
