"""POST /api/v1/hooks/claude-code/ (and GET .../client.py) in-process, with real-format
payloads from tests/fixtures/claude_code (Claude Code's events and a transcript)."""

from __future__ import annotations

import datetime
import gzip
import io
import json
import random
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import override_settings
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from context_recall.hook_views import ClaudeCodeHookView
from context_recall.models import ContextType, ConversationContext
from context_recall.testing.factories import ConversationContextFactory
from msp.testing.auth import client_for
from msp.testing.factories import TechnicianFactory, UserFactory
from tracking.models import Project, ProjectPath, WorkSession
from tracking.services.machine_tokens import issue_machine_token, revoke_machine_token
from tracking.testing.factories import (
    MachineFactory,
    ProjectFactory,
    ProjectPathFactory,
    TaskFactory,
    WorkSessionFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/hooks/claude-code/"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claude_code"
CLIENT_FILE = Path(__file__).resolve().parents[1] / "claude_code" / "client.py"
SESSION_ID = "7f3c2a10-5b1e-4c7a-9d2e-0b8e4f6a1c33"
REMOTE = "git@git.example.com:acme/firewall.git"
TOPLEVEL = "/home/tech/src/acme-firewall"


def transcript_entries() -> list[dict]:
    lines = (FIXTURES / "transcript-example.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def payload(name: str, **msp) -> dict:
    event = json.loads((FIXTURES / "payloads" / f"{name}.json").read_text())
    block = {
        "git_remote_url": REMOTE,
        "git_toplevel": TOPLEVEL,
        "machine_fingerprint": "f" * 64,
        "hostname": "tech-laptop",
        "client_version": "1.0.0",
    }
    block.update(msp)
    event["msp"] = block
    return event


def save_payload(name: str = "Stop", entries=None, delivery: str = "a" * 32, **msp) -> dict:
    entries = transcript_entries() if entries is None else entries
    block = {"transcript_range": [0, 1000], "chunk": [1, 1], "delivery_id": delivery}
    block.update(msp)
    return payload(name, transcript_entries=entries, **block)


@pytest.fixture
def tech():
    return TechnicianFactory(username="tech")


@pytest.fixture
def issued(tech):
    return issue_machine_token(user=tech, fingerprint="f" * 64, hostname="tech-laptop")


@pytest.fixture
def hook(issued):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    return client


@pytest.fixture
def project():
    return ProjectFactory(name="Acme firewall", slug="acme-firewall", repository_url=REMOTE)


def post(client, data, gz=False, **extra):
    body = json.dumps(data).encode()
    if gz:
        return client.generic(
            "POST",
            URL,
            gzip.compress(body),
            content_type="application/json",
            HTTP_CONTENT_ENCODING="gzip",
            **extra,
        )
    return client.generic("POST", URL, body, content_type="application/json", **extra)


# --- events ------------------------------------------------------------------------------


def test_session_start_answers_state_tasks_and_recent_work(hook, project, tech):
    ConversationContextFactory(
        project=project,
        title="Phoenix VPN lifetime fixed",
        summary="Goal: fix the hourly Phoenix VPN drop",
        current_state="Phase 2 lifetime set to 3600 s on both sides.",
    )
    TaskFactory(project=project, client=project.client, title="Renew the Phoenix firewall licence")
    WorkSessionFactory(
        project=project, client=project.client, technician=tech, title="Earlier VPN work"
    )
    response = post(hook, payload("SessionStart"))
    assert response.status_code == 200, response.content
    output = response.json()["hookSpecificOutput"]
    assert output["hookEventName"] == "SessionStart"
    context = output["additionalContext"]
    assert "Phoenix VPN lifetime fixed" in context
    assert "Renew the Phoenix firewall licence" in context
    assert "Earlier VPN work" in context
    assert len(context) < 10_000
    session = WorkSession.objects.get(claude_session_id=SESSION_ID)
    assert (session.project, session.technician, session.status) == (project, tech, "active")
    assert session.client == project.client


def test_session_start_with_nothing_to_say_answers_empty_object(hook):
    response = post(hook, payload("SessionStart", git_remote_url=None))
    assert response.status_code == 200
    assert response.json() == {}


# InnoDB FULLTEXT sees rows only once committed: a transactional test on MariaDB.
@pytest.mark.django_db(transaction=True)
def test_user_prompt_submit_recalls_with_the_prompt(hook, project):
    ConversationContextFactory(
        project=project,
        title="pfSense Phoenix tunnel",
        summary="Goal: changed the pfSense phase 2 lifetime for the Phoenix VPN",
    )
    ConversationContextFactory(project=project, title="Printer toner", summary="Goal: order toner")
    response = post(hook, payload("UserPromptSubmit"))
    assert response.status_code == 200, response.content
    output = response.json()["hookSpecificOutput"]
    assert output["hookEventName"] == "UserPromptSubmit"
    assert "pfSense Phoenix tunnel" in output["additionalContext"]
    assert len(output["additionalContext"]) < 10_000
    # A prompt does not create a work session (it must stay fast).
    assert not WorkSession.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_injected_memories_say_which_fact_is_newer(hook, project):
    # Two sessions on one subject (the tunnel, FW01): the later one supersedes the other.
    for lifetime, month in ((3600, 3), (28800, 9)):
        ConversationContextFactory(
            project=project,
            title=f"pfSense Phoenix VPN tunnel on FW01: phase 2 lifetime {lifetime}",
            summary=f"Goal: set the pfSense phase 2 lifetime for the Phoenix VPN to {lifetime}",
            occurred_at=datetime.datetime(2026, month, 1, tzinfo=datetime.UTC),
        )
    for topic in ("Printer toner", "Mailbox quota", "Laptop refresh", "Wi-Fi survey"):
        ConversationContextFactory(project=project, title=topic, summary=f"Goal: {topic}")
    response = post(hook, payload("UserPromptSubmit"))
    assert response.status_code == 200, response.content
    injected = response.json()["hookSpecificOutput"]["additionalContext"]
    assert "lifetime 28800" in injected
    assert "(Supersedes " in injected or "(Superseded by the newer " in injected


@pytest.mark.django_db(transaction=True)
def test_prompt_context_bumps_the_usage_of_what_it_recalled(hook, project):
    ctx = ConversationContextFactory(
        project=project,
        title="pfSense Phoenix tunnel",
        summary="Goal: changed the pfSense phase 2 lifetime for the Phoenix VPN",
    )
    response = post(hook, payload("UserPromptSubmit"))  # the test client closes it
    assert "pfSense Phoenix tunnel" in response.json()["hookSpecificOutput"]["additionalContext"]
    ctx.refresh_from_db()
    assert ctx.usage_count == 1 and ctx.last_recalled_at is not None


def test_session_start_answers_before_it_bumps_usage(tech, issued, project):
    ctx = ConversationContextFactory(project=project, title="Phoenix VPN lifetime fixed")
    request = APIRequestFactory().post(URL, payload("SessionStart"), format="json")
    force_authenticate(request, user=tech)
    response = ClaudeCodeHookView.as_view()(request)
    response.render()
    answer = json.loads(response.content)["hookSpecificOutput"]["additionalContext"]
    assert "Phoenix VPN lifetime fixed" in answer
    ctx.refresh_from_db()
    assert ctx.usage_count == 0  # answered; the bump waits for the response to be closed
    request_finished.disconnect(close_old_connections)  # as the test client does
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    ctx.refresh_from_db()
    assert ctx.usage_count == 1 and ctx.last_recalled_at is not None


def test_stop_compresses_and_saves_the_transcript_entries(hook, project, issued):
    response = post(hook, save_payload("Stop"), gz=True)
    assert response.status_code == 200, response.content
    assert response.json() == {}
    context = ConversationContext.objects.get()
    assert context.project == project
    assert context.machine == issued.row.machine
    assert context.claude_session_id == SESSION_ID
    assert context.context_type == ContextType.SESSION_SUMMARY
    assert "Phoenix" in context.summary
    assert context.files_touched  # the transcript edits the pfSense config
    assert "3600" in context.current_state  # last_assistant_message is the final state
    assert "claude-code" in set(context.tags.names())
    session = WorkSession.objects.get(claude_session_id=SESSION_ID)
    assert context.session == session
    assert session.status == "active"
    assert session.started_at.year == 2026  # from the first transcript entry


def test_stop_without_entries_saves_the_last_assistant_message(hook, project):
    response = post(hook, save_payload("Stop", entries=[]))
    assert response.status_code == 200
    context = ConversationContext.objects.get()
    assert "Phase 2 lifetime" in context.current_state


def test_precompact_saves_a_compaction_and_session_end_completes_the_session(hook, project):
    assert post(hook, save_payload("PreCompact"), gz=True).status_code == 200
    assert ConversationContext.objects.get().context_type == ContextType.COMPACTION
    response = post(hook, save_payload("SessionEnd", entries=[], delivery="b" * 32))
    assert response.status_code == 200
    assert response.json() == {}
    assert ConversationContext.objects.count() == 1  # nothing new to save
    session = WorkSession.objects.get(claude_session_id=SESSION_ID)
    assert session.status == "completed"
    assert session.ended_at is not None


def test_only_the_last_chunk_uses_the_last_assistant_message(hook, project):
    entries = transcript_entries()
    half = len(entries) // 2
    first = save_payload(
        "Stop", entries=entries[:half], chunk=[1, 2], delivery="1" * 32, transcript_range=[0, 500]
    )
    post(hook, first)
    final = "Phase 2 lifetime on the Phoenix tunnel now matches"
    assert final not in ConversationContext.objects.get().current_state
    second = save_payload(
        "Stop", entries=entries[half:], chunk=[2, 2], delivery="2" * 32, transcript_range=[500, 900]
    )
    post(hook, second)
    context = ConversationContext.objects.get()  # both chunks make one session's memory
    assert final in context.current_state
    assert "Phoenix" in context.summary  # the goal, from the first chunk
    assert WorkSession.objects.count() == 1


def test_unknown_events_fields_and_the_status_probe_answer_empty(hook):
    for name in ("PostToolUse", "SubagentStop", "Notification", "MspClientStatus"):
        data = payload("Stop")
        data["hook_event_name"] = name
        data["tool_response"] = {"anything": [1, 2, 3]}
        data["msp"]["future_field"] = {"x": 1}
        response = post(hook, data)
        assert response.status_code == 200, (name, response.content)
        assert response.json() == {}
    assert not ConversationContext.objects.exists()
    assert not WorkSession.objects.exists()


def test_plain_claude_code_http_hook_without_msp_block(hook, issued, project):
    """type: "http" hooks send the event alone: resolved by the machine's known paths."""
    ProjectPathFactory(project=project, machine=issued.row.machine, path=TOPLEVEL)
    event = json.loads((FIXTURES / "payloads" / "Stop.json").read_text())
    event["cwd"] = TOPLEVEL + "/configs"
    response = post(hook, event)
    assert response.status_code == 200, response.content
    assert ConversationContext.objects.get().project == project


# --- encodings and malformed bodies ------------------------------------------------------


def test_gzip_body_is_decoded(hook, project):
    response = post(hook, payload("UserPromptSubmit"), gz=True)
    assert response.status_code == 200, response.content


def test_corrupt_and_truncated_gzip_answer_400(hook):
    good = gzip.compress(json.dumps(save_payload()).encode())
    for body in (b"not gzip at all", good[: len(good) // 2], good[:-12] + b"\x00" * 12):
        response = hook.generic(
            "POST", URL, body, content_type="application/json", HTTP_CONTENT_ENCODING="gzip"
        )
        assert response.status_code == 400, response.content
        assert response.json()["code"]
    assert not ConversationContext.objects.exists()


def test_other_content_encodings_answer_415(hook):
    response = hook.generic(
        "POST", URL, b"{}", content_type="application/json", HTTP_CONTENT_ENCODING="br"
    )
    assert response.status_code == 415


@override_settings(MSP_MAX_BODY_BYTES=20_000)
def test_oversized_decompressed_body_answers_413_and_stores_nothing(issued):
    client = APIClient()  # built after the override: its middleware sees the small limit
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    filler = {"type": "user", "message": {"role": "user", "content": "a" * 1000}}
    data = save_payload(entries=[filler] * 400)  # ~400 KB of JSON, a few KB gzipped
    compressed = gzip.compress(json.dumps(data).encode())
    assert len(compressed) < 20_000
    response = post(client, data, gz=True)
    assert response.status_code == 413, response.content
    assert not ConversationContext.objects.exists()
    assert not WorkSession.objects.exists()


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'"text"', b"{}", b'{"hook_event_name": 5, "msp": []}'],
)
def test_malformed_payloads_answer_400_and_store_nothing(hook, body):
    response = hook.generic("POST", URL, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert not ConversationContext.objects.exists()
    assert not WorkSession.objects.exists()


def test_wrong_types_in_the_msp_block_answer_400(hook):
    data = save_payload(entries=["not an object"])
    assert post(hook, data).status_code == 400
    data = save_payload(chunk=[1])
    assert post(hook, data).status_code == 400


@pytest.fixture
def stored(hook, project, tech):
    """Rows already there (a saved context and its work session), and a snapshot of what is
    stored: a refused request must leave both tables exactly as they were."""
    assert post(hook, save_payload(), gz=True).status_code == 200
    WorkSessionFactory(project=project, client=project.client, technician=tech)
    ConversationContextFactory(project=project)

    def snapshot():
        return (
            sorted(ConversationContext.objects.values_list("pk", "updated_at")),
            sorted(WorkSession.objects.values_list("pk", "updated_at", "status")),
        )

    before = snapshot()
    assert len(before[0]) == 2 and len(before[1]) == 2
    return snapshot, before


def _set(data: dict, path: str, value) -> dict:
    target = data
    *parents, last = path.split(".")
    for key in parents:
        target = target[key]
    target[last] = value
    return data


@pytest.mark.parametrize(
    ("event", "path", "value"),
    [
        ("Stop", "hook_event_name", {"name": "Stop"}),
        ("Stop", "hook_event_name", ["Stop"]),
        ("Stop", "session_id", {"id": SESSION_ID}),
        ("Stop", "cwd", ["/home/tech"]),
        ("Stop", "last_assistant_message", ["done"]),
        ("UserPromptSubmit", "prompt", {"text": "vpn"}),
        ("UserPromptSubmit", "prompt", True),
        ("Stop", "msp", "not an object"),
        ("Stop", "msp.transcript_entries", {"0": {"type": "user"}}),
        ("Stop", "msp.transcript_entries", [{"type": "user"}, 7]),
        ("Stop", "msp.transcript_range", ["0", "x"]),
        ("Stop", "msp.transcript_range", [-1, 10]),
        ("Stop", "msp.chunk", [0, 1]),
        ("Stop", "msp.chunk", "1/1"),
        ("Stop", "msp.delivery_id", {"id": "a"}),
        ("Stop", "msp.transcript_restarted", "maybe"),
        ("PreCompact", "msp.git_remote_url", ["git@git.example.com:acme/firewall.git"]),
        ("SessionEnd", "msp.machine_fingerprint", "f" * 129),
    ],
)
def test_wrong_types_answer_400_and_change_nothing(hook, stored, event, path, value):
    snapshot, before = stored
    data = save_payload(event, delivery="c" * 32)
    if event == "UserPromptSubmit":
        data = payload(event)
    data = _set(data, path, value)
    for gz in (False, True):
        response = post(hook, data, gz=gz)
        assert response.status_code == 400, (path, response.content)
        assert response.json()["code"]
    assert snapshot() == before


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"hook_event_name": "Stop",', b"[]", b"null", b"42", b"\xff\xfe{}"],
)
def test_unparseable_bodies_change_nothing_already_stored(hook, stored, body):
    snapshot, before = stored
    response = hook.generic("POST", URL, body, content_type="application/json")
    assert response.status_code == 400, response.content
    gz = hook.generic(
        "POST",
        URL,
        gzip.compress(body),
        content_type="application/json",
        HTTP_CONTENT_ENCODING="gzip",
    )
    assert gz.status_code == 400, gz.content
    assert snapshot() == before


LIMIT = 20_000


def _big_transcript(size: int) -> list[dict]:
    """Transcript entries of about ``size`` bytes of JSON that gzip cannot shrink much."""
    rng = random.Random(5)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 "
    entries, total = [], 0
    while total < size:
        text = "".join(rng.choice(alphabet) for _ in range(2000))
        entries.append({"type": "user", "message": {"role": "user", "content": text}})
        total += len(text) + 60
    return entries


@override_settings(MSP_MAX_BODY_BYTES=LIMIT)
@pytest.mark.parametrize("gz", [False, True])
def test_transcript_over_the_body_limit_answers_413_and_changes_nothing(issued, stored, gz):
    snapshot, before = stored
    client = APIClient()  # built under the override: its middleware has the small limit
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    data = save_payload(entries=_big_transcript(3 * LIMIT), delivery="d" * 32)
    body = json.dumps(data).encode()
    if gz:
        body = gzip.compress(body)
    assert len(body) > LIMIT  # compressed or not, the body itself is over the limit
    extra = {"HTTP_CONTENT_ENCODING": "gzip"} if gz else {}
    response = client.generic("POST", URL, body, content_type="application/json", **extra)
    assert response.status_code == 413, response.content
    assert response.json()["code"]
    assert snapshot() == before
    # The same save within the limit is accepted: the refusal was about its size only.
    small = save_payload(entries=_big_transcript(LIMIT // 4), delivery="e" * 32)
    assert post(client, small, gz=gz).status_code == 200
    # Merged into the session's one memory, which it changed.
    assert ConversationContext.objects.count() == len(before[0])
    assert snapshot()[0] != before[0]


# --- auth --------------------------------------------------------------------------------


def test_no_token_answers_401_json():
    data = payload("SessionStart")
    data["hook_event_name"] = "MspClientStatus"
    response = post(APIClient(), data)
    assert response.status_code == 401
    assert response.json()["code"]


def test_revoked_machine_token_is_refused(hook, issued):
    data = payload("SessionStart")
    data["hook_event_name"] = "MspClientStatus"
    assert post(hook, data).status_code == 200
    revoke_machine_token(issued.row)
    response = post(hook, data)
    assert response.status_code == 401
    assert post(hook, save_payload()).status_code == 401
    assert not ConversationContext.objects.exists()


@pytest.mark.parametrize("event", ["SessionStart", "UserPromptSubmit", "MspClientStatus", "Stop"])
def test_a_user_without_the_recall_permissions_gets_403_and_nothing(event, project):
    ConversationContextFactory(project=project, title="Phoenix VPN secret sauce")
    nobody = UserFactory()
    token = issue_machine_token(user=nobody, fingerprint="n" * 64, hostname="nobody-pc").token
    data = save_payload() if event == "Stop" else payload("UserPromptSubmit")
    data["hook_event_name"] = event
    data["prompt"] = "Phoenix VPN"
    before = ConversationContext.objects.count(), WorkSession.objects.count()
    machine = APIClient()
    machine.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    for api in (client_for(nobody), machine):
        response = post(api, data)
        assert response.status_code == 403, response.content
        assert b"Phoenix" not in response.content and response.json()["code"]
    assert (ConversationContext.objects.count(), WorkSession.objects.count()) == before


def test_saving_needs_the_add_permission_too(project):
    reader = UserFactory(
        permissions=[
            "context_recall.view_conversationcontext",
            "context_recall.view_contextsnippet",
            "context_recall.view_decisionlog",
            "context_recall.view_projectstate",
        ]
    )
    api = client_for(reader)
    assert post(api, payload("SessionStart")).status_code == 200
    assert post(api, payload("UserPromptSubmit")).status_code == 200
    for name in ("Stop", "PreCompact", "SessionEnd"):
        response = post(api, save_payload(name))
        assert response.status_code == 403, (name, response.content)
    assert not ConversationContext.objects.exists()
    assert (
        not WorkSession.objects.filter(claude_session_id=SESSION_ID)
        .exclude(status="active")
        .exists()
    )


def test_technician_access_token_uses_their_registered_machine_only(tech, project):
    mine = MachineFactory(owner=tech, fingerprint="m" * 64)
    theirs = MachineFactory(fingerprint="t" * 64)
    api = client_for(tech)
    assert post(api, save_payload(machine_fingerprint="m" * 64)).status_code == 200
    assert ConversationContext.objects.get().machine == mine
    ConversationContext.objects.all().delete()
    WorkSession.objects.all().delete()
    assert post(api, save_payload(machine_fingerprint="t" * 64)).status_code == 200
    context = ConversationContext.objects.get()
    assert context.machine is None
    assert context.machine != theirs


# --- idempotence -------------------------------------------------------------------------


def test_replayed_delivery_answers_2xx_and_stores_no_duplicate(hook, project):
    data = save_payload()
    first = post(hook, data, gz=True)
    again = post(hook, data, gz=True)
    plain = post(hook, data)  # the same save, not compressed this time
    assert (first.status_code, again.status_code, plain.status_code) == (200, 200, 200)
    assert ConversationContext.objects.count() == 1
    assert WorkSession.objects.count() == 1


# --- project resolution ------------------------------------------------------------------


def test_project_resolution_order(hook, issued):
    machine = issued.row.machine
    explicit = ProjectFactory(slug="explicit-one")
    by_remote = ProjectFactory(repository_url=REMOTE)
    by_path = ProjectFactory()
    ProjectPathFactory(project=by_path, machine=machine, path="/home/tech/src")

    def resolved(**msp):
        data = payload("UserPromptSubmit", **msp)
        data["hook_event_name"] = "Stop"
        data["last_assistant_message"] = f"Done with {json.dumps(msp, sort_keys=True)}"
        data["session_id"] = ""
        data["cwd"] = msp.get("git_toplevel") or data["cwd"]
        assert post(hook, data).status_code == 200
        return ConversationContext.objects.order_by("-created_at").first().project

    assert resolved(project="explicit-one") == explicit
    assert resolved(project=str(explicit.pk)) == explicit
    assert resolved(project="no-such-project") == by_remote  # falls through
    assert resolved() == by_remote
    # Resolving by remote taught the server where that checkout lives on this machine.
    assert ProjectPath.objects.get(machine=machine, path=TOPLEVEL).project == by_remote
    ProjectPath.objects.filter(path=TOPLEVEL).delete()
    other = "/home/tech/src/other-repo"
    assert resolved(git_remote_url=None, git_toplevel=other) == by_path  # longest prefix
    deeper = ProjectFactory()
    ProjectPathFactory(project=deeper, machine=machine, path=other)
    assert resolved(git_remote_url=None, git_toplevel=other) == deeper
    # A repository no project claims gets one of its own, in the caller's "Unsorted"
    # client: by its top-level folder on this machine when it has no (usable) remote...
    own = resolved(git_remote_url=None, git_toplevel="/srv/elsewhere")
    assert own.name == "elsewhere" and own.client.name == "Unsorted (tech)"
    assert resolved(git_remote_url="not a url", git_toplevel="/srv/elsewhere") == own
    assert ProjectPath.objects.get(machine=machine, path="/srv/elsewhere").project == own
    # ... by its remote otherwise, wherever it is checked out.
    remote = "https://git.example.com/acme/new-thing.git"
    new = resolved(git_remote_url=remote, git_toplevel="/srv/new-thing")
    assert new.repository_key == "git.example.com/acme/new-thing"
    assert new.client == own.client and new != own
    assert resolved(git_remote_url=remote, git_toplevel="/tmp/other-checkout") == new
    assert Project.objects.filter(client=own.client).count() == 2


def test_path_prefix_matches_whole_components_only(hook, issued):
    project = ProjectFactory()
    ProjectPathFactory(project=project, machine=issued.row.machine, path="/home/tech/src/acme")
    data = save_payload(entries=[], git_remote_url=None, git_toplevel=TOPLEVEL)
    assert post(hook, data).status_code == 200
    project = ConversationContext.objects.get().project
    assert project.name == "acme-firewall" and project.client.name == "Unsorted (tech)"


# --- work sessions -----------------------------------------------------------------------


def test_work_session_upsert_by_claude_session_id(hook, project, tech):
    for i, name in enumerate(("SessionStart", "Stop", "PreCompact", "Stop")):
        data = save_payload(name, delivery=str(i) * 32)
        assert post(hook, data, gz=True).status_code == 200
    assert WorkSession.objects.count() == 1
    post(hook, save_payload("SessionEnd", entries=[], delivery="e" * 32))
    session = WorkSession.objects.get()
    assert (session.status, session.technician, session.project) == ("completed", tech, project)
    # SessionStart with source=resume reopens it.
    post(hook, payload("SessionStart", source="resume"))
    session.refresh_from_db()
    assert session.status == "active" and session.ended_at is None


def test_another_technicians_session_is_never_touched(hook, project):
    other = WorkSessionFactory(claude_session_id=SESSION_ID, title="Not yours")
    assert post(hook, save_payload()).status_code == 200
    other.refresh_from_db()
    assert (other.title, other.status) == ("Not yours", "active")
    assert ConversationContext.objects.get().session is None


# --- redaction ---------------------------------------------------------------------------


def test_planted_secrets_never_reach_the_database(hook, project):
    # Built at run time: no secret-looking literal in the repository.
    aws_key = "AKIA" + "Q" * 16
    gh_token = "ghp_" + "k7" * 18
    password = "Zq" + "9!vT" * 3 + "rw"
    entries = [
        *transcript_entries(),
        {
            "type": "user",
            "uuid": "secret-1",
            "timestamp": "2026-11-20T15:00:00.000Z",
            "message": {"role": "user", "content": f"Goal: deploy with token {gh_token}"},
        },
        {
            "type": "assistant",
            "uuid": "secret-2",
            "timestamp": "2026-11-20T15:00:05.000Z",
            "message": {
                "role": "assistant",
                "content": [
                    {
                        "type": "tool_use",
                        "id": "toolu_s",
                        "name": "Bash",
                        "input": {
                            "command": f"AWS_ACCESS_KEY_ID={aws_key} mysql -u root "
                            f"--password={password} -e 'select 1'"
                        },
                    }
                ],
            },
        },
    ]
    data = save_payload(entries=entries)
    data["last_assistant_message"] = f"Done; db password: {password}"
    assert post(hook, data).status_code == 200  # plain JSON: the audit log sees it too
    assert ConversationContext.objects.exists()
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    for secret in (aws_key, gh_token, password):
        at = dump.find(secret)
        assert at < 0, dump[max(0, at - 300) : at + 60]


# --- client download ---------------------------------------------------------------------


def test_client_download_is_public_python_without_secrets():
    for client in (APIClient(), APIClient(HTTP_AUTHORIZATION="Bearer not.a.token")):
        response = client.get(URL + "client.py")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/x-python")
        assert response.content == CLIENT_FILE.read_bytes()
    assert b"Bearer ey" not in response.content


def test_get_on_the_hook_endpoint_is_not_allowed(hook):
    assert hook.get(URL).status_code == 405
