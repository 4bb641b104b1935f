"""The one validation mechanism every model serializer shares.

``ModelCleanSerializer.validate`` builds the unsaved instance the write would produce (a copy
of the current row with the new values, or a new row), runs the model's ``full_clean`` —
field validators and normalisers, ``clean()``, unique fields and constraints — plus the
model's optional ``clean_m2m(**values)`` for many-to-many values, and answers any
``ValidationError`` as a 400 with per-field messages. The admin's forms run the same
``full_clean``, so both paths accept and reject the same input and store the same
normalised values (which are copied back into ``validated_data``).

DRF's own unique-together validators are switched off: they answer a non-field message
before the model's ``clean()`` can name the field.
"""

from __future__ import annotations

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings

from msp.models.fields import NormalizedCharField
from msp.scoping import scope_for_user

# Raw input of a normalised field may be longer than what is stored ("{GUID}", " any ");
# the stored length is still checked by the model after normalisation.
RAW_INPUT_SLACK = 2


def drf_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
        for field, messages in exc.message_dict.items()
    }


class ModelCleanSerializer(serializers.ModelSerializer):
    display = serializers.SerializerMethodField(help_text="Human-readable label.")

    def get_display(self, obj) -> str:
        return str(obj)

    def get_validators(self):
        return []

    def get_fields(self):
        # A foreign key (or many-to-many) to a row the user may not see is refused like
        # a missing one: 400 on the field, same message, no hint that it exists.
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return fields
        for field in fields.values():
            target = getattr(field, "child_relation", field)
            if isinstance(target, serializers.RelatedField) and target.queryset is not None:
                target.queryset = scope_for_user(target.queryset, user)
        return fields

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, NormalizedCharField) and field_kwargs.get("max_length"):
            field_kwargs["max_length"] = model_field.max_length * RAW_INPUT_SLACK
        return field_class, field_kwargs

    def validate(self, attrs):
        attrs = super().validate(attrs)
        opts = self.Meta.model._meta
        m2m_names = {field.name for field in opts.many_to_many}
        m2m = {name: value for name, value in attrs.items() if name in m2m_names}
        plain = {name: value for name, value in attrs.items() if name not in m2m_names}
        if self.instance is None:
            candidate = self.Meta.model(**plain)
        else:
            candidate = copy.copy(self.instance)
            for name, value in plain.items():
                setattr(candidate, name, value)
        editable = [f for f in opts.concrete_fields if f.editable and not f.primary_key]
        before = {f.attname: getattr(candidate, f.attname) for f in editable}
        try:
            candidate.full_clean()
            if m2m and hasattr(candidate, "clean_m2m"):
                candidate.clean_m2m(**m2m)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(drf_detail(exc)) from exc
        for field in editable:
            # New rows take every value as cleaned (defaults such as "now" included, so
            # that the row saved is the row validated); updates take what was sent plus
            # whatever clean() changed.
            if (
                self.instance is None
                or field.name in plain
                or getattr(candidate, field.attname) != before[field.attname]
            ):
                attrs[field.name] = getattr(candidate, field.name)
        return attrs
