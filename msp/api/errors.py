"""The one JSON shape of every error under /api/: ``{"detail", "code", "errors"?}``."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

# What a 503 (database unreachable) tells clients to wait before retrying.
RETRY_AFTER_SECONDS = 5

# Exceptions that are not DRF's own but have an obvious status.
STATUS_TEXT = {
    400: ("Bad request.", "bad_request"),
    401: ("Authentication credentials were not provided.", "not_authenticated"),
    403: ("You do not have permission to perform this action.", "permission_denied"),
    404: ("Not found.", "not_found"),
    405: ("Method not allowed.", "method_not_allowed"),
    409: ("Conflict.", "conflict"),
    413: ("Request body too large.", "request_too_large"),
    415: ("Unsupported media type.", "unsupported_media_type"),
    429: ("Request was throttled.", "throttled"),
    500: ("Internal server error.", "server_error"),
    503: (
        "Service temporarily unavailable: the database cannot be reached.",
        "database_unavailable",
    ),
}


def error_body(
    status: int, detail: str | None = None, code: str | None = None, errors: Any = None
) -> dict[str, Any]:
    default_detail, default_code = STATUS_TEXT.get(status, ("Error.", "error"))
    body: dict[str, Any] = {"detail": detail or default_detail, "code": code or default_code}
    if errors is not None:
        body["errors"] = errors
    return body


def json_error(
    status: int,
    detail: str | None = None,
    code: str | None = None,
    errors: Any = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    response = JsonResponse(error_body(status, detail, code, errors), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def database_unavailable() -> JsonResponse:
    return json_error(503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def is_api_path(path: str) -> bool:
    from django.conf import settings

    return path.startswith(settings.API_PREFIX)
