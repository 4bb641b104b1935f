"""Django-level 404/500 handlers: JSON under /api/, Django's pages elsewhere.

Django calls these only with DEBUG off; with DEBUG on, ``msp.middleware.ApiJsonErrorMiddleware``
turns its HTML debug pages under /api/ into the same JSON.
"""

import sys

from django.views import defaults

from msp.api.errors import database_unavailable, is_api_path, json_error
from msp.db_errors import is_unavailable


def not_found(request, exception=None):
    if is_api_path(request.path):
        return json_error(404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    # Called while the exception is being handled: an unreachable database raised in a
    # middleware (before any view) still answers 503, the state callers can retry on.
    if is_unavailable(sys.exc_info()[1]):
        return database_unavailable()
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
