"""Memories in the admin read as lists, search recall's full-text index with recall's
scoping, link their project, client and session, and a session's page lists them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client as DjangoClient
from django.urls import reverse

from context_recall.models import ProjectState
from context_recall.testing.factories import (
    ConversationContextFactory,
    DecisionLogFactory,
    ProjectStateFactory,
)
from msp.testing.factories import TechnicianFactory, UserFactory
from msp.testing.inventory_factories import ClientFactory
from tracking.testing.factories import ProjectFactory, WorkSessionFactory

pytestmark = pytest.mark.django_db
CONTEXTS = "/admin/context_recall/conversationcontext/"


def logged_in(user) -> DjangoClient:
    browser = DjangoClient()
    browser.force_login(user)
    return browser


@pytest.fixture
def superuser():
    return logged_in(UserFactory(is_staff=True, is_superuser=True))


def vpn_context(project, **kwargs):
    return ConversationContextFactory(
        project=project,
        title="Branch office link",
        summary="Rebuilt the tunnel between the offices.",
        commands=["ipsec statusall", "systemctl restart strongswan"],
        open_items=["Rotate the pre-shared key"],
        key_decisions=["Keep IKEv2 with AES-GCM"],
        **kwargs,
    )


# Transactional: InnoDB FULLTEXT sees committed rows only.
@pytest.mark.django_db(transaction=True)
def test_search_finds_words_in_the_commands_through_the_full_text_index(superuser):
    context = vpn_context(ProjectFactory())
    ConversationContextFactory(title="Printer queue")
    response = superuser.get(CONTEXTS, {"q": "IPsec"})
    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [context.pk]
    # Stemmed as recall stems: "restarting" finds "restart".
    response = superuser.get(CONTEXTS, {"q": "restarting strongswan"})
    assert [row.pk for row in response.context["cl"].result_list] == [context.pk]


@pytest.mark.django_db(transaction=True)
def test_search_is_scoped_like_recall():
    team = Group.objects.create(name="acme-team")
    mine, theirs = ClientFactory(teams=[team]), ClientFactory(teams=[])
    visible = vpn_context(ProjectFactory(client=mine))
    vpn_context(ProjectFactory(client=theirs), claude_session_id="other")
    technician = TechnicianFactory(is_staff=True, teams=[team])
    response = logged_in(technician).get(CONTEXTS, {"q": "ipsec"})
    assert [row.pk for row in response.context["cl"].result_list] == [visible.pk]


def test_context_page_shows_lists_and_links_not_json(superuser):
    session = WorkSessionFactory()
    context = vpn_context(ProjectFactory(client=session.client), session=session)
    page = superuser.get(f"{CONTEXTS}{context.pk}/change/").content.decode()
    assert "<li>ipsec statusall</li>" in page
    assert "<li>Rotate the pre-shared key</li>" in page
    assert '["ipsec statusall"' not in page  # no raw JSON textarea
    assert reverse("admin:msp_client_change", args=[session.client.pk]) in page
    assert 'name="project"' in page and "admin-autocomplete" in page


def test_session_page_lists_its_memories_evidence_and_time(superuser):
    session = WorkSessionFactory()
    vpn_context(ProjectFactory(client=session.client), session=session)
    DecisionLogFactory(session=session, project=ProjectFactory(client=session.client),
                       title="Move to IKEv2")  # fmt: skip
    page = superuser.get(reverse("admin:tracking_worksession_change", args=[session.pk]))
    text = page.content.decode()
    assert "Branch office link" in text and "Move to IKEv2" in text
    assert "No time booked." in text
    assert "Commands run" in text and "File changes" in text


def test_project_state_lists_are_edited_one_per_line(superuser):
    state = ProjectStateFactory(blockers=["Waiting for the ISP"])
    url = f"/admin/context_recall/projectstate/{state.pk}/change/"
    page = superuser.get(url).content.decode()
    assert "Waiting for the ISP</textarea>" in page
    response = superuser.post(
        url,
        {
            "project": state.project.pk,
            "phase": "active",
            "progress": 50,
            "summary": state.summary,
            "blockers": "Waiting for the ISP\n\n  Change window on Friday  ",
            "next_actions": "",
            "key_files": "ansible/site.yml",
            "notes": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    state = ProjectState.objects.get(pk=state.pk)
    assert state.blockers == ["Waiting for the ISP", "Change window on Friday"]
    assert state.key_files == ["ansible/site.yml"]


@pytest.mark.parametrize(
    "path", ["conversationcontext", "contextsnippet", "projectstate", "decisionlog"]
)
def test_changelists_cost_the_same_queries_for_3_and_12_rows(superuser, path, django_db_setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        for _ in range(n):
            session = WorkSessionFactory()
            project = ProjectFactory(client=session.client)
            vpn_context(project, session=session, claude_session_id=str(session.pk))
            DecisionLogFactory(project=project, session=session)
            ProjectStateFactory(project=project)

    url = f"/admin/context_recall/{path}/"
    make(3)
    with CaptureQueriesContext(connection) as few:
        assert superuser.get(url).status_code == 200
    make(9)
    with CaptureQueriesContext(connection) as many:
        assert superuser.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many]
