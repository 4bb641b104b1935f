"""Brute-force lockout answers (django-axes calls ``lockout_response``)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from rest_framework.exceptions import Throttled

from msp.api.errors import is_api_path, json_error

LOCKOUT_DETAIL = "Too many failed login attempts; try again later."


def cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


class LockedOut(Throttled):
    default_detail = LOCKOUT_DETAIL
    default_code = "locked_out"

    def __init__(self):
        super().__init__(wait=cooloff_seconds(), detail=LOCKOUT_DETAIL, code="locked_out")


def lockout_response(request, original_response=None, credentials=None):
    headers = {"Retry-After": str(cooloff_seconds())}
    if is_api_path(request.path):
        return json_error(429, LOCKOUT_DETAIL, "locked_out", headers=headers)
    return HttpResponse(LOCKOUT_DETAIL, status=429, content_type="text/plain", headers=headers)


def is_locked_out(request) -> bool:
    """axes flags the request object it was given; under DRF that may be the wrapper."""
    django_request = getattr(request, "_request", request)
    return bool(
        getattr(request, "axes_locked_out", False)
        or getattr(django_request, "axes_locked_out", False)
    )
