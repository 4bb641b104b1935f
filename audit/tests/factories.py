"""Audit rows for tests, written through the real append path."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from audit.appending import append
from audit.models import ApiRequestLog, AuditEvent
from audit.services import api_request_record, log_api_request


def make_event(
    event_type: str = "test.event", *, timestamp: datetime | None = None, **fields
) -> AuditEvent:
    return append(
        AuditEvent, {"timestamp": timestamp or timezone.now(), "event_type": event_type, **fields}
    )


def make_request_log(*, timestamp: datetime | None = None, **overrides) -> ApiRequestLog:
    raw = {
        "timestamp": timestamp or timezone.now(),
        "request_id": "req-1",
        "user_id": None,
        "auth_kind": "anonymous",
        "endpoint": "/api/v1/things/",
        "http_method": "GET",
        "ip_address": "192.0.2.1",
        "user_agent": "pytest",
        "request_body": "",
        "response_status": 200,
        "response_time_ms": 1.5,
        "error_message": "",
    }
    raw.update(overrides)
    return log_api_request(api_request_record(**raw))
