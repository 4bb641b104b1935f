"""``GET /api/v1/``: what the API offers, read from the URL configuration itself so
that a new resource appears here the day it is routed."""

from __future__ import annotations

from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from msp.api.views import BaseAPIView

API_V1 = "api/v1/"


def _walk(patterns, prefix: str):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<" not in route and entry.name:
            yield route, entry.name


@cache
def api_routes() -> tuple[dict[str, str], dict[str, str]]:
    """(resources, other endpoints): name -> path, both under /api/v1/."""
    resources: dict[str, str] = {}
    endpoints: dict[str, str] = {}
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and str(entry.pattern) == API_V1:
            for route, name in _walk(entry.url_patterns, "/" + API_V1):
                key = route.removeprefix("/" + API_V1).rstrip("/")
                if not key:
                    continue
                target = resources if name.endswith("-list") else endpoints
                target[key] = route
    return dict(sorted(resources.items())), dict(sorted(endpoints.items()))


class ApiIndexSerializer(serializers.Serializer):
    resources = serializers.DictField(
        child=serializers.CharField(), help_text="Collections: name -> URL of the list."
    )
    endpoints = serializers.DictField(
        child=serializers.CharField(), help_text="Other operations: name -> URL."
    )
    docs = serializers.DictField(
        child=serializers.CharField(), help_text="OpenAPI schema, Swagger UI and ReDoc."
    )


class ApiIndexView(BaseAPIView):
    @extend_schema(
        operation_id="api_index",
        summary="List the API's resources and endpoints",
        responses={200: ApiIndexSerializer},
    )
    def get(self, request):
        resources, endpoints = api_routes()
        absolute = request.build_absolute_uri
        return Response(
            {
                "resources": {name: absolute(path) for name, path in resources.items()},
                "endpoints": {name: absolute(path) for name, path in endpoints.items()},
                "docs": {
                    name: absolute(reverse(url_name))
                    for name, url_name in (
                        ("schema", "schema"),
                        ("swagger", "swagger-ui"),
                        ("redoc", "redoc"),
                    )
                },
            }
        )
