"""/mcp/ in-process: the JSON-RPC exchange Claude Code has with the server, every tool,
authentication by machine token and user JWT, scoping, argument errors (nothing
written), permissions, the switch, the request log and query counts."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from rest_framework.test import APIClient

from audit.models import ApiRequestLog
from context_recall.mcp.tools import REVEAL_HINT, TOOLS
from context_recall.models import ContextSnippet, DecisionLog, ProjectState
from context_recall.testing.factories import ContextSnippetFactory, DecisionLogFactory
from msp.testing.auth import client_for
from msp.testing.credential_factories import CredentialFactory
from msp.testing.factories import TechnicianFactory, UserFactory
from msp.testing.inventory_factories import ClientFactory, InfrastructureFactory, SiteFactory
from tracking.models import Task, TimeEntry
from tracking.services.machine_tokens import issue_machine_token, revoke_machine_token
from tracking.testing.factories import (
    ProjectFactory,
    ProjectPathFactory,
    TaskFactory,
    WorkSessionFactory,
)

pytestmark = pytest.mark.django_db

URL = "/mcp/"
ACCEPT = "application/json, text/event-stream"
PROTOCOL = "2025-06-18"
TOOL_NAMES = {
    "search_memories",
    "get_memory",
    "save_decision",
    "save_snippet",
    "project_state",
    "open_tasks",
    "log_time",
    "find_asset",
}


def rpc(api, method, params=None, *, id=1, version=PROTOCOL, **headers):
    body = {"jsonrpc": "2.0", "id": id, "method": method}
    if params is not None:
        body["params"] = params
    extra = {"HTTP_MCP_PROTOCOL_VERSION": version} if version else {}
    return api.post(
        URL,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT=ACCEPT,
        **extra,
        **headers,
    )


def call(api, name, **arguments) -> dict:
    response = rpc(api, "tools/call", {"name": name, "arguments": arguments})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()["result"]


def ok(result: dict) -> dict:
    assert result["isError"] is False, result
    data = result["structuredContent"]
    assert json.loads(result["content"][0]["text"]) == data
    return data


def error(result: dict, kind: str = "invalid_argument") -> dict:
    assert result["isError"] is True, result
    data = result["structuredContent"]
    assert data["error"] == kind, data
    return data


def counts() -> tuple:
    return (
        DecisionLog.objects.count(),
        ContextSnippet.objects.count(),
        ProjectState.objects.count(),
        Task.objects.count(),
        TimeEntry.objects.count(),
    )


@pytest.fixture
def tech():
    return TechnicianFactory(username="mcp-tech")


@pytest.fixture
def acme():
    return ClientFactory(name="Acme", billing_increment_minutes=15, minimum_billable_minutes=30)


@pytest.fixture
def project(acme):
    return ProjectFactory(name="Acme firewall", slug="acme-firewall", client=acme)


@pytest.fixture
def issued(tech):
    return issue_machine_token(user=tech, fingerprint="e" * 64, hostname="tech-laptop")


@pytest.fixture
def session(tech, issued, project, acme):
    return WorkSessionFactory(
        technician=tech,
        machine=issued.row.machine,
        project=project,
        client=acme,
        claude_session_id="cc-session-1",
    )


@pytest.fixture
def machine_api(issued):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    return api


@pytest.fixture
def mcp(machine_api, session):
    """A machine-token client whose machine last worked in ``project``."""
    return machine_api


# --- Protocol -----------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"])
def test_initialize_negotiates_the_clients_version(machine_api, version):
    response = rpc(
        machine_api,
        "initialize",
        {
            "protocolVersion": version,
            "capabilities": {},
            "clientInfo": {"name": "claude-code", "version": "2.1.0"},
        },
        version=None,
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "Mcp-Session-Id" not in response  # stateless
    result = response.json()["result"]
    assert result["protocolVersion"] == version
    assert result["serverInfo"]["name"] == "msp"
    assert "tools" in result["capabilities"]
    assert result["instructions"]


def test_initialized_notification_is_accepted(machine_api):
    response = machine_api.post(
        URL,
        data=json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        content_type="application/json",
        HTTP_ACCEPT=ACCEPT,
        HTTP_MCP_PROTOCOL_VERSION=PROTOCOL,
    )
    assert response.status_code == 202


def test_tools_list_has_every_tool_with_a_description_and_a_schema(machine_api):
    response = rpc(machine_api, "tools/list")
    assert response.status_code == 200
    tools = {tool["name"]: tool for tool in response.json()["result"]["tools"]}
    assert set(tools) == TOOL_NAMES
    for name, tool in tools.items():
        assert len(tool["description"]) > 60, name
        schema = tool["inputSchema"]
        Draft202012Validator.check_schema(schema)
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
        assert schema["properties"], name
        for prop, definition in schema["properties"].items():
            assert "type" in definition, (name, prop)
        assert tool["annotations"]["readOnlyHint"] is TOOLS[name].read_only


def test_get_and_delete_answer_405(machine_api):
    assert machine_api.get(URL, HTTP_ACCEPT="text/event-stream").status_code == 405
    assert machine_api.delete(URL).status_code == 405


def test_unknown_tool_is_a_json_rpc_error(mcp):
    response = rpc(mcp, "tools/call", {"name": "drop_tables", "arguments": {}})
    assert response.status_code == 200
    body = response.json()
    assert body["error"]["code"] == -32602
    assert "drop_tables" in body["error"]["message"]


# --- Authentication -------------------------------------------------------------------------


def test_no_token_is_401_in_the_api_shape():
    response = rpc(APIClient(), "tools/list")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_machine_token_is_401(machine_api, issued):
    revoke_machine_token(issued.row)
    response = rpc(machine_api, "tools/list")
    assert response.status_code == 401
    assert response.json()["code"] in {"token_not_valid", "token_revoked"}


def test_user_jwt_works_and_defaults_to_the_users_latest_session(tech, session, project):
    api = client_for(tech)
    data = ok(call(api, "open_tasks"))
    assert data["project"]["slug"] == project.slug
    assert data["project"]["chosen_by"] == "recent activity of your sessions"


def test_machine_token_defaults_to_the_machines_latest_session(mcp, tech, issued, acme):
    other = ProjectFactory(name="Acme backups", slug="acme-backups", client=acme)
    # A later session of the same technician on another machine does not move the
    # machine's default: the request names no directory, the machine is what is known.
    WorkSessionFactory(technician=tech, project=other, client=acme, claude_session_id="elsewhere")
    data = ok(call(mcp, "open_tasks"))
    assert data["project"]["slug"] == "acme-firewall"
    assert data["project"]["chosen_by"] == "recent activity of this machine"
    data = ok(call(mcp, "open_tasks", project="acme-backups"))
    assert data["project"] == {
        "id": str(other.pk),
        "slug": "acme-backups",
        "name": "Acme backups",
        "chosen_by": "argument",
    }
    assert ok(call(mcp, "open_tasks", project="ACME BACKUPS"))["project"]["slug"] == "acme-backups"
    assert ok(call(mcp, "open_tasks", project=str(other.pk)))["project"]["slug"] == "acme-backups"


def test_a_machine_without_sessions_defaults_to_its_learned_checkout(machine_api, issued, acme):
    project = ProjectFactory(client=acme, slug="checked-out")
    ProjectPathFactory(machine=issued.row.machine, project=project, path="/home/t/src/x")
    data = ok(call(machine_api, "open_tasks"))
    assert data["project"]["slug"] == "checked-out"
    assert data["project"]["chosen_by"] == "recent activity of this machine"


def test_a_hidden_projects_session_is_no_default(machine_api, tech, issued):
    hidden = ProjectFactory(client=ClientFactory(teams=[]), slug="hidden")
    WorkSessionFactory(
        technician=tech, machine=issued.row.machine, project=hidden, client=hidden.client
    )
    assert error(call(machine_api, "open_tasks"))["argument"] == "project"


def test_without_any_session_the_project_argument_is_asked_for(machine_api):
    data = error(call(machine_api, "search_memories", query="vpn"))
    assert data["argument"] == "project"


# --- search_memories / get_memory ------------------------------------------------------------


def test_search_memories_ranks_within_the_budget(mcp, project):
    wanted = ContextSnippetFactory(
        project=project,
        title="WireGuard VPN on the edge firewall",
        content="The edge firewall terminates WireGuard VPN on port 51820. " * 3,
    )
    ContextSnippetFactory(project=project, title="Printer", content="Toner in the basement.")
    data = ok(call(mcp, "search_memories", query="wireguard vpn firewall", max_tokens=400))
    assert data["project"]["slug"] == project.slug
    assert data["items"][0]["id"] == str(wanted.pk)
    assert data["items"][0]["kind"] == "snippet"
    assert data["token_estimate"] <= 400
    small = ok(call(mcp, "search_memories", query="wireguard vpn firewall", max_tokens=50))
    assert small["token_estimate"] <= 50


def test_get_memory_answers_the_full_text(mcp, project):
    decision = DecisionLogFactory(
        project=project, decision="Use WireGuard, not IPsec.", rationale="Simpler to audit."
    )
    data = ok(call(mcp, "get_memory", id=str(decision.pk)))
    assert data["kind"] == "decision"
    assert "Use WireGuard, not IPsec." in data["text"]
    assert "Simpler to audit." in data["text"]
    assert ok(call(mcp, "get_memory", id=str(decision.pk), kind="decision"))["id"] == str(
        decision.pk
    )


def test_another_clients_memory_is_not_found(mcp):
    hidden_client = ClientFactory(teams=[])
    hidden = ContextSnippetFactory(
        project=ProjectFactory(client=hidden_client), title="Hidden", content="Not yours."
    )
    data = error(call(mcp, "get_memory", id=str(hidden.pk)), "not_found")
    assert "Hidden" not in json.dumps(data)


# --- A technician scoped to one client --------------------------------------------------------


def test_scoped_technician_sees_neither_memories_nor_assets_of_another_client():
    team = Group.objects.create(name="Team Acme")
    tech = TechnicianFactory(username="scoped", teams=[team])
    mine = ClientFactory(name="Mine", teams=[team])
    theirs = ClientFactory(name="Theirs", teams=[])
    my_project = ProjectFactory(client=mine, slug="mine")
    their_project = ProjectFactory(client=theirs, slug="theirs")
    ContextSnippetFactory(project=their_project, title="Their VPN", content="vpn secret sauce")
    InfrastructureFactory(client=theirs, hostname="their-dc01")
    InfrastructureFactory(client=mine, hostname="my-dc01")
    WorkSessionFactory(technician=tech, project=my_project, client=mine)
    api = client_for(tech)

    assert error(call(api, "search_memories", query="vpn", project="theirs"))["argument"] == (
        "project"
    )
    data = ok(call(api, "search_memories", query="vpn secret sauce"))
    assert data["project"]["slug"] == "mine"
    assert data["items"] == []
    assert [a["hostname"] for a in ok(call(api, "find_asset", query="dc01"))["assets"]] == [
        "my-dc01"
    ]
    assert ok(call(api, "find_asset", query="their-dc01"))["assets"] == []


# --- Permissions ------------------------------------------------------------------------------


def test_a_tool_without_the_permission_answers_so(session):
    plain = UserFactory(username="no-perms")
    WorkSessionFactory(technician=plain, project=session.project, client=session.client)
    api = client_for(plain)
    before = counts()
    for name, arguments in (
        ("search_memories", {"query": "x"}),
        ("save_snippet", {"title": "t", "content": "c"}),
        ("log_time", {"minutes": 5, "description": "d"}),
        ("find_asset", {"query": "x"}),
        ("open_tasks", {"action": "create", "title": "t"}),
    ):
        data = error(call(api, name, **arguments), "permission_denied")
        assert data["permissions"], name
    assert counts() == before


def test_tools_list_offers_only_the_tools_the_caller_may_use(session):
    def listed(user) -> set[str]:
        response = rpc(client_for(user), "tools/list")
        assert response.status_code == 200
        return {tool["name"] for tool in response.json()["result"]["tools"]}

    assert listed(UserFactory(username="nothing")) == set()
    reader = UserFactory(
        username="memory-reader",
        permissions=[
            f"context_recall.view_{m}"
            for m in ("conversationcontext", "contextsnippet", "decisionlog", "projectstate")
        ],
    )
    assert listed(reader) == {"search_memories", "get_memory", "project_state"}
    timekeeper = UserFactory(username="timekeeper", permissions=["tracking.add_timeentry"])
    assert listed(timekeeper) == {"log_time"}
    # A tool it is not offered is refused if called anyway, whatever the arguments.
    data = error(call(client_for(timekeeper), "find_asset", query="x"), "permission_denied")
    assert data["permissions"] == ["msp.view_infrastructure"]


# --- Writes -----------------------------------------------------------------------------------


def test_save_decision_links_the_current_session(mcp, session, project):
    data = ok(
        call(
            mcp,
            "save_decision",
            decision="Pin the SDK at 2.3.0",
            reason="The 1.x line is legacy",
            alternatives=["django-mcp-server"],
            tags=["mcp"],
        )
    )
    decision = DecisionLog.objects.get(pk=data["decision"]["id"])
    assert decision.project == project
    assert decision.session == session
    assert decision.rationale == "The 1.x line is legacy"
    assert decision.alternatives == ["django-mcp-server"]
    assert list(decision.tags.names()) == ["mcp"]


def test_save_snippet_stores_redacted_and_once(mcp, project):
    first = ok(call(mcp, "save_snippet", title="Restart", content="systemctl restart nginx"))
    again = ok(call(mcp, "save_snippet", title="Restart", content="systemctl restart nginx"))
    assert first["created"] is True
    assert again["created"] is False
    assert again["snippet"]["id"] == first["snippet"]["id"]
    assert ContextSnippet.objects.get(pk=first["snippet"]["id"]).project == project


def test_project_state_read_and_update(mcp, project):
    assert ok(call(mcp, "project_state"))["state"] is None
    data = ok(
        call(mcp, "project_state", action="update", phase="testing", progress=60, blockers=["x"])
    )
    assert data["created"] is True
    assert data["state"]["phase"] == "testing"
    ok(call(mcp, "project_state", action="update", summary="Almost there"))
    state = ok(call(mcp, "project_state", action="read"))["state"]
    assert (state["phase"], state["progress"], state["summary"]) == ("testing", 60, "Almost there")
    assert ProjectState.objects.get().project == project


def test_open_tasks_create_list_complete(mcp, tech, project, session):
    created = ok(
        call(mcp, "open_tasks", action="create", title="Renew cert", due_date="2026-12-31")
    )["task"]
    assert created["status"] == "todo"
    assert created["due_date"] == "2026-12-31"
    task = Task.objects.get(pk=created["id"])
    assert (task.project, task.client, task.origin_session, task.assignee) == (
        project,
        project.client,
        session,
        tech,
    )
    listed = ok(call(mcp, "open_tasks"))["tasks"]
    assert [t["id"] for t in listed] == [created["id"]]
    done = ok(call(mcp, "open_tasks", action="complete", task_id=created["id"]))
    assert done["task"]["status"] == "done"
    assert done["changed"] is True
    assert done["task"]["completed_at"]
    assert ok(call(mcp, "open_tasks"))["tasks"] == []
    assert ok(call(mcp, "open_tasks", action="complete", task_id=created["id"]))["changed"] is False


def test_another_clients_task_cannot_be_completed(mcp):
    hidden = TaskFactory(client=ClientFactory(teams=[]))
    error(call(mcp, "open_tasks", action="complete", task_id=str(hidden.pk)), "not_found")
    hidden.refresh_from_db()
    assert hidden.status == "todo"


def test_log_time_follows_the_billing_rules(mcp, session, acme, tech):
    data = ok(call(mcp, "log_time", minutes=7, description="Firewall rule review"))
    entry = TimeEntry.objects.get(pk=data["time_entry"]["id"])
    assert (entry.session, entry.client, entry.technician) == (session, acme, tech)
    assert entry.actual_minutes == 7
    # 7 minutes rounded up to the 15-minute increment, then raised to the 30 minimum.
    assert entry.billable_minutes == 30
    assert entry.amount == Decimal("60.00")
    assert data["time_entry"]["billable_minutes"] == 30
    assert data["time_entry"]["amount"] == "60.00"
    assert entry.billed is False
    later = ok(
        call(
            mcp,
            "log_time",
            minutes=46,
            description="More",
            started_at="2026-01-05T08:00:00Z",
            is_billable=False,
        )
    )["time_entry"]
    assert later["billable_minutes"] == 0
    assert later["started_at"] == "2026-01-05T08:00:00Z"
    assert later["ended_at"] == "2026-01-05T08:46:00Z"


def test_log_time_without_a_session_in_the_project_writes_nothing(mcp, acme):
    ProjectFactory(client=acme, slug="no-session-here")
    data = error(call(mcp, "log_time", minutes=5, description="x", project="no-session-here"))
    assert data["argument"] == "project"
    assert TimeEntry.objects.count() == 0


# --- find_asset -------------------------------------------------------------------------------


def test_find_asset_by_name_ip_and_site_never_a_secret(mcp, acme):
    site = SiteFactory(client=acme, name="Hamburg HQ")
    asset = InfrastructureFactory(
        client=acme, site=site, hostname="fw01", ip_address="10.20.0.1", os="OPNsense"
    )
    CredentialFactory(
        client=acme,
        infrastructure=asset,
        name="fw01 admin",
        username="root",
        secrets={"password": "Tr0ub4dor&3-zebra-staple"},
    )
    for query in ("fw01", "10.20.0.1", "hamburg"):
        data = ok(call(mcp, "find_asset", query=query))
        assert [a["hostname"] for a in data["assets"]] == ["fw01"], query
    found = ok(call(mcp, "find_asset", query="fw01"))["assets"][0]
    assert found["client"] == "Acme"
    assert found["site"] == "Hamburg HQ"
    assert found["credentials"] == [
        {"name": "fw01 admin", "type": "Password", "secret": REVEAL_HINT}
    ]
    raw = json.dumps(call(mcp, "find_asset", query="fw01"))
    assert "Tr0ub4dor" not in raw
    assert "root" not in raw


# --- Bad arguments: an error naming the argument, nothing written ------------------------------


BAD_ARGUMENTS = [
    ("search_memories", {}, "query"),
    ("search_memories", {"query": "x", "limit": 0}, "limit"),
    ("search_memories", {"query": "x", "max_tokens": "many"}, "max_tokens"),
    ("search_memories", {"query": "x", "project": "no-such-project"}, "project"),
    ("search_memories", {"query": "x", "tags": ["   "]}, "tags"),
    ("get_memory", {"id": "not-a-uuid"}, "id"),
    ("get_memory", {"id": "x", "kind": "email"}, "kind"),
    ("save_decision", {"decision": "Use X"}, "reason"),
    ("save_decision", {"decision": "", "reason": "y"}, "decision"),
    ("save_decision", {"decision": "d", "reason": "r", "importance": 11}, "importance"),
    ("save_snippet", {"title": "t"}, "content"),
    ("save_snippet", {"title": "t", "content": "c", "category": "gossip"}, "category"),
    ("save_snippet", {"title": "t", "content": "c", "colour": "red"}, "colour"),
    ("save_snippet", {"title": "t", "content": "c", "tags": ["ok", " "]}, "tags"),
    ("project_state", {"action": "update", "progress": 150}, "progress"),
    ("project_state", {"action": "update"}, "action"),
    ("project_state", {"action": "erase"}, "action"),
    ("open_tasks", {"action": "create"}, "title"),
    ("open_tasks", {"action": "create", "title": "t", "due_date": "2026-02-31"}, "due_date"),
    ("open_tasks", {"action": "complete"}, "task_id"),
    ("open_tasks", {"action": "complete", "task_id": "42"}, "task_id"),
    ("log_time", {"description": "d"}, "minutes"),
    ("log_time", {"minutes": 0, "description": "d"}, "minutes"),
    ("log_time", {"minutes": 5, "description": "d", "started_at": "yesterday"}, "started_at"),
    ("log_time", {"minutes": 5, "description": "d", "category": "napping"}, "category"),
    ("find_asset", {}, "query"),
    ("find_asset", {"query": "x", "limit": 500}, "limit"),
]


@pytest.mark.parametrize(("tool", "arguments", "argument"), BAD_ARGUMENTS)
def test_bad_arguments_name_the_argument_and_write_nothing(mcp, tool, arguments, argument):
    before = counts()
    data = error(call(mcp, tool, **arguments))
    assert data["argument"] == argument
    assert f"'{argument}'" in data["message"]
    assert counts() == before


def test_every_tool_has_a_bad_argument_case():
    assert {tool for tool, _, _ in BAD_ARGUMENTS} == TOOL_NAMES


# --- The switch and the request log ------------------------------------------------------------


@override_settings(MSP_MCP_ENABLED=False)
def test_switched_off_is_404_for_everyone(machine_api):
    response = rpc(machine_api, "tools/list")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert rpc(APIClient(), "tools/list").status_code == 404


def test_every_call_is_in_the_request_log_with_the_tool_and_no_secret(mcp, issued):
    secret = "AKIAIOSFODNN7EXAMPLE"
    password = "hunter2-Correct-Horse"
    ok(
        call(
            mcp,
            "save_snippet",
            title="Backup job",
            content=f"aws key {secret}; mysql://backup:{password}@db.acme.example/app",
        )
    )
    row = ApiRequestLog.objects.filter(endpoint=URL).latest("seq")
    assert row.http_method == "POST"
    assert row.response_status == 200
    assert row.auth_kind == "machine"
    assert row.user_id == str(issued.row.user_id)
    assert '"save_snippet"' in row.request_body
    assert secret not in row.request_body
    assert password not in row.request_body
    stored = ContextSnippet.objects.get()
    assert secret not in stored.content
    assert password not in stored.content


def test_an_unauthenticated_call_is_logged_too():
    rpc(APIClient(), "tools/list")
    row = ApiRequestLog.objects.filter(endpoint=URL).latest("seq")
    assert row.response_status == 401
    assert row.auth_kind == "anonymous"


# --- Query counts: the list-like tools do not grow with the rows ------------------------------


def _queries(api, name, **arguments) -> int:
    with CaptureQueriesContext(connection) as captured:
        ok(call(api, name, **arguments))
    return len(captured.captured_queries)


def test_open_tasks_list_query_count_is_flat(mcp, project):
    TaskFactory(project=project, client=project.client)
    ok(call(mcp, "open_tasks"))  # the first request of a token also records its use
    few = _queries(mcp, "open_tasks")
    TaskFactory.create_batch(8, project=project, client=project.client)
    assert _queries(mcp, "open_tasks") == few


def test_find_asset_query_count_is_flat(mcp, acme):
    site = SiteFactory(client=acme, name="Site A")
    asset = InfrastructureFactory(client=acme, site=site, hostname="srv-00")
    CredentialFactory(client=acme, infrastructure=asset)
    ok(call(mcp, "find_asset", query="srv-"))
    few = _queries(mcp, "find_asset", query="srv-")
    for n in range(1, 8):
        asset = InfrastructureFactory(client=acme, site=site, hostname=f"srv-{n:02d}")
        CredentialFactory(client=acme, infrastructure=asset)
    assert _queries(mcp, "find_asset", query="srv-") == few


def test_search_memories_query_count_is_flat(mcp, project):
    ContextSnippetFactory(project=project, title="vpn 0", content="vpn gateway note 0")
    ok(call(mcp, "search_memories", query="vpn gateway"))
    few = _queries(mcp, "search_memories", query="vpn gateway")
    for n in range(1, 8):
        ContextSnippetFactory(project=project, title=f"vpn {n}", content=f"vpn gateway note {n}")
    ok(call(mcp, "search_memories", query="vpn gateway"))  # reads the changed scope's vectors
    many = _queries(mcp, "search_memories", query="vpn gateway")
    # The usage bump touches each kind once, not each memory; the older look-alikes the
    # answer names are checked against the project's scope in one query per kind.
    assert many <= few + 2
    for n in range(8, 16):
        ContextSnippetFactory(project=project, title=f"vpn {n}", content=f"vpn gateway note {n}")
    ok(call(mcp, "search_memories", query="vpn gateway"))
    assert _queries(mcp, "search_memories", query="vpn gateway") == many


def test_only_writes_run_in_a_transaction():
    # On SQLite a transaction takes the write lock: reads must not queue behind writes.
    assert TOOLS["open_tasks"].reads_only({}) is True
    assert TOOLS["open_tasks"].reads_only({"action": "list"}) is True
    assert TOOLS["open_tasks"].reads_only({"action": "complete"}) is False
    assert TOOLS["project_state"].reads_only({"action": "update"}) is False
    assert TOOLS["save_snippet"].reads_only({}) is False
    assert TOOLS["log_time"].reads_only({}) is False


def _replace_handler(monkeypatch, name, handler):
    spec = TOOLS[name]
    monkeypatch.setitem(
        TOOLS,
        "find_asset",
        type(spec)(
            name=spec.name,
            title=spec.title,
            description=spec.description,
            input_schema=spec.input_schema,
            handler=handler,
            read_only=True,
        ),
    )


def test_a_fault_in_a_tool_is_a_generic_error_and_leaks_nothing(mcp, monkeypatch):
    def broken(caller, args):
        raise RuntimeError("internal detail: /srv/app/settings.py line 42")

    _replace_handler(monkeypatch, "find_asset", broken)
    response = rpc(mcp, "tools/call", {"name": "find_asset", "arguments": {"query": "x"}})
    body = response.json()
    assert body["error"]["message"] == "Internal server error"
    assert "internal detail" not in response.content.decode()


def test_an_unreachable_database_is_a_retry_later_tool_error(mcp, monkeypatch):
    def down(caller, args):
        # What Django raises when the server went away (MySQL error 2006).
        raise OperationalError(2006, "MySQL server has gone away")

    _replace_handler(monkeypatch, "find_asset", down)
    data = error(call(mcp, "find_asset", query="x"), "unavailable")
    assert "retry" in data["message"]


# --- Malformed requests -------------------------------------------------------------------


def test_malformed_json_is_a_parse_error(mcp):
    response = mcp.post(URL, data="{not json", content_type="application/json", HTTP_ACCEPT=ACCEPT)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == -32700


def test_a_body_that_is_not_json_is_refused(mcp):
    response = mcp.post(URL, data="hello", content_type="text/plain", HTTP_ACCEPT=ACCEPT)
    assert response.status_code == 415
    assert response["Content-Type"].startswith("application/json")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_413(mcp):
    arguments = {"title": "big", "content": "x" * 5000}
    response = rpc(mcp, "tools/call", {"name": "save_snippet", "arguments": arguments})
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert ContextSnippet.objects.count() == 0


def test_a_client_that_does_not_accept_json_gets_a_json_rpc_error(mcp):
    response = mcp.post(
        URL,
        data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
        content_type="application/json",
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 406
    assert response.json()["error"]["code"] == -32600
