"""Tags shared by every app (sessions, work items, infrastructure, and context_recall's
contexts, snippets and decisions), built on django-taggit.

``Tag`` keeps taggit's name/slug behaviour with a UUID key, a category and a colour; names
are unique case-insensitively. ``TaggedItem`` is taggit's generic through model for UUID
object ids, so any model with a UUID primary key can be tagged: those that declare
``tags = TaggableManager(through=TaggedItem)`` get the manager, others (msp's
Infrastructure, which must not import tracking) are tagged by content type through
:mod:`tracking.services.tagging`.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.text import slugify
from taggit.models import GenericUUIDTaggedItemBase, TagBase

from msp.models.base import BaseModel
from msp.models.checks import unique_error


class TagCategory(models.TextChoices):
    GENERAL = "general", "General"
    TECHNOLOGY = "technology", "Technology"
    CLIENT = "client", "Client"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    PROBLEM = "problem", "Problem type"
    ACTION = "action", "Action"
    PROJECT = "project", "Project"


validate_color = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Enter a colour as #RRGGBB.", code="invalid_color"
)


class Tag(BaseModel, TagBase):
    category = models.CharField(
        max_length=20, choices=TagCategory.choices, default=TagCategory.GENERAL
    )
    color = models.CharField(
        max_length=7, blank=True, validators=[validate_color], help_text="#RRGGBB"
    )
    description = models.TextField(blank=True)
    # taggit's slug is required; it is derived from the name in clean() when left blank.
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="tracking_tag_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.name = " ".join((self.name or "").split())
        if self.color:
            self.color = self.color.lower()
        errors = unique_error(
            self,
            "name",
            Tag.objects.filter(name__iexact=self.name),
            "A tag with this name already exists (names are case-insensitive).",
        )
        if not self.slug and self.name:
            self.slug = self._free_slug()
        errors |= unique_error(
            self, "slug", Tag.objects.filter(slug=self.slug), "A tag with this slug exists."
        )
        if errors:
            raise ValidationError(errors)

    def _free_slug(self) -> str:
        base = (slugify(self.name, allow_unicode=True) or "tag")[:90]
        slug, n = base, 1
        while Tag.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


class TaggedItem(GenericUUIDTaggedItemBase):
    """One tag on one object of any model with a UUID primary key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_items")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tagged item"
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "tag"], name="tracking_taggeditem_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tag} on {self.content_type_id}:{self.object_id}"
