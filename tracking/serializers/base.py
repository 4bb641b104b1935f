"""What every tracking serializer adds to ``ModelCleanSerializer``: tags as a list of
names, and "the requesting user" as the default for user fields."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from msp.api.serializers import ModelCleanSerializer
from tracking.services import tagging


class TrackingSerializer(ModelCleanSerializer):
    """Tags are set after the row is saved; ``default_user_fields`` default to the
    requesting user on create."""

    default_user_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        user_model = get_user_model()
        for name in self.default_user_fields:
            fields[name] = serializers.PrimaryKeyRelatedField(
                queryset=user_model.objects.all(),
                required=False,
                help_text="User id; defaults to the requesting user.",
            )
        return fields

    def validate(self, attrs):
        tags = attrs.pop("tags", None)
        request = self.context.get("request")
        if self.instance is None and request is not None:
            for name in self.default_user_fields:
                attrs.setdefault(name, request.user)
        attrs = super().validate(attrs)
        if tags is not None:
            attrs["tags"] = tags
        return attrs

    def create(self, validated_data):
        tags = validated_data.pop("tags", None)
        instance = super().create(validated_data)
        if tags is not None:
            self._set_tags(instance, tags)
        return instance

    def update(self, instance, validated_data):
        tags = validated_data.pop("tags", None)
        instance = super().update(instance, validated_data)
        if tags is not None:
            self._set_tags(instance, tags)
            if hasattr(instance, "_prefetched_objects_cache"):
                instance._prefetched_objects_cache.pop("tags", None)
        return instance

    @staticmethod
    def _set_tags(instance, tags: list[str]) -> None:
        try:
            tagging.set_tags(instance, tags)
        except DjangoValidationError as exc:
            # Raised inside the write's transaction: the row is rolled back too.
            raise serializers.ValidationError({"tags": exc.messages}) from exc
