"""The admin pages of context recall load, save through full_clean and refuse duplicates."""

from __future__ import annotations

import pytest

from context_recall.models import ContextSnippet
from context_recall.testing.factories import (
    ContextSnippetFactory,
    ConversationContextFactory,
    DecisionLogFactory,
    ProjectStateFactory,
)
from msp.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_changelists_and_change_pages_load(admin_client):
    objects = [
        ConversationContextFactory(),
        ContextSnippetFactory(),
        ProjectStateFactory(),
        DecisionLogFactory(),
    ]
    for obj in objects:
        name = obj._meta.model_name
        base = f"/admin/context_recall/{name}/"
        assert admin_client.get(base).status_code == 200
        assert admin_client.get(f"{base}?q=x").status_code == 200
        assert admin_client.get(f"{base}{obj.pk}/change/").status_code == 200


def test_admin_redacts_and_refuses_duplicates(admin_client):
    key = "AKIA" + "V" * 16
    data = {"title": "t", "content": f"key {key}", "category": "other", "importance": 5,
            "structured_data": "{}", "tags": ""}  # fmt: skip
    response = admin_client.post("/admin/context_recall/contextsnippet/add/", data)
    assert response.status_code == 302, response.content[:2000]
    assert key not in ContextSnippet.objects.get().content
    response = admin_client.post("/admin/context_recall/contextsnippet/add/", data)
    assert response.status_code == 200 and b"same content" in response.content
    assert ContextSnippet.objects.count() == 1


def test_claude_sessions_are_listed_read_only_with_their_saves(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from context_recall.models import ClaudeSession
    from context_recall.services.sessions import save_part
    from msp.testing.inventory_factories import ClientFactory
    from tracking.testing.factories import ProjectFactory

    def entry(n: int) -> dict:
        content = f"Goal: move the Veeam jobs of FS{n:02d} to the new repository"
        return {"type": "user", "uuid": f"u{n}", "message": {"role": "user", "content": content}}

    def sessions(project, first: int, count: int) -> None:
        for n in range(first, first + count):
            for part in range(2):
                save_part(
                    project, claude_session_id=f"sess-{n:04d}", event_name="Stop",
                    entries=[entry(n * 10 + part)], transcript_range=(part * 100, part * 100 + 99),
                )  # fmt: skip

    ours, theirs = ClientFactory(name="Ours"), ClientFactory(name="Theirs", teams=[])
    project, other = ProjectFactory(client=ours), ProjectFactory(client=theirs)
    sessions(project, 0, 2)
    sessions(other, 100, 1)
    tech = UserFactory(
        is_staff=True,
        permissions=[
            "context_recall.view_claudesession",
            "context_recall.view_claudesessionpart",
            "context_recall.view_conversationcontext",
        ],
    )
    client.force_login(tech)
    base = "/admin/context_recall/claudesession/"
    page = client.get(base)
    assert page.status_code == 200
    body = page.content.decode()
    # The list shows a session id's first 8 characters: sess-000(0|1) are ours, sess-0100
    # is another client's.
    assert "sess-000" in body and "sess-010" not in body
    mine = ClaudeSession.objects.get(claude_session_id="sess-0000")
    detail = client.get(f"{base}{mine.pk}/change/")
    assert detail.status_code == 200
    assert detail.content.decode().count('class="field-event"') == 2  # its two saves
    hidden = ClaudeSession.objects.get(claude_session_id="sess-0100")
    assert client.get(f"{base}{hidden.pk}/change/").status_code in (302, 404)
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}{mine.pk}/change/", {}).status_code == 403
    with CaptureQueriesContext(connection) as few:
        client.get(base)
    sessions(project, 2, 8)
    with CaptureQueriesContext(connection) as many:
        client.get(base)
    assert len(many) == len(few)
