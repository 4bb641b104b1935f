"""Writes to the audit trails. Every app may call these; they call no other app.

``record`` raises when the event cannot be written: a caller about to do something that
must be audited (reveal a credential) should not go ahead unaudited.

Events share the caller's transaction. Inside one, the event and the change stand or
fall together, and the chain's lock is held until it commits (so record late in it). An
event about a failure that is then raised out of an atomic block (a decrypt failure, a
denied permission) is rolled back with it: record such events outside the block.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from audit.appending import append
from audit.client_ip import client_ip, normalize_ip
from audit.models import ApiRequestLog, AuditEvent, AuthKind
from audit.redactor import clean_text, redact_details, redact_text, truncate
from audit.request_context import get_identity, get_request_id, http_request


def _text(value: Any, limit: int) -> str:
    return truncate(clean_text("" if value is None else str(value)), limit)


def _optional_text(value: Any, limit: int) -> str | None:
    return None if value is None else _text(value, limit)


def _actor(actor: Any, request: Any) -> tuple[str | None, str]:
    pk = getattr(actor, "pk", None)
    if pk is not None and getattr(actor, "is_authenticated", True):
        username = actor.get_username() if hasattr(actor, "get_username") else str(actor)
        return _text(pk, 64), _text(username, 150)
    # No actor given: whoever the request authenticated as, if anyone.
    identity = get_identity(request)
    if identity and identity[0] is not None:
        return _text(identity[0], 64), ""
    return None, ""


def _target(target: Any) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    meta = getattr(target, "_meta", None)
    target_type = meta.label_lower if meta is not None else type(target).__name__
    target_id = getattr(target, "pk", None)
    return (
        _text(target_type, 100),
        _text("" if target_id is None else target_id, 64),
        redact_text(clean_text(str(target)), 200),
    )


def record(
    event_type: str,
    *,
    actor: Any = None,
    target: Any = None,
    details: dict[str, Any] | None = None,
    request: Any = None,
) -> AuditEvent:
    """Append a security event to the tamper-evident trail.

    ``actor``: a user, or None (then the request's authenticated identity, if any).
    ``target``: any model instance, stored as ``app_label.model_name`` + pk + str().
    ``details``: JSON-able; every string in it is redacted. ``request``: a Django or DRF
    request, for the client IP and the request id that ties the event to its API call.
    """
    req = http_request(request) if request is not None else None
    actor_id, actor_repr = _actor(actor, req)
    target_type, target_id, target_repr = _target(target)
    return append(
        AuditEvent,
        {
            "timestamp": timezone.now(),
            "event_type": _text(event_type, 64),
            "actor_id": actor_id,
            "actor_repr": actor_repr,
            "ip_address": client_ip(req),
            "target_type": target_type,
            "target_id": target_id,
            "target_repr": target_repr,
            "details": redact_details(details or {}),
            "request_id": get_request_id(req),
        },
    )


def api_request_record(
    *,
    timestamp: datetime,
    request_id: str,
    user_id: Any,
    auth_kind: str,
    endpoint: str,
    http_method: str,
    ip_address: Any,
    user_agent: str,
    request_body: str,
    response_status: int,
    response_time_ms: float,
    error_message: str,
) -> dict[str, Any]:
    """The fields of an ``ApiRequestLog`` row: redacted, truncated, database-safe.

    Pure (no database), so that the caller still holds a redacted record to log if the
    write fails.
    """
    limit = settings.AUDIT_BODY_MAX_CHARS
    return {
        "timestamp": timestamp,
        "request_id": _text(request_id, 64),
        "user_id": _optional_text(user_id, 64),
        "auth_kind": _text(auth_kind or AuthKind.ANONYMOUS, 16),
        "endpoint": redact_text(_text(endpoint, 4096), 512),
        "http_method": _text(http_method, 16),
        "ip_address": normalize_ip(ip_address),
        "user_agent": redact_text(_text(user_agent, 4096), 512),
        "request_body": redact_text(request_body, limit),
        "response_status": int(response_status),
        "response_time_ms": round(float(response_time_ms), 3),
        "error_message": redact_text(error_message, limit),
    }


def log_api_request(fields: dict[str, Any]) -> ApiRequestLog:
    """Append an ``api_request_record`` to the request log."""
    return append(ApiRequestLog, fields)
