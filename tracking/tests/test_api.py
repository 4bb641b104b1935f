"""Every tracking resource through the generic API test base (CRUD, 401/403, 400s with
nothing written, constant list queries, a case for every filter)."""

from __future__ import annotations

import datetime

from msp.testing.api import APIViewTestCases
from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import ClientFactory, InfrastructureFactory
from msp.tests.test_inventory_api import CreatedAtCases, ids
from tracking.models import (
    CommandRun,
    FileChange,
    InfrastructureChange,
    Machine,
    ProblemSolution,
    Project,
    ProjectPath,
    Tag,
    Task,
    TimeEntry,
    WorkItem,
    WorkSession,
)
from tracking.testing.factories import (
    CommandRunFactory,
    FileChangeFactory,
    InfrastructureChangeFactory,
    MachineFactory,
    ProblemSolutionFactory,
    ProjectFactory,
    ProjectPathFactory,
    TagFactory,
    TaskFactory,
    TimeEntryFactory,
    WorkItemFactory,
    WorkSessionFactory,
)

T0 = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


class TestMachineAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = Machine
    base_path = "/api/v1/machines/"
    factory = MachineFactory
    update_data = {"os_version": "Ubuntu 26.04", "is_active": False}

    def setUp(self):
        super().setUp()
        self.existing = MachineFactory(fingerprint="taken-fp")

    def get_create_data(self):
        return [
            {
                "hostname": "tech-laptop",
                "fingerprint": "sha256:abcdef",
                "platform": "macos",
                "working_directories": ["/Users/tech/src"],
                "installed_tools": {"git": "2.45.0", "claude": "1.0"},
            }
        ]

    def check_created(self, obj, payload, body):
        assert obj.owner == self.user  # defaults to the requesting user
        assert body["installed_tools"] == {"git": "2.45.0", "claude": "1.0"}

    def get_invalid_data(self):
        return [
            ({"hostname": "x", "fingerprint": "taken-fp"}, {"fingerprint"}),
            ({"hostname": "x", "fingerprint": "f2", "platform": "beos"}, {"platform"}),
            (
                {"hostname": "x", "fingerprint": "f3", "installed_tools": ["git"]},
                {"installed_tools"},
            ),
        ]

    def get_create_only_invalid_data(self):
        return [({"hostname": "x"}, {"fingerprint"})]

    def filter_cases(self):
        m = MachineFactory(hostname="Jump01", platform="windows", is_active=False)
        Machine.objects.filter(pk=m.pk).update(last_seen_at=T0)
        return [
            ({"owner_id": m.owner_id}, ids(m)),
            ({"hostname": "jump01"}, ids(m)),
            ({"fingerprint": m.fingerprint}, ids(m)),
            ({"platform": "windows"}, ids(m)),
            ({"is_active": "false"}, ids(m)),
            ({"last_seen_at__gte": "2026-01-01T00:00:00Z"}, ids(m)),
            *self.created_at_cases(m),
        ]

    def invalid_filter_params(self):
        return [{"owner_id": "abc"}, {"platform": "beos"}]


class TestProjectAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = Project
    base_path = "/api/v1/projects/"
    factory = ProjectFactory
    update_data = {"status": "on_hold", "estimated_hours": "12.50"}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.existing = ProjectFactory(
            slug="existing", repository_url="git@github.com:acme/infra.git"
        )

    def get_create_data(self):
        return [
            {
                "name": "Intranet 🚀",
                "slug": "intranet",
                "client": str(self.acme.pk),
                "repository_url": "https://user:tok@GitLab.example.com/Acme/Intranet.git/",
                "start_date": "2026-01-01",
                "end_date": "2026-06-30",
            },
            {"name": "Internal tooling", "slug": "tooling"},
        ]

    def check_created(self, obj, payload, body):
        if obj.slug == "intranet":
            assert obj.repository_key == "gitlab.example.com/Acme/Intranet"
            assert body["repository_key"] == obj.repository_key
        else:
            assert obj.repository_key is None

    def get_invalid_data(self):
        return [
            ({"name": "A", "slug": "existing"}, {"slug"}),
            (
                {"name": "B", "slug": "b", "repository_url": "https://GITHUB.com/Acme/Infra"},
                {"repository_url"},
            ),
            ({"name": "C", "slug": "c", "repository_url": "not a url"}, {"repository_url"}),
            (
                {"name": "D", "slug": "d", "start_date": "2026-02-01", "end_date": "2026-01-01"},
                {"end_date"},
            ),
            ({"name": "E", "slug": "e e"}, {"slug"}),
        ]

    def get_create_only_invalid_data(self):
        return [({"name": "No slug"}, {"slug"})]

    def filter_cases(self):
        p = ProjectFactory(client=self.acme, slug="filtered", status="archived")
        return [
            ({"client_id": self.acme.pk}, ids(p)),
            ({"slug": "filtered"}, ids(p)),
            ({"status": "archived"}, ids(p)),
            ({"repository_url": "https://github.com/ACME/infra"}, ids(self.existing)),
            ({"repository_url": "::"}, set()),
            *self.created_at_cases(p),
        ]


class TestProjectPathAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = ProjectPath
    base_path = "/api/v1/project-paths/"
    factory = ProjectPathFactory
    update_data = {"path": "/srv/moved"}

    def setUp(self):
        super().setUp()
        self.project = ProjectFactory()
        self.machine = MachineFactory()
        self.existing = ProjectPathFactory(machine=self.machine, path="/src/taken")

    def get_create_data(self):
        return [
            {"project": str(self.project.pk), "machine": str(self.machine.pk), "path": "/src/x/"}
        ]

    def check_created(self, obj, payload, body):
        assert obj.path == "/src/x"

    def get_invalid_data(self):
        m = str(self.machine.pk)
        return [
            ({"project": str(self.project.pk), "machine": m, "path": "/src/taken"}, {"path"}),
            ({"project": str(self.project.pk), "machine": m, "path": ""}, {"path"}),
        ]

    def filter_cases(self):
        other = ProjectPathFactory()
        return [
            ({"project_id": other.project_id}, ids(other)),
            ({"machine_id": self.machine.pk}, ids(self.existing)),
            ({"path": other.path}, ids(other)),
            *self.created_at_cases(other),
        ]


class TestTagAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = Tag
    base_path = "/api/v1/tags/"
    factory = TagFactory
    update_data = {"color": "#00aa11", "category": "problem"}

    def setUp(self):
        super().setUp()
        self.existing = TagFactory(name="Exchange")

    def get_create_data(self):
        return [{"name": "  Active   Directory ", "color": "#FF0000"}, {"name": "Über-VPN ✨"}]

    def check_created(self, obj, payload, body):
        if "Directory" in obj.name:
            assert (obj.name, obj.slug, obj.color) == (
                "Active Directory",
                "active-directory",
                "#ff0000",
            )
        assert body["usage_count"] == 0

    def get_invalid_data(self):
        return [
            ({"name": "EXCHANGE"}, {"name"}),
            ({"name": ""}, {"name"}),
            ({"name": "x", "color": "red"}, {"color"}),
            ({"name": "y", "category": "nope"}, {"category"}),
        ]

    def filter_cases(self):
        t = TagFactory(name="Backup", category="action")
        return [
            ({"name": "backup"}, ids(t)),
            ({"slug": "backup"}, ids(t)),
            ({"category": "action"}, ids(t)),
            *self.created_at_cases(t),
        ]

    def test_usage_count(self):
        session = WorkSessionFactory()
        session.tags.add(self.existing)
        body = self.client.get(f"{self.base_path}{self.existing.pk}/").json()
        assert body["usage_count"] == 1


class TestWorkSessionAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = WorkSession
    base_path = "/api/v1/sessions/"
    factory = WorkSessionFactory
    update_data = {"status": "completed", "summary": "Fixed mail flow 📬", "tags": ["Mail"]}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.project = ProjectFactory(client=self.acme)
        self.machine = MachineFactory()
        self.existing = WorkSessionFactory(claude_session_id="claude-existing")

    def get_create_data(self):
        return [
            {
                "title": "Exchange migration",
                "client": str(self.acme.pk),
                "project": str(self.project.pk),
                "machine": str(self.machine.pk),
                "started_at": "2026-03-02T08:00:00Z",
                "ended_at": "2026-03-02T10:00:00Z",
                "claude_session_id": "c0ffee-1",
                "tags": ["Exchange", "migration", "exchange"],
            },
            {"title": "Quick call", "client": str(self.acme.pk)},
        ]

    def check_created(self, obj, payload, body):
        assert obj.technician == self.user
        assert obj.client == self.acme  # from the project, or given
        if "tags" in payload:
            assert body["tags"] == ["Exchange", "migration"]
            assert sorted(obj.tags.names()) == ["Exchange", "migration"]

    def get_invalid_data(self):
        return [
            ({"title": "a", "claude_session_id": "claude-existing"}, {"claude_session_id"}),
            (
                {
                    "title": "b",
                    "started_at": "2026-03-02T10:00:00Z",
                    "ended_at": "2026-03-02T09:00:00Z",
                },
                {"ended_at"},
            ),
            (
                {"title": "c", "client": str(ClientFactory().pk), "project": str(self.project.pk)},
                {"project"},
            ),
            ({"title": "d", "tags": "notalist"}, {"tags"}),
            ({"title": "e", "tags": [""]}, {"tags"}),
            ({"title": "f", "status": "zzz"}, {"status"}),
        ]

    def get_create_only_invalid_data(self):
        return [({"client": str(self.acme.pk)}, {"title"})]

    def filter_cases(self):
        tech = UserFactory()
        s = WorkSessionFactory(
            client=self.acme,
            project=self.project,
            machine=self.machine,
            technician=tech,
            status="paused",
            is_billable=False,
            started_at=T0,
            claude_session_id="claude-filter",
        )
        s.tags.add(TagFactory(name="Firewall"))
        return [
            ({"client_id": self.acme.pk}, ids(s)),
            ({"project_id": self.project.pk}, ids(s)),
            ({"machine_id": self.machine.pk}, ids(s)),
            ({"technician_id": tech.pk}, ids(s)),
            ({"status": "paused"}, ids(s)),
            ({"is_billable": "false"}, ids(s)),
            ({"claude_session_id": "claude-filter"}, ids(s)),
            ({"tag": "FIREWALL"}, ids(s)),
            ({"started_at__lte": "2026-03-03T00:00:00Z"}, ids(s)),
            ({"started_at__gte": "2026-03-03T00:00:00Z", "client_id": self.acme.pk}, set()),
            *self.created_at_cases(s),
        ]

    def test_tags_equal_under_the_database_collation_do_not_500(self):
        # MariaDB's utf8mb4 collations equate characters that casefold() keeps apart.
        response = self.client.post(
            self.base_path, {"title": "t", "tags": ["😍", "🚀", "ñ", "n"]}, format="json"
        )
        assert response.status_code == 201, response.content
        assert 2 <= len(response.json()["tags"]) <= 4

    def test_tags_are_replaced_on_update(self):
        session = WorkSessionFactory()
        path = f"{self.base_path}{session.pk}/"
        self.client.patch(path, {"tags": ["a", "b"]}, format="json")
        body = self.client.patch(path, {"tags": ["B", "c"]}, format="json").json()
        assert body["tags"] == ["b", "c"]  # "B" matched the existing "b"
        assert Tag.objects.filter(name__iexact="b").count() == 1


class TestWorkItemAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = WorkItem
    base_path = "/api/v1/work-items/"
    factory = WorkItemFactory
    update_data = {"status": "completed", "actual_minutes": 25}

    def setUp(self):
        super().setUp()
        self.session = WorkSessionFactory()
        self.asset = InfrastructureFactory(client=self.session.client)
        self.foreign_asset = InfrastructureFactory()

    def get_create_data(self):
        return [
            {
                "session": str(self.session.pk),
                "title": "Renew certificate",
                "category": "security",
                "status": "completed",
                "affected_infrastructure": [str(self.asset.pk)],
                "tags": ["TLS"],
            },
            {"session": str(self.session.pk), "title": "Check backups", "status": "pending"},
        ]

    def check_created(self, obj, payload, body):
        if obj.status == "completed":
            assert obj.completed_at is not None
            assert list(obj.affected_infrastructure.all()) == [self.asset]
        else:
            assert obj.completed_at is None

    def get_invalid_data(self):
        s = str(self.session.pk)
        return [
            (
                {
                    "session": s,
                    "title": "x",
                    "affected_infrastructure": [str(self.foreign_asset.pk)],
                },
                {"affected_infrastructure"},
            ),
            ({"session": s, "title": ""}, {"title"}),
            ({"session": s, "title": "y", "priority": "urgent!"}, {"priority"}),
        ]

    def get_create_only_invalid_data(self):
        return [({"title": "no session"}, {"session"})]

    def filter_cases(self):
        w = WorkItemFactory(
            session=self.session,
            category="migration",
            status="blocked",
            priority="high",
            is_billable=False,
        )
        w.affected_infrastructure.add(self.asset)
        w.tags.add(TagFactory(name="DNS"))
        project = ProjectFactory(client=self.session.client)
        with_project = WorkItemFactory(
            session=WorkSessionFactory(client=self.session.client, project=project),
            status="completed",
        )
        WorkItem.objects.filter(pk=with_project.pk).update(completed_at=T0)
        return [
            ({"session_id": self.session.pk}, ids(w)),
            ({"client_id": self.session.client_id}, ids(w, with_project)),
            ({"project_id": project.pk}, ids(with_project)),
            ({"technician_id": self.session.technician_id}, ids(w)),
            ({"infrastructure_id": self.asset.pk}, ids(w)),
            ({"category": "migration"}, ids(w)),
            ({"status": "blocked"}, ids(w)),
            ({"priority": "high"}, ids(w)),
            ({"is_billable": "false"}, ids(w)),
            ({"tag": "dns"}, ids(w)),
            ({"completed_at__lte": "2026-03-03T00:00:00Z"}, ids(with_project)),
            ({"completed_at__gte": "2026-03-03T00:00:00Z"}, set()),
            *self.created_at_cases(w),
        ]


class TestTaskAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = Task
    base_path = "/api/v1/tasks/"
    factory = TaskFactory
    update_data = {"status": "done", "priority": "high"}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.parent = TaskFactory(client=self.acme)

    def get_create_data(self):
        return [
            {
                "title": "Replace UPS battery",
                "client": str(self.acme.pk),
                "parent": str(self.parent.pk),
                "status": "blocked",
                "blocked_reason": "Waiting for the part",
                "due_date": "2026-04-01",
            },
            {"title": "Done already", "client": str(self.acme.pk), "status": "done"},
        ]

    def check_created(self, obj, payload, body):
        assert obj.client == self.acme
        assert (obj.completed_at is not None) == (obj.status == "done")

    def get_invalid_data(self):
        return [
            ({"title": "x", "status": "blocked"}, {"blocked_reason"}),
            (
                {"title": "y", "client": str(ClientFactory().pk), "parent": str(self.parent.pk)},
                {"parent"},
            ),
            ({"title": "z", "due_date": "tomorrow"}, {"due_date"}),
        ]

    def get_create_only_invalid_data(self):
        return [({"client": str(self.acme.pk)}, {"title"})]

    def filter_cases(self):
        assignee = UserFactory()
        project = ProjectFactory(client=self.acme)
        session = WorkSessionFactory(client=self.acme)
        t = TaskFactory(
            client=self.acme,
            project=project,
            origin_session=session,
            parent=self.parent,
            assignee=assignee,
            status="in_progress",
            priority="urgent",
            due_date=datetime.date(2026, 5, 1),
        )
        return [
            ({"client_id": self.acme.pk}, ids(t, self.parent)),
            ({"project_id": project.pk}, ids(t)),
            ({"origin_session_id": session.pk}, ids(t)),
            ({"parent_id": self.parent.pk}, ids(t)),
            ({"assignee_id": assignee.pk}, ids(t)),
            ({"status": "in_progress"}, ids(t)),
            ({"priority": "urgent"}, ids(t)),
            ({"due_date__gte": "2026-04-30"}, ids(t)),
            ({"due_date__lte": "2026-04-30", "client_id": self.acme.pk}, set()),
            *self.created_at_cases(t),
        ]


class TestTimeEntryAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = TimeEntry
    base_path = "/api/v1/time-entries/"
    factory = TimeEntryFactory
    update_data = {"description": "Patched servers 🛠️", "hourly_rate": "130.00"}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory(
            default_hourly_rate="120.00", billing_increment_minutes=15, minimum_billable_minutes=15
        )
        self.session = WorkSessionFactory(client=self.acme)
        self.item = WorkItemFactory(session=self.session, category="security")

    def get_create_data(self):
        return [
            {
                "client": str(self.acme.pk),
                "work_item": str(self.item.pk),
                "started_at": "2026-03-02T23:50:00Z",
                "ended_at": "2026-03-03T00:01:00Z",
                "description": "Midnight patching",
            },
            {
                "client": str(self.acme.pk),
                "started_at": "2026-03-02T08:00:00Z",
                "actual_minutes": 1,
                "hourly_rate": "99.99",
                "is_billable": False,
            },
        ]

    def check_created(self, obj, payload, body):
        assert obj.technician == self.user
        assert obj.client == self.acme
        if "work_item" in payload:
            assert (obj.session, obj.category) == (self.session, "security")
            assert (body["actual_minutes"], body["billable_minutes"], body["amount"]) == (
                11,
                15,
                "30.00",
            )
        else:
            assert (body["billable_minutes"], body["amount"], body["hourly_rate"]) == (
                0,
                "0.00",
                "99.99",
            )

    def get_invalid_data(self):
        c = str(self.acme.pk)
        return [
            (
                {
                    "client": c,
                    "started_at": "2026-03-02T10:00:00Z",
                    "ended_at": "2026-03-02T09:00:00Z",
                },
                {"ended_at"},
            ),
            (
                {
                    "client": c,
                    "started_at": "2026-03-02T10:00:00Z",
                    "ended_at": "2026-03-02T11:00:00Z",
                    "actual_minutes": 30,
                },
                {"actual_minutes"},
            ),
            (
                {
                    "client": str(ClientFactory().pk),
                    "session": str(self.session.pk),
                    "started_at": "2026-03-02T10:00:00Z",
                    "actual_minutes": 5,
                },
                {"session"},
            ),
            (
                {"client": c, "started_at": "2026-03-02T10:00:00Z", "actual_minutes": 0},
                {"actual_minutes"},
            ),
            (
                {
                    "client": c,
                    "started_at": "2026-03-02T10:00:00Z",
                    "actual_minutes": 5,
                    "hourly_rate": "-1",
                },
                {"hourly_rate"},
            ),
            (
                {
                    "client": c,
                    "started_at": "2026-03-02T10:00:00Z",
                    "actual_minutes": 5,
                    "invoice_reference": "INV-1",
                },
                {"billed"},
            ),
        ]

    def get_create_only_invalid_data(self):
        return [
            ({"started_at": "2026-03-02T10:00:00Z", "actual_minutes": 5}, {"client"}),
            ({"client": str(self.acme.pk), "started_at": "2026-03-02T10:00:00Z"}, {"ended_at"}),
        ]

    def filter_cases(self):
        project = ProjectFactory(client=self.acme)
        session = WorkSessionFactory(client=self.acme, project=project)
        item = WorkItemFactory(session=session)
        tech = UserFactory()
        e = TimeEntryFactory(
            client=self.acme,
            session=session,
            work_item=item,
            technician=tech,
            category="consulting",
            is_billable=False,
            started_at=T0,
        )
        b = TimeEntryFactory(client=self.acme, billed=True, invoice_reference="INV-7")
        return [
            ({"client_id": self.acme.pk}, ids(e, b)),
            ({"project_id": project.pk}, ids(e)),
            ({"session_id": session.pk}, ids(e)),
            ({"work_item_id": item.pk}, ids(e)),
            ({"technician_id": tech.pk}, ids(e)),
            ({"category": "consulting"}, ids(e)),
            ({"is_billable": "false"}, ids(e)),
            ({"billed": "true"}, ids(b)),
            ({"invoice_reference": "INV-7"}, ids(b)),
            ({"started_at__lte": "2026-03-03T00:00:00Z", "client_id": self.acme.pk}, ids(e)),
            ({"started_at__gte": "2026-03-03T00:00:00Z", "client_id": self.acme.pk}, ids(b)),
            *self.created_at_cases(e),
        ]


class SessionEvidenceCases:
    """Filter cases every session-evidence resource shares."""

    def evidence_cases(self, obj) -> list[tuple[dict, set]]:
        session = obj.session
        return [
            ({"session_id": session.pk}, ids(obj)),
            ({"client_id": session.client_id}, ids(obj)),
            ({"technician_id": session.technician_id}, ids(obj)),
            ({"work_item_id": obj.work_item_id}, ids(obj)),
            ({"project_id": session.project_id}, ids(obj)),
        ]

    def evidence_parent(self):
        client = ClientFactory()
        session = WorkSessionFactory(client=client, project=ProjectFactory(client=client))
        return session, WorkItemFactory(session=session)


class TestCommandRunAPI(SessionEvidenceCases, CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = CommandRun
    base_path = "/api/v1/commands/"
    factory = CommandRunFactory
    update_data = {"exit_code": 1, "output_excerpt": "failed: permission denied"}

    def setUp(self):
        super().setUp()
        self.session = WorkSessionFactory()
        self.other_item = WorkItemFactory()

    def get_create_data(self):
        return [
            {
                "session": str(self.session.pk),
                "command": "curl -H 'Authorization: Bearer abcdef0123456789abcdef' https://x.example",
                "exit_code": 0,
                "output_excerpt": "ok",
                "ran_at": "2026-03-02T08:00:00Z",
            }
        ]

    def check_created(self, obj, payload, body):
        assert "abcdef0123456789abcdef" not in obj.command
        assert "abcdef0123456789abcdef" not in body["command"]

    def get_invalid_data(self):
        s = str(self.session.pk)
        return [
            ({"session": s, "command": "ls", "work_item": str(self.other_item.pk)}, {"work_item"}),
            ({"session": s, "command": "ls", "exit_code": 2**40}, {"exit_code"}),
            ({"session": s, "command": ""}, {"command"}),
        ]

    def filter_cases(self):
        session, item = self.evidence_parent()
        machine = MachineFactory()
        c = CommandRunFactory(session=session, work_item=item, machine=machine, exit_code=127)
        CommandRun.objects.filter(pk=c.pk).update(ran_at=T0)
        return [
            *self.evidence_cases(c),
            ({"machine_id": machine.pk}, ids(c)),
            ({"exit_code": 127}, ids(c)),
            ({"ran_at__lte": "2026-03-03T00:00:00Z"}, ids(c)),
            ({"ran_at__gte": "2026-03-03T00:00:00Z", "session_id": session.pk}, set()),
            *self.created_at_cases(c),
        ]


class TestFileChangeAPI(SessionEvidenceCases, CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = FileChange
    base_path = "/api/v1/file-changes/"
    factory = FileChangeFactory
    update_data = {"summary": "Raised the max upload size"}

    def setUp(self):
        super().setUp()
        self.session = WorkSessionFactory()

    def get_create_data(self):
        return [
            {
                "session": str(self.session.pk),
                "path": "/etc/nginx/nginx.conf",
                "change_type": "renamed",
                "previous_path": "/etc/nginx/old.conf",
            }
        ]

    def get_invalid_data(self):
        s = str(self.session.pk)
        return [
            ({"session": s, "path": "/a", "change_type": "renamed"}, {"previous_path"}),
            ({"session": s, "path": "/a", "change_type": "copied"}, {"change_type"}),
            ({"session": s, "path": ""}, {"path"}),
        ]

    def filter_cases(self):
        session, item = self.evidence_parent()
        f = FileChangeFactory(session=session, work_item=item, change_type="deleted", path="/x/y")
        FileChange.objects.filter(pk=f.pk).update(changed_at=T0)
        return [
            *self.evidence_cases(f),
            ({"change_type": "deleted"}, ids(f)),
            ({"path": "/x/y"}, ids(f)),
            ({"changed_at__lte": "2026-03-03T00:00:00Z"}, ids(f)),
            ({"changed_at__gte": "2026-03-03T00:00:00Z", "session_id": session.pk}, set()),
            *self.created_at_cases(f),
        ]


class TestProblemSolutionAPI(
    SessionEvidenceCases, CreatedAtCases, APIViewTestCases.APIViewTestCase
):
    model = ProblemSolution
    base_path = "/api/v1/problem-solutions/"
    factory = ProblemSolutionFactory
    update_data = {"verification": "Test mail delivered", "tags": ["smtp"]}

    def setUp(self):
        super().setUp()
        self.session = WorkSessionFactory()
        self.asset = InfrastructureFactory(client=self.session.client)

    def get_create_data(self):
        return [
            {
                "session": str(self.session.pk),
                "client": str(self.session.client_id),
                "infrastructure": str(self.asset.pk),
                "title": "Mail stuck in queue",
                "symptom": "Outbound mail queued",
                "root_cause": "Expired connector certificate",
                "resolution": "Renewed the certificate",
                "tags": ["Exchange"],
            },
            {
                "client": str(self.session.client_id),
                "title": "Printer offline",
                "symptom": "Offline",
                "resolution": "Fixed IP reservation",
            },
        ]

    def check_created(self, obj, payload, body):
        assert obj.client_id == self.session.client_id

    def get_invalid_data(self):
        return [
            (
                {
                    "session": str(self.session.pk),
                    "infrastructure": str(InfrastructureFactory().pk),
                    "title": "x",
                    "symptom": "s",
                    "resolution": "r",
                },
                {"infrastructure"},
            ),
            ({"title": "x", "symptom": "", "resolution": "r"}, {"symptom"}),
        ]

    def filter_cases(self):
        session, item = self.evidence_parent()
        asset = InfrastructureFactory(client=session.client)
        p = ProblemSolutionFactory(
            session=session, work_item=item, client=session.client, infrastructure=asset
        )
        p.tags.add(TagFactory(name="Printing"))
        ProblemSolution.objects.filter(pk=p.pk).update(solved_at=T0)
        return [
            *self.evidence_cases(p),
            ({"infrastructure_id": asset.pk}, ids(p)),
            ({"tag": "printing"}, ids(p)),
            ({"solved_at__lte": "2026-03-03T00:00:00Z"}, ids(p)),
            ({"solved_at__gte": "2026-03-03T00:00:00Z", "client_id": session.client_id}, set()),
            *self.created_at_cases(p),
        ]


class TestInfrastructureChangeAPI(
    SessionEvidenceCases, CreatedAtCases, APIViewTestCases.APIViewTestCase
):
    model = InfrastructureChange
    base_path = "/api/v1/infrastructure-changes/"
    factory = InfrastructureChangeFactory
    update_data = {"verified": True}

    def setUp(self):
        super().setUp()
        self.session = WorkSessionFactory()
        self.asset = InfrastructureFactory(client=self.session.client)

    def get_create_data(self):
        return [
            {
                "session": str(self.session.pk),
                "infrastructure": str(self.asset.pk),
                "title": "Disable SMBv1",
                "before_state": "SMBv1 enabled",
                "after_state": "SMBv1 disabled",
                "rollback_plan": "Set-SmbServerConfiguration -EnableSMB1Protocol $true",
                "verified": True,
            }
        ]

    def check_created(self, obj, payload, body):
        assert obj.verified_at is not None

    def get_invalid_data(self):
        return [
            (
                {
                    "session": str(self.session.pk),
                    "infrastructure": str(InfrastructureFactory().pk),
                    "title": "x",
                },
                {"infrastructure"},
            ),
            ({"infrastructure": str(self.asset.pk), "title": ""}, {"title"}),
            (
                {"infrastructure": str(self.asset.pk), "title": "y", "change_type": "magic"},
                {"change_type"},
            ),
        ]

    def get_create_only_invalid_data(self):
        return [({"title": "no host"}, {"infrastructure"})]

    def filter_cases(self):
        session, item = self.evidence_parent()
        asset = InfrastructureFactory(client=session.client)
        c = InfrastructureChangeFactory(
            session=session,
            work_item=item,
            infrastructure=asset,
            change_type="network",
            verified=True,
        )
        InfrastructureChange.objects.filter(pk=c.pk).update(changed_at=T0, verified_at=T0)
        return [
            *self.evidence_cases(c),
            ({"infrastructure_id": asset.pk}, ids(c)),
            ({"change_type": "network"}, ids(c)),
            ({"verified": "true"}, ids(c)),
            ({"changed_at__lte": "2026-03-03T00:00:00Z"}, ids(c)),
            ({"changed_at__gte": "2026-03-03T00:00:00Z", "client_id": session.client_id}, set()),
            *self.created_at_cases(c),
        ]
