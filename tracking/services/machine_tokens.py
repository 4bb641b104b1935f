"""Machine tokens, writes and reads: register a machine, issue, authenticate, revoke."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import record
from tracking.machine_jwt import MACHINE_CLAIM, MachineAccessToken
from tracking.models import Machine
from tracking.models.tokens import MachineToken

# last_seen_at / last_used_at are written at most this often per token: one UPDATE a
# minute instead of one per hook call.
TOUCH_INTERVAL = timedelta(seconds=60)

MACHINE_FIELDS = ("hostname", "platform", "os_version", "username")
MANAGE_PERMISSION = "tracking.manage_machine_tokens"


@dataclass(frozen=True)
class IssuedMachineToken:
    row: MachineToken
    token: str


@dataclass(frozen=True)
class MachineAuth:
    """What ``request.auth`` holds for a machine-token request."""

    token: MachineToken
    scope: str = "machine"

    @property
    def machine(self) -> Machine:
        return self.token.machine


def register_machine(*, user: Any, fingerprint: str, **fields: Any) -> Machine:
    """The machine with this fingerprint, created or updated (hostname, platform...)."""
    # Imported here: this module is loaded while DRF reads its settings (authentication
    # classes), before rest_framework.views, which msp.api.exceptions needs, can load.
    from msp.api.exceptions import Conflict

    fingerprint = (fingerprint or "").strip()
    machine = Machine.objects.select_for_update().filter(fingerprint=fingerprint).first()
    if machine is None:
        machine = Machine(owner=user, fingerprint=fingerprint)
    elif machine.owner_id != user.pk and not user.has_perm(MANAGE_PERMISSION):
        raise Conflict("This machine is registered to another technician.")
    for name in MACHINE_FIELDS:
        value = fields.get(name)
        if value not in (None, ""):
            setattr(machine, name, value)
    machine.is_active = True
    machine.save()
    return machine


def issue_machine_token(
    *, user: Any, fingerprint: str, name: str = "", request: Any = None, **machine_fields: Any
) -> IssuedMachineToken:
    with transaction.atomic():
        machine = register_machine(user=user, fingerprint=fingerprint, **machine_fields)
        now = timezone.now()
        row = MachineToken.objects.create(
            machine=machine,
            user=user,
            name=name,
            expires_at=now + timedelta(days=settings.MSP_MACHINE_TOKEN_DAYS),
        )
        token = MachineAccessToken()
        token["jti"] = str(row.pk)
        token[settings.SIMPLE_JWT["USER_ID_CLAIM"]] = str(user.pk)
        token[MACHINE_CLAIM] = str(machine.pk)
        token.set_exp(from_time=now, lifetime=row.expires_at - now)
        record(
            "auth.token_issued",
            actor=user,
            target=row,
            details={"kind": "machine", "machine": machine.hostname, "name": name},
            request=request,
        )
    return IssuedMachineToken(row=row, token=str(token))


def revoke_machine_token(row: MachineToken, *, actor: Any = None, request: Any = None) -> bool:
    """Revoke ``row``; False if it was revoked already. Takes effect on the next request."""
    with transaction.atomic():
        updated = MachineToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            record(
                "auth.token_revoked",
                actor=actor,
                target=row,
                details={"kind": "machine", "machine": row.machine.hostname},
                request=request,
            )
    row.refresh_from_db(fields=["revoked_at"])
    return bool(updated)


def active_machine_token(token_id: Any, machine_id: Any) -> MachineToken | None:
    """The token row behind a valid signature, if it still grants access."""
    row = (
        MachineToken.objects.select_related("machine", "user")
        .filter(pk=token_id, machine_id=machine_id, revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active or not row.machine.is_active:
        return None
    return row


def touch(row: MachineToken) -> None:
    """Record use, cheaply: at most one UPDATE per token and minute."""
    now = timezone.now()
    stale = now - TOUCH_INTERVAL
    if row.last_used_at is not None and row.last_used_at > stale:
        return
    MachineToken.objects.filter(pk=row.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    ).update(last_used_at=now)
    Machine.objects.filter(pk=row.machine_id).filter(
        Q(last_seen_at__isnull=True) | Q(last_seen_at__lte=stale)
    ).update(last_seen_at=now)
    row.last_used_at = now


def decode_machine_token(raw: str) -> MachineAccessToken:
    """Validates signature, audience, issuer, expiry and type; raises TokenError."""
    return MachineAccessToken(raw)


def visible_machine_tokens(user: Any):
    """Technicians see their own tokens; token managers see every one. Being staff is
    not enough: every technician who uses the admin is staff."""
    queryset = MachineToken.objects.select_related("machine", "user")
    if user.has_perm(MANAGE_PERMISSION):
        return queryset
    return queryset.filter(user=user)
