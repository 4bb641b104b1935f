"""Tags by name: created on first use, matched case-insensitively, attached to any model
with a UUID primary key through :class:`tracking.models.TaggedItem`.

Models that declare a ``TaggableManager`` (sessions, work items, problem solutions, and
context_recall's models) can use ``obj.tags``; models of apps that must not import
tracking (msp's Infrastructure) are tagged here by content type.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q

from tracking.models import Tag, TaggedItem
from tracking.signals import tags_changed

MAX_TAG_LENGTH = 100
MAX_TAGS_PER_OBJECT = 50


def clean_tag_names(names: Iterable[str]) -> list[str]:
    """Whitespace-collapsed names, de-duplicated case-insensitively (first spelling wins)."""
    seen: dict[str, str] = {}
    for raw in names:
        if not isinstance(raw, str):
            raise ValidationError("Tags are a list of names.", code="invalid")
        name = " ".join(raw.split())
        if not name:
            raise ValidationError("A tag name cannot be blank.", code="blank")
        if len(name) > MAX_TAG_LENGTH:
            raise ValidationError(
                "A tag name has at most %(max)d characters.",
                code="max_length",
                params={"max": MAX_TAG_LENGTH},
            )
        seen.setdefault(name.casefold(), name)
    if len(seen) > MAX_TAGS_PER_OBJECT:
        raise ValidationError("Too many tags.", code="too_many")
    return list(seen.values())


def get_or_create_tags(names: Iterable[str]) -> list[Tag]:
    tags: list[Tag] = []
    for name in clean_tag_names(names):
        tag = _existing(name)
        if tag is None:
            try:
                with transaction.atomic():
                    tag = Tag.objects.create(name=name)
            except (IntegrityError, ValidationError):
                # Created concurrently, or equal to an existing name under the database
                # collation only (MariaDB's utf8mb4 collations equate some characters
                # that Python's casefold keeps apart): use that one.
                tag = _existing(name)
                if tag is None:
                    raise ValidationError(
                        "The tag %(name)s clashes with an existing tag.",
                        code="unique",
                        params={"name": name},
                    ) from None
        if all(tag.pk != other.pk for other in tags):
            tags.append(tag)
    return tags


def _existing(name: str) -> Tag | None:
    # ``name=`` compares with the column's collation, as the unique index does.
    return Tag.objects.filter(Q(name__iexact=name) | Q(name=name)).first()


@transaction.atomic
def set_tags(obj: models.Model, names: Iterable[str], *, merge: bool = False) -> list[Tag]:
    """Replace the tags of ``obj`` (any model with a UUID pk) with ``names``; with
    ``merge``, add them to the ones it has."""
    tags = get_or_create_tags(names)
    content_type = ContentType.objects.get_for_model(obj)
    items = TaggedItem.objects.filter(content_type=content_type, object_id=obj.pk)
    removed = 0
    if not merge:
        removed, _ = items.exclude(tag__in=tags).delete()
    present = set(items.values_list("tag_id", flat=True))
    added = TaggedItem.objects.bulk_create(
        TaggedItem(content_type=content_type, object_id=obj.pk, tag=tag)
        for tag in tags
        if tag.pk not in present
    )
    if removed or added:
        tags_changed.send(sender=type(obj), instance=obj)
    return tags


def tag_names(obj: models.Model) -> list[str]:
    content_type = ContentType.objects.get_for_model(obj)
    return sorted(
        TaggedItem.objects.filter(content_type=content_type, object_id=obj.pk).values_list(
            "tag__name", flat=True
        ),
        key=str.casefold,
    )


def tagged_ids(model: type[models.Model], tag_name: str):
    """Primary keys of ``model`` rows tagged ``tag_name`` (a subquery, for filters)."""
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(model), tag__name__iexact=tag_name
    ).values("object_id")
