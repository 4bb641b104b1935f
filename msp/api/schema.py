"""OpenAPI generation that documents the errors each operation can really answer."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    """Shape of every error response under /api/."""

    detail = serializers.CharField(help_text="Human-readable message.")
    code = serializers.CharField(help_text="Stable machine-readable code.")
    errors = serializers.DictField(
        required=False,
        child=serializers.JSONField(),
        help_text="Per-field messages (400 only): field name -> list of messages.",
    )

    class Meta:
        ref_name = "Error"


class AutoSchema(SpectacularAutoSchema):
    def _is_public(self) -> bool:
        permissions = self.view.get_permissions()
        return bool(permissions) and all(isinstance(p, AllowAny) for p in permissions)

    def _error_codes(self) -> set[str]:
        # 400: every endpoint rejects unknown or malformed query parameters;
        # 503: every endpoint needs the database.
        # 401: a bad token or, on the token endpoints, bad credentials.
        codes = {"400", "401", "503"}
        if not self._is_public():
            codes.add("403")
        if "{" in self.path or self._is_list_view():
            codes.add("404")  # a bad id in the path, or a page past the end
        if self.method in {"POST", "PUT", "PATCH"}:
            codes |= {"413", "415"}
        if self.method in {"POST", "PUT", "PATCH", "DELETE"} and hasattr(self.view, "queryset"):
            codes.add("409")  # a duplicate or a reference still in use; a billed entry
        if self.view.get_throttles():
            codes.add("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ErrorSerializer, code, direction=direction
                )
        return responses
