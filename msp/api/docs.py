"""The API docs pages, served with nothing fetched from the internet.

drf-spectacular's ReDoc page links Google Fonts, and the ReDoc bundle itself shows a
logo from cdn.redoc.ly in its menu, unconditionally. The page here has no font links, and
the bundle is served with the logo's address replaced by an inline image. Swagger UI
needs nothing (its assets come from drf-spectacular-sidecar).
"""

from __future__ import annotations

from functools import cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularRedocView

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REMOTE_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
# An empty SVG: the menu keeps its layout, the browser asks no one for it.
INLINE_LOGO = b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


@cache
def offline_redoc_bundle() -> bytes:
    path = finders.find(REDOC_BUNDLE)
    if not path:
        raise Http404("ReDoc bundle not installed")
    with open(path, "rb") as bundle:
        return bundle.read().replace(REMOTE_LOGO, INLINE_LOGO)


@require_GET
def redoc_bundle(request):
    response = HttpResponse(offline_redoc_bundle(), content_type="application/javascript")
    response["Cache-Control"] = "public, max-age=86400"
    return response


class OfflineRedocView(SpectacularRedocView):
    template_name = "msp/redoc.html"

    def _redoc_standalone(self):
        return reverse("redoc-bundle")
