"""Django-level 404/500 handlers: JSON under /api/, Django's pages elsewhere."""

import sys

from django.db import InterfaceError, OperationalError
from django.views import defaults

from msp.api.errors import is_api_path, json_error


def not_found(request, exception=None):
    if is_api_path(request.path):
        return json_error(404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    # Called while the exception is being handled: an unreachable database raised in a
    # middleware (before any view) still answers 503, the state callers can retry on.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return json_error(503, headers={"Retry-After": "5"})
    if is_api_path(request.path):
        return json_error(500)
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if is_api_path(request.path):
        return json_error(400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api_path(request.path):
        return json_error(403)
    return defaults.permission_denied(request, exception)
