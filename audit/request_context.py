"""Per-request audit facts, kept on the Django ``HttpRequest`` itself (no thread-locals).

DRF authenticates lazily, on its own ``Request`` wrapper, after every middleware has
run; an authentication class calls ``set_identity`` so that the audit middleware, which
only holds the ``HttpRequest``, can tell afterwards who made the request and how.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

_REQUEST_ID = "_audit_request_id"
_IDENTITY = "_audit_identity"


def http_request(request: Any) -> HttpRequest:
    """The ``HttpRequest`` behind a DRF ``Request`` (or the request itself)."""
    return getattr(request, "_request", request)


def set_request_id(request: Any, request_id: str) -> None:
    setattr(http_request(request), _REQUEST_ID, request_id)


def get_request_id(request: Any) -> str:
    """The id the audit middleware gave this request; "" outside audited paths."""
    if request is None:
        return ""
    return getattr(http_request(request), _REQUEST_ID, "")


def set_identity(request: Any, user_id: Any, auth_kind: str) -> None:
    """Record who the request authenticated as (``user_id`` is the user's pk)."""
    setattr(
        http_request(request), _IDENTITY, (None if user_id is None else str(user_id), auth_kind)
    )


def get_identity(request: Any) -> tuple[str | None, str] | None:
    """``(user_id, auth_kind)`` from ``set_identity``, or None if it was never called."""
    if request is None:
        return None
    return getattr(http_request(request), _IDENTITY, None)
