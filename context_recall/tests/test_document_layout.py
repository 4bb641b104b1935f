"""The search documents' layout: tag names carried (filled on upgrade, kept on rename),
vectors in a table of their own (moved on upgrade), term counts (filled on upgrade)."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from context_recall import selectors
from context_recall.models import RecallDocument, RecallVector
from context_recall.search import embedding
from context_recall.testing.factories import ConversationContextFactory, DecisionLogFactory
from tracking.models import Tag
from tracking.services.tagging import set_tags
from tracking.testing.factories import ProjectFactory

BEFORE = ("context_recall", "0008_claude_session_forks")


@pytest.mark.django_db(transaction=True)
def test_upgrading_fills_the_tags_and_moves_the_vectors_of_existing_documents():
    call_command("migrate", *BEFORE, verbosity=0)
    try:
        apps = MigrationExecutor(connection).loader.project_state([BEFORE]).apps
        content_type = apps.get_model("contenttypes", "ContentType").objects.get(
            app_label="context_recall", model="conversationcontext"
        )
        tag_model = apps.get_model("tracking", "Tag")
        tagged, untagged = uuid.uuid4(), uuid.uuid4()
        for name in ("vpn", "Firewall"):
            tag = tag_model.objects.create(name=name, slug=name.lower())
            apps.get_model("tracking", "TaggedItem").objects.create(
                tag=tag, content_type_id=content_type.pk, object_id=tagged
            )
        now = timezone.now()
        # Documents of the model in use: migrate would rebuild others from the memories.
        model = embedding.model_name(settings.RECALL_EMBEDDING_MODEL)
        documents = apps.get_model("context_recall", "RecallDocument")
        # A decision with the tagged context's id is another memory: none of its tags.
        for kind, object_id in (("context", tagged), ("context", untagged), ("decision", tagged)):
            documents.objects.create(
                kind=kind, object_id=object_id, scope="g", words="g_x g_vpn g_x", length=3,
                occurred_at=now, source_updated_at=now, embedding_model=model,
                vector=bytes([len(kind)]) * 1024,
            )  # fmt: skip
    finally:
        call_command("migrate", verbosity=0)
    tags = dict(RecallDocument.objects.filter(kind="context").values_list("object_id", "tags"))
    assert tags == {tagged: "Firewall\nvpn", untagged: ""}
    decision = RecallDocument.objects.get(kind="decision")
    assert decision.tags == ""
    moved = {
        document_id: (scope, length, bytes(vector))
        for document_id, scope, length, vector in RecallVector.objects.values_list(
            "document_id", "scope", "length", "vector"
        )
    }
    assert len(moved) == 3
    assert moved[decision.id] == ("g", 3, bytes([len("decision")]) * 1024)
    assert set(RecallDocument.objects.values_list("term_counts", flat=True)) == {" x:2 vpn:1 "}


@pytest.mark.django_db
def test_recall_shows_a_renamed_tag_by_its_new_name():
    project = ProjectFactory()
    context = ConversationContextFactory(project=project, title="Dingo fence repairs")
    decision = DecisionLogFactory(project=project, title="Dingo fence gets a new gate")
    set_tags(context, ["fencing"])
    set_tags(decision, ["fencing", "gates"])
    tag = Tag.objects.get(name="fencing")
    tag.name = "Boundary fencing"
    tag.save()
    items = {item.id: item.tags for item in selectors.recall(project, q="dingo fence").items}
    assert items == {
        str(context.pk): ("Boundary fencing",),
        str(decision.pk): ("Boundary fencing", "gates"),
    }
    # The new name is searched too.
    found = selectors.recall(project, q="boundary").items
    assert {item.id for item in found} == {str(context.pk), str(decision.pk)}
    tag.color = "#aabbcc"
    tag.save()  # not a rename: no memory is indexed anew
    assert RecallDocument.objects.filter(tags__contains="Boundary fencing").count() == 2
