from django.core.validators import validate_unicode_slug
from rest_framework import serializers

from msp.api.serializers import ModelCleanSerializer
from tracking.models import Tag


def unicode_slug(value: str) -> None:
    # Wrapped so that the schema carries no ``\w`` pattern (drf-spectacular copies a
    # RegexValidator's regex, and JSON Schema validators read ``\w`` as ASCII-only).
    validate_unicode_slug(value)


class TagSerializer(ModelCleanSerializer):
    slug = serializers.CharField(
        max_length=100,
        validators=[unicode_slug],
        required=False,
        allow_blank=True,
        help_text="Blank: from the name.",
    )
    usage_count = serializers.SerializerMethodField(help_text="How many objects carry this tag.")

    def get_usage_count(self, obj) -> int:
        # Lists annotate the count in one query; a freshly written tag counts on demand.
        count = getattr(obj, "usage_count", None)
        return obj.tagged_items.count() if count is None else count

    class Meta:
        model = Tag
        fields = [
            "id",
            "display",
            "name",
            "slug",
            "category",
            "color",
            "description",
            "usage_count",
            "created_at",
            "updated_at",
        ]
