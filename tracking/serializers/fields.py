"""Serializer fields shared by every app whose rows carry tags."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tracking.services import tagging


@extend_schema_field(serializers.ListField(child=serializers.CharField(max_length=100)))
class TagNamesField(serializers.Field):
    default_error_messages = {"not_a_list": "Expected a list of tag names."}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", "Tag names; unknown names are created, matching is case-insensitive."
        )
        super().__init__(**kwargs)

    def to_representation(self, value) -> list[str]:
        # ``.all()`` reads the prefetched tags (no query per row).
        return sorted((tag.name for tag in value.all()), key=str.casefold)

    def to_internal_value(self, data) -> list[str]:
        if not isinstance(data, list):
            self.fail("not_a_list")
        try:
            return tagging.clean_tag_names(data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
