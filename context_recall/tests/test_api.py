"""The four context recall resources through the generic API test base, plus dedup,
upsert-by-project and superseding."""

from __future__ import annotations

import datetime

from context_recall.models import ContextSnippet, ConversationContext, DecisionLog, ProjectState
from context_recall.testing.factories import (
    ContextSnippetFactory,
    ConversationContextFactory,
    DecisionLogFactory,
    ProjectStateFactory,
)
from msp.testing.api import APIViewTestCases
from msp.testing.inventory_factories import ClientFactory
from tracking.testing.factories import MachineFactory, ProjectFactory, WorkSessionFactory

OLD = datetime.datetime(2019, 6, 1, tzinfo=datetime.UTC)
AWS_ID = "AKIA" + "R" * 16  # fake, assembled at run time


def ids(*objects) -> set:
    return {o.pk for o in objects}


def backdate(model, obj) -> list[tuple[dict, set]]:
    model.objects.filter(pk=obj.pk).update(created_at=OLD)
    others = set(model.objects.exclude(pk=obj.pk).values_list("pk", flat=True))
    return [
        ({"created_at__lte": "2020-01-01T00:00:00Z"}, {obj.pk}),
        ({"created_at__gte": "2020-01-01T00:00:00Z"}, others),
    ]


class TestConversationContextAPI(APIViewTestCases.APIViewTestCase):
    model = ConversationContext
    # A context takes its client from its project.
    foreign_path = "project__client"
    base_path = "/api/v1/contexts/"
    factory = ConversationContextFactory
    update_data = {"current_state": "Tunnel stable for 24 h ✅", "importance": 8}

    def setUp(self):
        super().setUp()
        self.project = ProjectFactory()

    def get_create_data(self):
        return [
            {
                "project": str(self.project.pk),
                "title": "Phoenix VPN",
                "summary": "Goal: fix hourly VPN drops",
                "key_decisions": ["Match remote lifetime (why: ISP-managed peer)"],
                "files_touched": ["configs/pfsense-phx.xml"],
                "tags": ["vpn", "IPsec"],
            },
            {
                "project": str(self.project.pk),
                "transcript": [
                    {"type": "user", "message": {"content": "Rotate the SQL agent logs"}},
                    {
                        "type": "assistant",
                        "message": {"content": [{"type": "text", "text": "Rotated; 3 GB freed."}]},
                    },
                ],
            },
        ]

    def check_created(self, obj, payload, body):
        assert obj.client_id == self.project.client_id
        if "transcript" in payload:
            assert obj.title == "Rotate the SQL agent logs"
            assert obj.current_state == "Rotated; 3 GB freed."
            assert obj.raw_token_estimate > 0
        else:
            assert body["tags"] == ["IPsec", "vpn"]

    def get_invalid_data(self):
        p = str(self.project.pk)
        return [
            ({"project": p, "title": ""}, {"title"}),
            ({"project": p, "title": "x", "importance": 11}, {"importance"}),
            ({"project": p, "title": "x", "key_decisions": "not a list"}, {"key_decisions"}),
            ({"project": p, "title": "x", "errors": [1, 2]}, {"errors"}),
            ({"project": p, "title": "x", "context_type": "novel"}, {"context_type"}),
            ({"project": p, "title": "x", "tags": "vpn"}, {"tags"}),
        ]

    def get_create_only_invalid_data(self):
        return [({"title": "no project"}, {"project"})]

    def filter_cases(self):
        other_project = ProjectFactory()
        session = WorkSessionFactory(project=other_project, client=other_project.client)
        machine = MachineFactory()
        a = ConversationContextFactory(
            project=other_project, session=session, machine=machine, context_type="handoff",
            claude_session_id="abc-123",
        )  # fmt: skip
        from tracking.services.tagging import set_tags

        set_tags(a, ["Firewall"])
        return [
            ({"project_id": other_project.pk}, ids(a)),
            ({"client_id": other_project.client_id}, ids(a)),
            ({"session_id": session.pk}, ids(a)),
            ({"machine_id": machine.pk}, ids(a)),
            ({"context_type": "handoff"}, ids(a)),
            ({"claude_session_id": "abc-123"}, ids(a)),
            ({"tag": "firewall"}, ids(a)),
            *backdate(ConversationContext, a),
        ]

    def invalid_filter_params(self):
        return [{"project_id": "nope"}, {"context_type": "novel"}]

    def test_same_content_twice_is_one_row_with_bumped_timestamp(self):
        payload = {**self.get_create_data()[0]}
        first = self.client.post(self.base_path, payload, format="json")
        assert first.status_code == 201
        ConversationContext.objects.filter(pk=first.json()["id"]).update(updated_at=OLD)
        payload["tags"] = ["backup"]
        payload["importance"] = 9
        second = self.client.post(self.base_path, payload, format="json")
        assert second.status_code == 200, second.content
        body = second.json()
        assert body["id"] == first.json()["id"] and body["deduplicated"] is True
        assert ConversationContext.objects.filter(project=self.project).count() == 1
        row = ConversationContext.objects.get(pk=body["id"])
        assert row.updated_at > OLD and row.importance == 9
        assert sorted((t.name for t in row.tags.all()), key=str.casefold) == [
            "backup",
            "IPsec",
            "vpn",
        ]
        # Another project: a row of its own.
        payload["project"] = str(ProjectFactory().pk)
        assert self.client.post(self.base_path, payload, format="json").status_code == 201

    def test_planted_secrets_never_reach_the_database(self):
        password = "Sup3r" + "Secr3t" + "!x"
        payload = {
            "project": str(self.project.pk),
            "title": f"Key {AWS_ID}",
            "summary": f"connect with mysql://root:{password}@db01/app",
            "commands": [f"aws configure set aws_access_key_id {AWS_ID}"],
            "text": "ignored because fields are given",
        }
        response = self.client.post(self.base_path, payload, format="json")
        assert response.status_code == 201, response.content
        assert AWS_ID not in response.content.decode() and password not in response.content.decode()
        row = ConversationContext.objects.values().get(pk=response.json()["id"])
        assert AWS_ID not in str(row) and password not in str(row)

    def test_update_to_the_content_of_another_row_is_400(self):
        a = ConversationContextFactory(project=self.project, title="A", summary="same")
        b = ConversationContextFactory(project=self.project, title="B", summary="same")
        response = self.client.patch(self.detail_path(b), {"title": "A"}, format="json")
        self.assert_error(response, 400, {"summary"})
        assert ConversationContext.objects.get(pk=a.pk).title == "A"


class TestContextSnippetAPI(APIViewTestCases.APIViewTestCase):
    model = ContextSnippet
    base_path = "/api/v1/snippets/"
    factory = ContextSnippetFactory
    update_data = {"content": "DC01 needs a reboot after patching 🔁", "importance": 9}

    def setUp(self):
        super().setUp()
        self.client_org = ClientFactory()

    def get_create_data(self):
        return [
            {
                "client": str(self.client_org.pk),
                "title": "Print server quirk",
                "content": "The spooler on PRINT01 hangs when the HP driver updates.",
                "category": "gotcha",
                "structured_data": {"hosts": ["PRINT01"], "password": "hunter2-xyz"},
                "tags": ["printing"],
            },
            {"title": "Global", "content": "Always check NTP first."},
        ]

    def check_created(self, obj, payload, body):
        if payload["title"] == "Global":
            assert obj.scope == "global"
        else:
            assert obj.scope == "client"
            assert obj.structured_data["password"].startswith("[REDACTED:")

    def get_invalid_data(self):
        return [
            ({"title": "", "content": "x"}, {"title"}),
            ({"title": "x", "content": "x", "category": "nope"}, {"category"}),
            ({"title": "x", "content": "x", "importance": 0}, {"importance"}),
        ]

    def get_create_only_invalid_data(self):
        project = ProjectFactory()
        return [
            ({"title": "x"}, {"content"}),
            ({"project": str(project.pk), "client": str(self.client_org.pk), "title": "x",
              "content": "y"}, {"client"}),
        ]  # fmt: skip

    def filter_cases(self):
        project = ProjectFactory()
        a = ContextSnippetFactory(project=project, category="procedure")
        g = ContextSnippetFactory(project=None, client=None)
        c = ContextSnippetFactory(project=None, client=self.client_org)
        from tracking.services.tagging import set_tags

        set_tags(a, ["dns"])
        return [
            ({"project_id": project.pk}, ids(a)),
            ({"client_id": self.client_org.pk}, ids(c)),
            ({"category": "procedure"}, ids(a)),
            ({"scope": "global"}, ids(g)),
            ({"scope": "client"}, ids(c)),
            ({"tag": "DNS"}, ids(a)),
            *backdate(ContextSnippet, a),
        ]

    def test_same_snippet_twice_is_deduplicated(self):
        payload = self.get_create_data()[1]
        assert self.client.post(self.base_path, payload, format="json").status_code == 201
        again = self.client.post(self.base_path, payload, format="json")
        assert again.status_code == 200 and again.json()["deduplicated"]
        assert ContextSnippet.objects.filter(title="Global").count() == 1


class TestProjectStateAPI(APIViewTestCases.APIViewTestCase):
    model = ProjectState
    base_path = "/api/v1/project-states/"
    factory = ProjectStateFactory
    update_data = {"progress": 75, "phase": "testing"}

    def get_create_data(self):
        return [
            {
                "project": str(ProjectFactory().pk),
                "phase": "planning",
                "progress": 10,
                "next_actions": ["Order the NAS"],
            }
        ]

    def get_invalid_data(self):
        p = str(ProjectFactory().pk)
        return [
            ({"project": p, "progress": 101}, {"progress"}),
            ({"project": p, "phase": "dreaming"}, {"phase"}),
            ({"project": p, "blockers": "x"}, {"blockers"}),
        ]

    def get_create_only_invalid_data(self):
        return [({"phase": "active"}, {"project"})]

    def filter_cases(self):
        a = ProjectStateFactory(phase="maintenance")
        return [
            ({"project_id": a.project_id}, ids(a)),
            ({"client_id": a.project.client_id}, ids(a)),
            ({"phase": "maintenance"}, ids(a)),
            *backdate(ProjectState, a),
        ]

    def test_post_for_a_project_with_state_updates_it(self):
        state = ProjectStateFactory(progress=5)
        payload = {"project": str(state.project_id), "progress": 50}
        response = self.client.post(self.base_path, payload, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["id"] == str(state.pk)
        assert ProjectState.objects.get().progress == 50

    def test_put_and_patch_by_project_upsert(self):
        project = ProjectFactory()
        path = f"{self.base_path}by-project/{project.pk}/"
        self.assert_error(self.client.get(path), 404)
        created = self.client.put(path, {"phase": "testing", "progress": 60}, format="json")
        assert created.status_code == 201, created.content
        patched = self.client.patch(path, {"blockers": ["Vendor RMA"]}, format="json")
        assert patched.status_code == 200, patched.content
        assert patched.json()["phase"] == "testing" and patched.json()["blockers"] == ["Vendor RMA"]
        replaced = self.client.put(path, {"progress": 70}, format="json")
        assert replaced.json()["blockers"] == [] and replaced.json()["phase"] == "active"
        assert ProjectState.objects.filter(project=project).count() == 1
        self.assert_error(
            self.client.patch(path, {"progress": 500}, format="json"), 400, {"progress"}
        )
        self.assert_error(self.anonymous.get(path), 401)
        self.assert_error(self.client.put(f"{self.base_path}by-project/{project.pk.hex[:8]}/"), 404)


class TestDecisionLogAPI(APIViewTestCases.APIViewTestCase):
    model = DecisionLog
    base_path = "/api/v1/decisions/"
    factory = DecisionLogFactory
    update_data = {"rationale": "Cheaper licences 💶", "impact": "All sites"}

    def setUp(self):
        super().setUp()
        self.project = ProjectFactory()

    def get_create_data(self):
        return [
            {
                "project": str(self.project.pk),
                "decision": "Use Veeam for all VM backups\nDetails follow",
                "decision_type": "vendor",
                "alternatives": ["Windows Server Backup"],
                "tags": ["backup"],
            }
        ]

    def check_created(self, obj, payload, body):
        assert obj.title == "Use Veeam for all VM backups"

    def get_invalid_data(self):
        p = str(self.project.pk)
        return [
            ({"project": p, "decision": ""}, {"decision"}),
            ({"project": p, "decision": "x", "status": "superseded"}, {"superseded_by"}),
            ({"project": p, "decision": "x", "decision_type": "gut"}, {"decision_type"}),
            ({"project": p, "decision": "x", "alternatives": [3]}, {"alternatives"}),
        ]

    def filter_cases(self):
        a = DecisionLogFactory(decision_type="security", status="reverted")
        session = WorkSessionFactory(project=a.project, client=a.project.client)
        DecisionLog.objects.filter(pk=a.pk).update(session=session)
        from tracking.services.tagging import set_tags

        set_tags(a, ["mfa"])
        return [
            ({"project_id": a.project_id}, ids(a)),
            ({"client_id": a.project.client_id}, ids(a)),
            ({"session_id": session.pk}, ids(a)),
            ({"decision_type": "security"}, ids(a)),
            ({"status": "reverted"}, ids(a)),
            ({"tag": "MFA"}, ids(a)),
            *backdate(DecisionLog, a),
        ]

    def test_superseding_links_both_and_rejects_other_projects(self):
        old = DecisionLogFactory(project=self.project)
        payload = {
            "project": str(self.project.pk),
            "decision": "Use Restic",
            "supersedes": str(old.pk),
        }
        response = self.client.post(self.base_path, payload, format="json")
        assert response.status_code == 201, response.content
        old.refresh_from_db()
        assert old.status == "superseded" and str(old.superseded_by_id) == response.json()["id"]
        foreign = DecisionLogFactory()
        payload = {"project": str(self.project.pk), "decision": "x", "supersedes": str(foreign.pk)}
        before = DecisionLog.objects.count()
        self.assert_error(
            self.client.post(self.base_path, payload, format="json"), 400, {"supersedes"}
        )
        assert DecisionLog.objects.count() == before
