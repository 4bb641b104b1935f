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
