"""Serializers of context recall (``<Model>Serializer``); tags are lists of names."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from context_recall import services
from context_recall.models import ContextSnippet, ConversationContext, DecisionLog, ProjectState
from msp.api.serializers import ModelCleanSerializer, drf_detail
from tracking.serializers.fields import TagNamesField
from tracking.services import tagging

MAX_TRANSCRIPT_ENTRIES = 100_000


class TaggedSerializer(ModelCleanSerializer):
    tags = TagNamesField()

    def validate(self, attrs):
        tags = attrs.pop("tags", None)
        attrs = super().validate(attrs)
        if tags is not None:
            attrs["tags"] = tags
        return attrs

    def update(self, instance, validated_data):
        tags = validated_data.pop("tags", None)
        instance = super().update(instance, validated_data)
        if tags is not None:
            tagging.set_tags(instance, tags)
        return instance


class ConversationContextSerializer(TaggedSerializer):
    transcript = serializers.JSONField(
        write_only=True,
        required=False,
        help_text="Claude Code transcript (JSONL text or a list of entries), compressed "
        "into the fields left empty; never stored.",
    )
    text = serializers.CharField(
        write_only=True, required=False, help_text="Free text, compressed likewise."
    )
    last_assistant_message = serializers.CharField(write_only=True, required=False)
    deduplicated = serializers.SerializerMethodField()

    class Meta:
        model = ConversationContext
        fields = [
            "id", "display", "project", "client", "session", "machine", "claude_session_id",
            "context_type", "title", "summary", "key_decisions", "open_items", "files_touched",
            "commands", "errors", "current_state", "importance", "occurred_at", "tags",
            "content_hash",
            "raw_token_estimate", "compressed_token_estimate", "usage_count",
            "last_recalled_at", "transcript", "text", "last_assistant_message",
            "deduplicated", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["client"]
        # A transcript or text gives a title when none is sent; model validation still
        # answers 400 when neither does.
        extra_kwargs = {"title": {"required": False}}

    def get_deduplicated(self, obj) -> bool:
        return bool(getattr(obj, "_deduplicated", False))

    def validate_transcript(self, value):
        if isinstance(value, str) or (
            isinstance(value, list) and len(value) <= MAX_TRANSCRIPT_ENTRIES
        ):
            return value
        raise serializers.ValidationError("Expected JSONL text or a list of entries.")

    def validate(self, attrs):
        # Compression is the service's (``services.save_context``, in ``create``): here
        # the raw input only waits for it. Its fields are then validated by the model.
        extra = {k: attrs.pop(k) for k in ("transcript", "text", "last_assistant_message")
                 if k in attrs}  # fmt: skip
        if self.instance is None and extra:
            tags = attrs.pop("tags", None)
            attrs = serializers.ModelSerializer.validate(self, attrs)
            if tags is not None:
                attrs["tags"] = tags
            attrs["_compress"] = extra
            return attrs
        attrs = super().validate(attrs)
        if self.instance is not None:
            candidate = ConversationContext(**{**self._current(), **attrs})
            candidate.pk = self.instance.pk
            try:
                candidate.full_clean(validate_unique=False, validate_constraints=False)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(drf_detail(exc)) from exc
            clash = ConversationContext.objects.filter(content_hash=candidate.content_hash)
            if clash.exclude(pk=self.instance.pk).exists():
                raise serializers.ValidationError(
                    {"summary": ["Another context of this project has the same content."]}
                )
        return attrs

    def _current(self) -> dict:
        return {
            f.name: getattr(self.instance, f.name)
            for f in ConversationContext._meta.concrete_fields
            if f.editable and not f.primary_key
        }

    def create(self, validated_data):
        tags = validated_data.pop("tags", None)
        extra = validated_data.pop("_compress", {})
        try:
            obj, created = services.save_context(validated_data, tags=tags, **extra)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(drf_detail(exc)) from exc
        obj._deduplicated = not created
        return obj


class ContextSnippetSerializer(TaggedSerializer):
    deduplicated = serializers.SerializerMethodField()

    class Meta:
        model = ContextSnippet
        fields = [
            "id", "display", "project", "client", "category", "title", "content",
            "structured_data", "importance", "occurred_at", "tags", "content_hash",
            "usage_count",
            "last_recalled_at", "deduplicated", "created_at", "updated_at",
        ]  # fmt: skip

    def get_deduplicated(self, obj) -> bool:
        return bool(getattr(obj, "_deduplicated", False))

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            probe = ContextSnippet(
                **{
                    **{
                        f.name: getattr(self.instance, f.name)
                        for f in ContextSnippet._meta.concrete_fields
                        if f.editable and not f.primary_key
                    },
                    **{k: v for k, v in attrs.items() if k != "tags"},
                }
            )
            try:
                probe.full_clean(validate_unique=False, validate_constraints=False)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(drf_detail(exc)) from exc
            clash = ContextSnippet.objects.filter(content_hash=probe.content_hash)
            if clash.exclude(pk=self.instance.pk).exists():
                raise serializers.ValidationError(
                    {"content": ["Another snippet in this scope has the same content."]}
                )
        return attrs

    def create(self, validated_data):
        tags = validated_data.pop("tags", None)
        obj, created = services.save_snippet(validated_data, tags=tags)
        obj._deduplicated = not created
        return obj


class ProjectStateSerializer(ModelCleanSerializer):
    class Meta:
        model = ProjectState
        fields = [
            "id", "display", "project", "phase", "progress", "summary", "blockers",
            "next_actions", "key_files", "notes", "usage_count", "last_recalled_at",
            "created_at", "updated_at",
        ]  # fmt: skip
        # One state per project is an upsert, not a uniqueness error.
        extra_kwargs = {"project": {"validators": []}}

    def validate(self, attrs):
        # The one-per-project rule is an upsert (services), not a 400.
        if self.instance is None and "project" in attrs:
            existing = ProjectState.objects.filter(project=attrs["project"]).first()
            if existing is not None:
                self.instance = existing
        return super().validate(attrs)

    def create(self, validated_data):
        state, _ = services.upsert_project_state(validated_data["project"], validated_data)
        return state


class DecisionLogSerializer(TaggedSerializer):
    supersedes = serializers.PrimaryKeyRelatedField(
        queryset=DecisionLog.objects.all(),
        write_only=True,
        required=False,
        help_text="An earlier decision of the project that this one replaces.",
    )

    class Meta:
        model = DecisionLog
        fields = [
            "id", "display", "project", "session", "decision_type", "title", "decision",
            "rationale", "alternatives", "impact", "status", "superseded_by", "supersedes",
            "importance", "occurred_at", "tags", "usage_count", "last_recalled_at",
            "created_at", "updated_at",
        ]  # fmt: skip

    def validate(self, attrs):
        supersedes = attrs.pop("supersedes", None)
        attrs = super().validate(attrs)
        if supersedes is not None:
            project = attrs.get("project") or getattr(self.instance, "project", None)
            if project is None or supersedes.project_id != project.pk:
                raise serializers.ValidationError(
                    {"supersedes": ["Not a decision of the same project."]}
                )
            if self.instance is not None and supersedes.pk == self.instance.pk:
                raise serializers.ValidationError(
                    {"supersedes": ["A decision cannot supersede itself."]}
                )
            attrs["supersedes"] = supersedes
        return attrs

    def create(self, validated_data):
        tags = validated_data.pop("tags", None)
        supersedes = validated_data.pop("supersedes", None)
        return services.create_decision(validated_data, tags=tags, supersedes=supersedes)

    def update(self, instance, validated_data):
        supersedes = validated_data.pop("supersedes", None)
        instance = super().update(instance, validated_data)
        if supersedes is not None:
            services.supersede(supersedes, instance)
        return instance


class RecallQuerySerializer(serializers.Serializer):
    project = serializers.UUIDField()
    q = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    tags = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="",
        help_text="Comma-separated tag names.",
    )  # fmt: skip
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=10)
    max_tokens = serializers.IntegerField(
        required=False, min_value=50, max_value=50_000, default=None, allow_null=True
    )
    min_score = serializers.FloatField(required=False, min_value=0, max_value=1, default=0.0)
    record_usage = serializers.BooleanField(
        required=False,
        default=True,
        help_text="false: a read that leaves usage counts alone (evaluations, previews).",
    )


class RecallLinkSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.CharField()
    title = serializers.CharField()
    occurred_at = serializers.DateTimeField(allow_null=True)


class RecallItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.CharField()
    title = serializers.CharField()
    score = serializers.FloatField()
    text = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    superseded_by = RecallLinkSerializer(
        allow_null=True,
        help_text="A newer memory about the same subject: this one may be out of date.",
    )
    supersedes = RecallLinkSerializer(
        many=True, help_text="Older memories about the same subject this one replaces."
    )


class RecallSerializer(serializers.Serializer):
    project = serializers.UUIDField()
    items = RecallItemSerializer(many=True)
    token_estimate = serializers.IntegerField()
    formatted = serializers.CharField()
