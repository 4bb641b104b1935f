"""DRF exception handler: every error becomes the JSON shape of ``msp.api.errors``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from msp.api.errors import RETRY_AFTER_SECONDS, error_body
from msp.db_errors import close_connections_after, is_unavailable


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "request_too_large"


class DatabaseUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Service temporarily unavailable: the database cannot be reached."
    default_code = "database_unavailable"


def _translate(exc: Exception) -> Exception:
    """Map Django and database exceptions onto DRF ones with the right status."""
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    if isinstance(exc, IntegrityError):
        # Unique and foreign-key races that slipped past validation: the row exists (or
        # is referenced) already. The database's own message may quote values, so it
        # stays in the server log only.
        return Conflict(
            "The change conflicts with existing data (a duplicate or a reference still in use)."
        )
    if is_unavailable(exc):
        return DatabaseUnavailable()
    # Any other database error is a fault of this server: left to Django, which logs it
    # with its traceback and answers the JSON 500 (msp.api.handlers, msp.middleware).
    return exc


def _detail_and_code(exc: exceptions.APIException) -> tuple[str, str]:
    detail: Any = exc.detail
    if isinstance(detail, dict):
        # simplejwt's InvalidToken carries a dict {"detail", "code", "messages"}.
        code = str(detail.get("code", exc.default_code))
        detail = detail.get("detail", exc.default_detail)
        return str(detail), code
    if isinstance(detail, list):
        detail = detail[0] if detail else exc.default_detail
    code = getattr(detail, "code", None) or exc.default_code
    return str(detail), str(code)


def json_exception_handler(exc: Exception, context: dict) -> Response | None:
    close_connections_after(exc)
    exc = _translate(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body(400, "Invalid input.", "invalid", errors)
    else:
        detail, code = _detail_and_code(exc)
        response.data = error_body(response.status_code, detail, code)
    if response.status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
