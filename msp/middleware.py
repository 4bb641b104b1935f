"""Request-level guards for the API that must act before DRF parses anything."""

from __future__ import annotations

from django.conf import settings
from django.db import InterfaceError, OperationalError

from msp.api.errors import is_api_path, json_error


class ApiBodyLimitMiddleware:
    """413 for API bodies over ``MSP_MAX_BODY_BYTES`` by their declared length.

    Bodies sent without a length are caught when read (``RequestDataTooBig`` -> 413 in the
    exception handler), since Django caps ``request.body`` at the same limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.MSP_MAX_BODY_BYTES

    def __call__(self, request):
        if is_api_path(request.path):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return json_error(400, "Invalid Content-Length header.", "bad_content_length")
            if length > self.limit:
                return json_error(413, f"Request body larger than {self.limit} bytes.")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """503 instead of a 500 page when the database is unreachable outside DRF views
    (admin, health check); DRF views get the same from the exception handler."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return json_error(503, headers={"Retry-After": "5"})
        return None
