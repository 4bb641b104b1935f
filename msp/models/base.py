"""Abstract bases every domain table builds on."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID primary key and creation/update times: every domain table has them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def save(self, *args, **kwargs):
        # The same validation from the API, the admin and services: no path skips clean().
        if not kwargs.pop("skip_validation", False):
            self.full_clean(validate_unique=False, validate_constraints=False)
        super().save(*args, **kwargs)


class NotesMixin(models.Model):
    notes = models.TextField(blank=True)

    class Meta:
        abstract = True
