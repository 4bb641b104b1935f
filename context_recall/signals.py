"""Keeps each memory's search document in step with the memory: on save, on delete, and
when its tags change (tags are indexed, and documents carry their names): through
``set_tags`` (tracking's ``tags_changed``), taggit's manager (``m2m_changed``, as the
admin's tag field saves), a tag row of its own, or a tag renamed. Connected in
``ContextRecallConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from context_recall.search import documents


def _saved(
    sender: type, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    if raw:  # loaddata: documents are rebuilt by reindex_search
        return
    kind = documents.kind_of(sender)
    if kind is not None:
        documents.index_object(kind, instance, created=created)


def _deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    kind = documents.kind_of(sender)
    if kind is not None:
        documents.remove_object(kind, instance.pk)


def _tag_changed(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    model = instance.content_type.model_class()
    kind = documents.kind_of(model) if model is not None else None
    if kind is None:
        return
    obj = model._default_manager.filter(pk=instance.object_id).first()
    if obj is not None:  # gone: its own delete removed the document
        documents.index_object(kind, obj)


def _tags_set(sender: type, instance: Any, **kwargs: Any) -> None:
    kind = documents.kind_of(type(instance))
    if kind is not None:
        documents.index_object(kind, instance)


def _tags_managed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _tags_set(sender, instance)


def _tag_renaming(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance._state.adding:
        return
    before = sender._default_manager.filter(pk=instance.pk).values_list("name", flat=True)
    instance._renamed_for_recall = before.first() not in (None, instance.name)


def _tag_renamed(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """Every memory tagged with a renamed tag is indexed anew (rare: an admin's edit)."""
    if raw or not getattr(instance, "_renamed_for_recall", False):
        return
    instance._renamed_for_recall = False
    from tracking.models import TaggedItem

    object_ids: dict[int, list[Any]] = {}
    for content_type_id, object_id in TaggedItem.objects.filter(tag=instance).values_list(
        "content_type_id", "object_id"
    ):
        object_ids.setdefault(content_type_id, []).append(object_id)
    for source in documents.SOURCES:
        if not source.tagged:
            continue
        content_type = ContentType.objects.get_for_model(source.model)
        for obj in source.model._default_manager.filter(pk__in=object_ids.get(content_type.pk, ())):
            documents.index_object(source.kind, obj)


def connect() -> None:
    from tracking.models import Tag, TaggedItem
    from tracking.signals import tags_changed

    for source in documents.SOURCES:
        uid = f"recall_document_{source.kind}"
        post_save.connect(_saved, sender=source.model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_deleted, sender=source.model, dispatch_uid=f"{uid}_delete")
    post_save.connect(_tag_changed, sender=TaggedItem, dispatch_uid="recall_document_tag_add")
    post_delete.connect(_tag_changed, sender=TaggedItem, dispatch_uid="recall_document_tag_rm")
    tags_changed.connect(_tags_set, dispatch_uid="recall_document_tags_set")
    m2m_changed.connect(_tags_managed, sender=TaggedItem, dispatch_uid="recall_document_tags_m2m")
    pre_save.connect(_tag_renaming, sender=Tag, dispatch_uid="recall_document_tag_renaming")
    post_save.connect(_tag_renamed, sender=Tag, dispatch_uid="recall_document_tag_renamed")
