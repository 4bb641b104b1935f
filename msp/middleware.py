"""Request-level guards for the API that must act before DRF parses anything."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.dispatch import receiver

from msp.api.errors import database_unavailable, is_api_path, json_error
from msp.db_errors import close_connections_after, is_unavailable

# Headers of an error response that still mean something once its body is JSON.
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")
_EXCEPTION_ATTR = "_msp_uncaught_exception"


@receiver(got_request_exception)
def _remember_exception(sender, request=None, **kwargs):
    # Django renders an uncaught exception (its debug page with DEBUG on) before any
    # outer middleware sees the response; the JSON net below needs to know what it was.
    if request is not None:
        setattr(request, _EXCEPTION_ATTR, sys.exc_info()[1])


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
        if is_unavailable(exception):
            close_connections_after(exception)
            return database_unavailable()
        return None


class ApiJsonErrorMiddleware:
    """Every error under /api/ in the one JSON shape, whatever produced it and in every
    mode: with DEBUG on Django answers unknown paths, malformed ids and uncaught
    exceptions with HTML (or plain-text) debug pages, which API clients cannot parse and
    the schema does not document. The debug traceback still goes to the server log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not is_api_path(request.path)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        exception = getattr(request, _EXCEPTION_ATTR, None)
        if is_unavailable(exception):
            close_connections_after(exception)
            return database_unavailable()
        replacement = json_error(response.status_code)
        for header in _KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement
