"""The access model beyond the generic API tests: the admin (change lists, change pages,
autocompletes, the billing report and its CSV), the billing report API, credential
reveal, client teams, the hooks, moving a project, and seed_demo's two users."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client as Browser

from context_recall.models import ConversationContext
from context_recall.testing.factories import ConversationContextFactory
from msp.demo import DEMO_MANAGER, DEMO_USERNAME
from msp.models import Client
from msp.scoping import VIEW_ALL_CLIENTS, visible_clients
from msp.testing.auth import client_for
from msp.testing.credential_factories import CredentialFactory
from msp.testing.factories import TechnicianFactory, UserFactory
from msp.testing.inventory_factories import ClientFactory, SiteFactory
from tracking.models import Project
from tracking.services.machine_tokens import issue_machine_token
from tracking.testing.factories import ProjectFactory, TimeEntryFactory, WorkSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tech():
    return TechnicianFactory(is_staff=True)


@pytest.fixture
def mine():
    return ClientFactory(name="Mine Ltd")


@pytest.fixture
def theirs():
    return ClientFactory(name="Theirs Ltd", teams=[])


def browser_for(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def test_admin_change_list_change_page_and_autocomplete_follow_the_teams(tech, mine, theirs):
    SiteFactory(client=mine, name="Mine HQ")
    hidden = SiteFactory(client=theirs, name="Theirs HQ")
    browser = browser_for(tech)
    page = browser.get("/admin/msp/site/")
    assert page.status_code == 200
    assert b"Mine HQ" in page.content and b"Theirs HQ" not in page.content
    assert b"Theirs Ltd" not in page.content  # not even as a filter choice
    change = browser.get(f"/admin/msp/site/{hidden.pk}/change/")
    assert change.status_code == 302  # the admin's answer to a missing object
    clients = browser.get("/admin/msp/client/")
    assert b"Mine Ltd" in clients.content and b"Theirs Ltd" not in clients.content
    found = browser.get(
        "/admin/autocomplete/",
        {"app_label": "msp", "model_name": "site", "field_name": "client", "term": "Ltd"},
    )
    assert found.status_code == 200, found.content
    assert [r["text"] for r in found.json()["results"]] == ["Mine Ltd"]
    add = browser.post(
        "/admin/msp/site/add/", {"client": str(theirs.pk), "name": "Sneaky", "dns_servers": "[]"}
    )
    assert add.status_code == 200 and b"Select a valid choice" in add.content


def test_billing_report_api_admin_and_csv_refuse_another_client(tech, mine, theirs):
    TimeEntryFactory(client=theirs, description="Secret migration")
    api = client_for(tech)
    for fmt in ("json", "csv"):
        response = api.get(
            "/api/v1/time-entries/report/",
            {"client": str(theirs.pk), "month": "2026-11", "format": fmt},
        )
        assert response.status_code == 400 and "client" in response.json()["errors"]
    assert (
        api.get(
            "/api/v1/time-entries/report/", {"client": str(mine.pk), "month": "2026-11"}
        ).status_code
        == 200
    )
    browser = browser_for(tech)
    page = browser.get(
        "/admin/tracking/timeentry/report/",
        {"client": str(theirs.pk), "month": "2026-11", "export": "csv"},
    )
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert b"Secret migration" not in page.content and b"Theirs Ltd" not in page.content


def test_mark_billed_refuses_another_clients_entries(tech, theirs):
    entry = TimeEntryFactory(client=theirs)
    response = client_for(tech).post(
        "/api/v1/time-entries/mark-billed/",
        {"ids": [str(entry.pk)], "invoice_reference": "INV-1"},
        format="json",
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert not entry.billed


def test_reveal_of_another_clients_credential_is_404():
    user = UserFactory(permissions=["msp.view_credential", "msp.reveal_credential"])
    credential = CredentialFactory(client=ClientFactory(teams=[]), secrets={"password": "x" * 12})
    response = client_for(user).post(f"/api/v1/credentials/{credential.pk}/reveal/")
    assert response.status_code == 404


def test_client_teams_are_names_and_only_managers_change_them(tech, mine):
    Group.objects.create(name="team-acme")
    api = client_for(tech)
    body = api.get(f"/api/v1/clients/{mine.pk}/").json()
    assert body["teams"] == ["test-team"]
    refused = api.patch(f"/api/v1/clients/{mine.pk}/", {"teams": ["team-acme"]}, format="json")
    assert refused.status_code == 403 and refused.json()["code"]
    same = api.put(f"/api/v1/clients/{mine.pk}/", {**body, "notes": "ok"}, format="json")
    assert same.status_code == 200, same.content  # unchanged teams are no change
    manager = client_for(
        UserFactory(permissions=["msp.change_client", "msp.manage_client_access", VIEW_ALL_CLIENTS])
    )
    done = manager.patch(f"/api/v1/clients/{mine.pk}/", {"teams": ["team-acme"]}, format="json")
    assert done.status_code == 200 and done.json()["teams"] == ["team-acme"]
    unknown = manager.patch(f"/api/v1/clients/{mine.pk}/", {"teams": ["nope"]}, format="json")
    assert unknown.status_code == 400 and "teams" in unknown.json()["errors"]
    # The technician is no longer in the client's team: it is gone for them.
    assert api.get(f"/api/v1/clients/{mine.pk}/").status_code == 404


def test_a_client_a_technician_creates_stays_visible_to_them(tech):
    api = client_for(tech)
    response = api.post("/api/v1/clients/", {"name": "Fresh Co"}, format="json")
    assert response.status_code == 201, response.content
    assert api.get(f"/api/v1/clients/{response.json()['id']}/").status_code == 200
    colleague = client_for(TechnicianFactory())
    assert colleague.get(f"/api/v1/clients/{response.json()['id']}/").status_code == 404


def test_hooks_never_answer_from_or_save_into_another_clients_project(tech, theirs):
    remote = "git@git.example.com:theirs/secret.git"
    project = ProjectFactory(client=theirs, repository_url=remote)
    ConversationContextFactory(project=project, title="Theirs secret plan", summary="secret")
    token = issue_machine_token(user=tech, fingerprint="a" * 64, hostname="laptop").token
    api = client_for(tech)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    for name in ("SessionStart", "UserPromptSubmit", "Stop"):
        event = {
            "hook_event_name": name,
            "session_id": "s-1",
            "cwd": "/src/secret",
            "prompt": "secret plan",
            "last_assistant_message": "Did the secret plan.",
            "msp": {"git_remote_url": remote, "git_toplevel": "/src/secret"},
        }
        response = api.post(
            "/api/v1/hooks/claude-code/", json.dumps(event), content_type="application/json"
        )
        assert response.status_code == 200 and response.json() == {}, response.content
    assert ConversationContext.objects.count() == 1
    assert not Project.objects.exclude(pk=project.pk).exists()
    explicit = api.get("/api/v1/recall/", {"project": str(project.pk)})
    assert explicit.status_code == 400 and b"secret" not in explicit.content


def test_moving_a_project_with_billed_time_is_refused_and_changes_nothing(mine, theirs):
    manager = UserFactory(permissions=["tracking.change_project", VIEW_ALL_CLIENTS])
    project = ProjectFactory(client=mine)
    session = WorkSessionFactory(client=mine, project=project)
    TimeEntryFactory(client=mine, session=session, billed=True, invoice_reference="INV-9")
    context = ConversationContextFactory(project=project)
    response = client_for(manager).patch(
        f"/api/v1/projects/{project.pk}/", {"client": str(theirs.pk)}, format="json"
    )
    assert response.status_code == 400 and "client" in response.json()["errors"]
    project.refresh_from_db()
    context.refresh_from_db()
    assert project.client == mine and context.client == mine


def test_seed_demo_technician_sees_one_client_and_the_manager_both():
    call_command("seed_demo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    tech, manager = users.get(username=DEMO_USERNAME), users.get(username=DEMO_MANAGER)
    assert list(visible_clients(tech).values_list("name", flat=True)) == ["Northwind Dental Group"]
    assert visible_clients(manager).count() == Client.objects.count() == 2
    assert manager.has_perm("msp.reveal_credential") and not tech.has_perm("msp.reveal_credential")
    assert not tech.has_perm("tracking.manage_machine_tokens")
    assert client_for(tech).get("/api/v1/recall/", {"project": "x"}).status_code == 400


def test_every_model_that_leads_to_a_client_is_scoped_and_every_admin_scopes():
    """A new model with a foreign key to a client's row must say how it is scoped, and
    every admin (inlines too) must scope, or it would show every client's rows."""
    from django.apps import apps
    from django.contrib import admin

    from msp.scoping import CLIENT_PATHS, UNSCOPED, ScopedAdminMixin

    scoped = set(CLIENT_PATHS)
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in scoped or label in UNSCOPED:
            continue
        targets = {
            field.related_model._meta.label_lower
            for field in model._meta.get_fields()
            if field.concrete and field.is_relation and field.related_model is not None
        }
        assert not targets & scoped, f"{label} refers to {targets & scoped}: add it to scoping"
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower not in scoped:
            continue
        assert isinstance(model_admin, ScopedAdminMixin), model
        for inline in model_admin.inlines:
            if inline.model._meta.label_lower in scoped:
                assert issubclass(inline, ScopedAdminMixin), inline
