"""Request log of every API call: who, what, from where, how it ended."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed, RequestDataTooBig
from django.http import HttpRequest, HttpResponseBase
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from audit.client_ip import client_ip
from audit.models import AuthKind
from audit.request_context import get_identity, set_request_id
from audit.services import api_request_record, log_api_request
from msp.db_errors import close_connections_after

logger = logging.getLogger("audit")

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Error bodies larger than this are not parsed for their "detail".
_MAX_ERROR_BODY = 64 * 1024


def _request_id(incoming: str | None) -> str:
    # A caller's id is kept so that its logs and ours can be joined, but only if it is
    # harmless in a header, a log line and a database column.
    if incoming and _VALID_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _read_body(request: HttpRequest) -> str:
    """The body as text, read now so that later readers (DRF) get it from memory."""
    raw_length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw_length)
    except ValueError:
        return "[body not recorded: invalid Content-Length]"
    if length <= 0:
        return ""
    if length > settings.MSP_MAX_BODY_BYTES:
        # Not read at all: the body limit middleware answers 413 without reading either.
        return f"[body not recorded: {length} bytes]"
    try:
        body = request.body
    except RequestDataTooBig:
        return f"[body not recorded: {length} bytes]"
    except (OSError, RawPostDataException) as exc:
        return f"[body not recorded: {type(exc).__name__}]"
    encoding = request.META.get("HTTP_CONTENT_ENCODING", "").strip().lower()
    if encoding and encoding != "identity":
        # Compressed bytes decoded as text would be noise (and unredactable).
        return f"[{encoding} body, {len(body)} bytes]"
    return body.decode("utf-8", "replace")


def _error_message(response: HttpResponseBase) -> str:
    if response.status_code < 400:
        return ""
    data: Any = getattr(response, "data", None)  # a DRF Response, before rendering
    if (
        data is None
        and not response.streaming
        and response.get("Content-Type", "").startswith("application/json")
    ):
        content = response.content
        if len(content) <= _MAX_ERROR_BODY:
            try:
                data = json.loads(content)
            except ValueError:
                data = None
    if isinstance(data, dict):
        message = str(data.get("detail", ""))
        if data.get("errors"):
            message = f"{message} {json.dumps(data['errors'], ensure_ascii=False, default=str)}"
        return message.strip() or json.dumps(data, ensure_ascii=False, default=str)
    if isinstance(data, list):
        return json.dumps(data, ensure_ascii=False, default=str)
    return response.reason_phrase


def _identity(request: HttpRequest) -> tuple[str | None, str]:
    identity = get_identity(request)
    if identity is not None:
        return identity
    try:
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
    except Exception:
        # The session could not be loaded (database down?): the request is still logged.
        return None, AuthKind.UNKNOWN
    if authenticated:
        # Still the lazy user of AuthenticationMiddleware: the session cookie. Anything
        # else was put there by an authentication class that did not call set_identity.
        kind = (
            AuthKind.SESSION
            if isinstance(request.__dict__.get("user"), SimpleLazyObject)
            else AuthKind.UNKNOWN
        )
        return str(user.pk), kind
    return None, AuthKind.ANONYMOUS


class ApiRequestAuditMiddleware:
    """Logs every request under ``settings.AUDIT_PATH_PREFIXES`` to ``ApiRequestLog``.

    Outermost middleware, so it also sees the requests that inner middleware rejects.
    Gives each request an id (``X-Request-ID``: the caller's if well-formed, else a new
    one), echoed in the response and stored with the row and with any ``AuditEvent``
    the request records.

    Failure policy: a failed audit write is logged at ERROR on the ``audit`` logger with
    the whole (already redacted) record as JSON, and the response goes out unchanged.
    By the time the row is written the view has run and committed its work; answering
    500 would not undo it, but would tell the client it failed, inviting a retry of a
    non-idempotent request. The log line keeps the record (log shipping is the second
    copy) and alerting on ERROR makes the failure visible. If the database is down the
    response is a 503 already. If even the redacted record cannot be built, the error
    is logged without the body: an unredacted body is never written anywhere.
    """

    def __init__(self, get_response):
        if not settings.AUDIT_REQUESTS_ENABLED:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.prefixes = tuple(settings.AUDIT_PATH_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(self.prefixes):
            return self.get_response(request)
        timestamp = timezone.now()
        started = time.perf_counter()
        request_id = _request_id(request.META.get("HTTP_X_REQUEST_ID"))
        set_request_id(request, request_id)
        body = _read_body(request)
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response[REQUEST_ID_HEADER] = request_id
        self.log(request, response, body, timestamp, elapsed_ms, request_id)
        return response

    def log(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        body: str,
        timestamp: datetime,
        elapsed_ms: float,
        request_id: str,
    ) -> None:
        try:
            user_id, auth_kind = _identity(request)
            fields = api_request_record(
                timestamp=timestamp,
                request_id=request_id,
                user_id=user_id,
                auth_kind=auth_kind,
                endpoint=request.path,
                http_method=request.method or "",
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                request_body=body,
                response_status=response.status_code,
                response_time_ms=elapsed_ms,
                error_message=_error_message(response),
            )
        except Exception:
            # Nothing from the request itself here: its redaction is what failed.
            logger.exception(
                "audit: could not build the request record (request_id=%s, %s -> %s); not written",
                request_id,
                request.method,
                response.status_code,
            )
            return
        try:
            log_api_request(fields)
        except Exception as exc:
            logger.exception(
                "audit: request log write failed; record: %s",
                json.dumps(fields, ensure_ascii=False, default=str),
            )
            # Written after the view's error handling: a connection that failed here must
            # not serve the next request either.
            close_connections_after(exc)
