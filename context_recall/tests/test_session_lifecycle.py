"""The Claude Code session lifecycle, server side, through the real hook endpoint: one
memory per session whatever the order, repetition or timing of its saves; failures
with their cause; memories injected once per session; recent sessions by their goal.

Transcripts are written to a file turn by turn and read with the hook client's own
reader (``read_new_entries``), so payloads carry the byte ranges a real client sends."""

from __future__ import annotations

import io
import json
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.models import ApiRequestLog
from context_recall.claude_code import client as hook_client
from context_recall.compression import compress_transcript
from context_recall.models import (
    ClaudeSession,
    ClaudeSessionPart,
    ConversationContext,
    RecallDocument,
)
from context_recall.services import hooks
from context_recall.testing.factories import ConversationContextFactory
from msp.testing.factories import TechnicianFactory
from tracking.models import WorkSession
from tracking.services.machine_tokens import issue_machine_token
from tracking.testing.factories import ProjectFactory

URL = "/api/v1/hooks/claude-code/"
REMOTE = "git@git.example.com:acme/network-ops.git"
TOPLEVEL = "/home/tech/src/acme-network-ops"
FINGERPRINT = "f" * 64
START = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)

ROBOCOPY_OUTPUT = "\n".join(
    [
        "-------------------------------------------------------------------------------",
        "   ROBOCOPY     ::     Robust File Copy for Windows",
        "  Source : \\\\fs01\\share\\",
        "    Dest : \\\\fs02\\share\\",
        "  Options : *.* /S /E /COPYALL /R:2 /W:5",
        "2026/11/20 14:03:01 ERROR 5 (0x00000005) Copying NTFS Security to Destination "
        "Directory \\\\fs02\\share\\Finance\\",
        "Access is denied.",
        "Waiting 5 seconds... Retrying...",
        "2026/11/20 14:03:06 ERROR 5 (0x00000005) Copying NTFS Security to Destination "
        "Directory \\\\fs02\\share\\Finance\\",
        "Access is denied.",
        "Waiting 5 seconds... Retrying...",
        "2026/11/20 14:03:11 ERROR 5 (0x00000005) Copying NTFS Security to Destination "
        "Directory \\\\fs02\\share\\Finance\\",
        "Access is denied.",
        "ERROR: RETRY LIMIT EXCEEDED.",
        "Exit code 16",
    ]
)


class Transcript:
    """A Claude Code transcript file written turn by turn, read like the client does."""

    def __init__(self, path: Path, session_id: str) -> None:
        self.path = path
        self.session_id = session_id
        self.offset = 0  # the client's saved offset
        self.clock = START
        self.parent: str | None = None
        path.write_text("")

    def _entry(self, kind: str, message: dict) -> dict:
        self.clock += timedelta(seconds=7)
        entry = {
            "parentUuid": self.parent,
            "isSidechain": False,
            "userType": "external",
            "cwd": TOPLEVEL,
            "sessionId": self.session_id,
            "version": "2.1.150",
            "type": kind,
            "uuid": str(uuid.uuid4()),
            "timestamp": self.clock.isoformat().replace("+00:00", "Z"),
            "message": message,
        }
        self.parent = entry["uuid"]
        return entry

    def append(self, *entries: dict) -> None:
        with self.path.open("a") as f:
            for entry in entries:
                f.write(json.dumps(entry) + "\n")

    def prompt(self, text: str) -> dict:
        return self._entry("user", {"role": "user", "content": text})

    def say(self, text: str) -> dict:
        return self._entry("assistant", {"role": "assistant", "content": [
            {"type": "text", "text": text}]})  # fmt: skip

    def bash(self, command: str, output: str, failed: bool = False) -> list[dict]:
        tool_id = f"toolu_{uuid.uuid4().hex[:12]}"
        use = self._entry("assistant", {"role": "assistant", "content": [
            {"type": "tool_use", "id": tool_id, "name": "Bash",
             "input": {"command": command}}]})  # fmt: skip
        result = self._entry("user", {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": tool_id, "content": output,
             "is_error": failed}]})  # fmt: skip
        return [use, result]

    def edit(self, path: str) -> list[dict]:
        tool_id = f"toolu_{uuid.uuid4().hex[:12]}"
        use = self._entry("assistant", {"role": "assistant", "content": [
            {"type": "tool_use", "id": tool_id, "name": "Edit",
             "input": {"file_path": path, "old_string": "a", "new_string": "b"}}]})  # fmt: skip
        result = self._entry("user", {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": tool_id, "content": "ok"}]})  # fmt: skip
        return [use, result]

    def turn(self, prompt: str, *work: list[dict], final: str, write_final: bool = True) -> str:
        """One turn: the prompt, tool work, and (unless the Stop races it) the final
        assistant line. Answers the final message."""
        entries = [self.prompt(prompt)]
        for block in work:
            entries.extend(block)
        final_entry = self.say(final)
        self.append(*entries)
        self.pending_final = final_entry
        if write_final:
            self.append(final_entry)
        return final

    def write_pending_final(self) -> None:
        self.append(self.pending_final)

    def save(self, event: str, last_message: str | None = None) -> dict:
        """The payload the client sends for ``event`` now (one chunk), offset moved."""
        items, _eof, _restarted = hook_client.read_new_entries(str(self.path), self.offset)
        start = self.offset
        end = items[-1][0] if items else start
        entries = [e for _, e in items if e is not None]
        self.offset = end
        data = self.event(event)
        if last_message is not None:
            data["last_assistant_message"] = last_message
        data["msp"].update(
            transcript_entries=entries,
            transcript_range=[start, end],
            chunk=[1, 1],
            delivery_id=uuid.uuid4().hex,
        )
        return data

    def event(self, name: str, **fields) -> dict:
        return {
            "session_id": self.session_id,
            "transcript_path": str(self.path),
            "cwd": TOPLEVEL,
            "hook_event_name": name,
            **fields,
            "msp": {
                "git_remote_url": REMOTE,
                "git_toplevel": TOPLEVEL,
                "machine_fingerprint": FINGERPRINT,
                "hostname": "tech-laptop",
                "client_version": "1.0.0",
            },
        }


@pytest.fixture
def tech(db):
    return TechnicianFactory(username="tech")


@pytest.fixture
def hook(tech):
    issued = issue_machine_token(user=tech, fingerprint=FINGERPRINT, hostname="tech-laptop")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    return client


@pytest.fixture
def project(db):
    return ProjectFactory(name="Acme network ops", slug="acme-network-ops", repository_url=REMOTE)


def post(client, data) -> dict:
    response = client.post(URL, data, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def new_transcript(tmp_path: Path, session_id: str | None = None) -> Transcript:
    session_id = session_id or str(uuid.uuid4())
    return Transcript(tmp_path / f"{session_id}.jsonl", session_id)


def three_turns(t: Transcript) -> list[dict]:
    """Three turns of a file-server migration, each followed by its Stop payload."""
    saves = []
    t.turn(
        "Migrate the Finance share from fs01 to fs02 with its permissions.",
        t.bash(
            "robocopy \\\\fs01\\share \\\\fs02\\share /S /E /COPYALL /R:2 /W:5",
            ROBOCOPY_OUTPUT,
            failed=True,
        ),
        final="robocopy cannot copy the NTFS security: access is denied on fs02.",
    )
    saves.append(t.save("Stop", "robocopy cannot copy the NTFS security: access is denied."))
    t.turn(
        "Run it as the backup operator then.",
        t.bash("robocopy \\\\fs01\\share \\\\fs02\\share /S /E /COPYALL /B", "Exit code 1"),
        t.edit("C:\\scripts\\migrate-finance.ps1"),
        final="We decided to run robocopy in backup mode (/B) because it bypasses the ACLs.",
    )
    saves.append(t.save("Stop", "We decided to run robocopy in backup mode (/B)."))
    final = t.turn(
        "Check the users can open their files.",
        t.bash("Get-Acl \\\\fs02\\share\\Finance | Format-List", "Access : ACME\\Finance Allow"),
        final="The Finance share is on fs02 with its ACLs; users can open their files.",
    )
    saves.append(t.save("Stop", final))
    return saves


def memory_of(session_id: str) -> ConversationContext:
    contexts = list(ConversationContext.objects.filter(claude_session_id=session_id))
    assert len(contexts) == 1, [c.title for c in contexts]
    return contexts[0]


def content(context: ConversationContext) -> dict:
    return {
        name: getattr(context, name)
        for name in ("title", "summary", "key_decisions", "open_items", "files_touched",
                     "commands", "errors", "current_state", "raw_token_estimate",
                     "occurred_at", "context_type")
    }  # fmt: skip


# --- One memory per session --------------------------------------------------------------


@pytest.mark.django_db
def test_every_stop_updates_the_one_memory_of_the_session(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    post(hook, t.event("SessionStart", source="startup"))
    saves = three_turns(t)
    post(hook, saves[0])
    first = memory_of(t.session_id)
    post(hook, saves[1])
    post(hook, saves[2])
    context = memory_of(t.session_id)
    assert context.pk == first.pk
    assert context.summary.splitlines() == [
        "Goal: Migrate the Finance share from fs01 to fs02 with its permissions.",
        "Goal: Run it as the backup operator then.",
        "Goal: Check the users can open their files.",
    ]
    assert context.title == (
        "Claude Code: Migrate the Finance share from fs01 to fs02 with its permissions."
    )
    assert context.current_state.startswith("The Finance share is on fs02")
    assert context.files_touched == ["C:\\scripts\\migrate-finance.ps1"]
    assert any("backup mode" in d for d in context.key_decisions)
    assert context.commands[0].startswith("FAILED: robocopy")
    assert context.occurred_at == t.clock
    assert ClaudeSession.objects.get().context == context
    assert ClaudeSessionPart.objects.count() == 3
    # One search document for the one memory.
    assert RecallDocument.objects.filter(kind="context").count() == 1


@pytest.mark.django_db
def test_a_stop_with_nothing_new_changes_nothing(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    final = t.turn("Check the backup job on sql03.", final="The backup job ran at 02:00: OK.")
    post(hook, t.save("Stop", final))
    before = ConversationContext.objects.get()
    for _ in range(3):  # Stop fires again with no new line and the same message
        post(hook, t.save("Stop", final))
    after = ConversationContext.objects.get()
    assert after.updated_at == before.updated_at
    assert content(after) == content(before)
    assert ClaudeSessionPart.objects.count() == 1


@pytest.mark.django_db
def test_replays_and_spool_flushes_out_of_order_converge(hook, project, tmp_path):
    in_order, shuffled = new_transcript(tmp_path), new_transcript(tmp_path)
    saves_a = three_turns(in_order)
    saves_b = three_turns(shuffled)
    for data in saves_a:
        post(hook, data)
    # The server was down: the spool is flushed later, newest first here, with a replay
    # of each (a run killed between the server's answer and the spool file's deletion).
    for data in (saves_b[2], saves_b[0], saves_b[2], saves_b[1], saves_b[0]):
        post(hook, data)
    a, b = memory_of(in_order.session_id), memory_of(shuffled.session_id)
    same = {k: v for k, v in content(a).items() if k not in ("occurred_at",)}
    other = {k: v for k, v in content(b).items() if k not in ("occurred_at",)}
    assert same == other
    assert b.current_state.startswith("The Finance share is on fs02")
    assert ConversationContext.objects.count() == 2
    assert ClaudeSessionPart.objects.filter(session__context=b).count() == 3


@pytest.mark.django_db
def test_stop_racing_the_transcript_write_keeps_one_memory(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    final = t.turn(
        "Why does the VPN to Phoenix drop every hour?",
        t.bash("grep -n lifetime /conf/config.xml", "<lifetime>28800</lifetime>"),
        final="Phase 2 lifetime mismatch: 28800 s here, 3600 s in Phoenix. Set to 3600 s.",
        write_final=False,  # Stop reads the file before the final line is written
    )
    post(hook, t.save("Stop", final))
    context = memory_of(t.session_id)
    assert context.current_state == final
    t.write_pending_final()
    post(hook, t.save("SessionEnd"))  # the line arrives with SessionEnd, no message
    context = memory_of(t.session_id)
    assert context.current_state == final
    assert context.summary == "Goal: Why does the VPN to Phoenix drop every hour?"
    assert WorkSession.objects.get(claude_session_id=t.session_id).status == "completed"


@pytest.mark.django_db
def test_a_resumed_and_a_compacted_session_keep_updating_the_same_memory(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    post(hook, t.event("SessionStart", source="startup"))
    t.turn("Rotate the Wi-Fi PSK on the guest SSID.", final="Guest PSK rotated.")
    post(hook, t.save("Stop", "Guest PSK rotated."))
    post(hook, t.save("SessionEnd"))
    assert WorkSession.objects.get().status == "completed"
    first = memory_of(t.session_id)

    post(hook, t.event("SessionStart", source="resume"))  # claude --resume
    assert WorkSession.objects.get().status == "active"
    t.turn("Print the new PSK card for reception.", final="Card sent to print01.")
    post(hook, t.save("PreCompact"))
    post(hook, t.event("SessionStart", source="compact"))
    t.turn("Log the change in the ticket.", final="Logged in ticket 4711.")
    post(hook, t.save("Stop", "Logged in ticket 4711."))
    post(hook, t.save("SessionEnd"))

    context = memory_of(t.session_id)
    assert context.pk == first.pk
    assert context.summary.count("Goal: ") == 3
    assert context.current_state == "Logged in ticket 4711."
    assert context.context_type == "session_summary"
    assert WorkSession.objects.count() == 1


def fork(parent: Transcript, tmp_path: Path) -> Transcript:
    """``claude --resume <parent> --fork-session``: a new session whose file starts with
    a copy of the parent's lines, each under the new session id, uuids kept."""
    child = new_transcript(tmp_path)
    lines = parent.path.read_text().splitlines()
    child.append(*[json.loads(line) | {"sessionId": child.session_id} for line in lines])
    child.parent, child.clock = parent.parent, parent.clock
    return child


@pytest.mark.django_db
def test_a_forked_session_remembers_what_came_after_the_fork(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    t.turn("Rotate the Wi-Fi PSK on the guest SSID.", t.bash("wlanctl rotate guest", "ok"),
           final="Guest PSK rotated.")  # fmt: skip
    post(hook, t.save("Stop", "Guest PSK rotated."))
    parent = content(memory_of(t.session_id))

    forked = fork(t, tmp_path)
    post(hook, forked.event("SessionStart", source="resume"))
    forked.turn("Now print the new PSK card for reception.", final="Card sent to print01.")
    post(hook, forked.save("Stop", "Card sent to print01."))
    forked.turn("Log the change in the ticket.", final="Logged in ticket 4711.")
    post(hook, forked.save("Stop", "Logged in ticket 4711."))

    memory = memory_of(forked.session_id)
    assert memory.summary == (
        "Goal: Now print the new PSK card for reception.\nGoal: Log the change in the ticket."
    )
    assert memory.commands == [] and memory.current_state == "Logged in ticket 4711."
    assert content(memory_of(t.session_id)) == parent  # the parent's memory is its own
    # A fork of the fork leaves out both sessions' conversations.
    again = fork(forked, tmp_path)
    again.turn("Close the ticket.", final="Ticket 4711 closed.")
    post(hook, again.save("Stop", "Ticket 4711 closed."))
    assert memory_of(again.session_id).summary == "Goal: Close the ticket."


@pytest.mark.django_db
def test_a_fork_of_a_session_without_a_memory_keeps_the_whole_conversation(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    t.turn("Rotate the Wi-Fi PSK on the guest SSID.", final="Guest PSK rotated.")
    post(hook, t.save("Stop", "Guest PSK rotated."))
    ConversationContext.objects.all().delete()  # the parent's memory, and so its parts
    forked = fork(t, tmp_path)
    forked.turn("Print the new PSK card.", final="Card sent to print01.")
    post(hook, forked.save("Stop", "Card sent to print01."))
    assert memory_of(forked.session_id).summary == (
        "Goal: Rotate the Wi-Fi PSK on the guest SSID.\nGoal: Print the new PSK card."
    )


@pytest.mark.django_db
def test_import_of_a_transcript_the_hooks_saved_merges_into_its_memory(
    hook, project, tech, tmp_path
):
    t = new_transcript(tmp_path)
    saves = three_turns(t)
    for data in saves[:2]:  # the last Stop never reached the server (laptop closed)
        post(hook, data)
    hooked = memory_of(t.session_id)
    out = io.StringIO()
    call_command("import_transcripts", str(t.path), "--user", "tech", stdout=out)
    assert "0 imported, 1 merged" in out.getvalue()
    context = memory_of(t.session_id)
    assert context.pk == hooked.pk
    assert context.current_state.startswith("The Finance share is on fs02")
    assert context.summary.count("Goal: ") == 3
    imported = content(context)
    # Again: nothing changes; and the late Stop, delivered now, adds nothing either.
    out = io.StringIO()
    call_command("import_transcripts", str(t.path), "--user", "tech", stdout=out)
    assert "1 unchanged" in out.getvalue()
    post(hook, saves[2])
    assert content(memory_of(t.session_id)) == imported


@pytest.mark.django_db
def test_a_context_saved_before_sessions_had_one_memory_is_adopted(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    old = ConversationContextFactory(
        project=project,
        claude_session_id=t.session_id,
        title="Claude Code: Check DNS forwarders",
        summary="Goal: Check DNS forwarders",
        current_state="Forwarders are 9.9.9.9 and 1.1.1.1.",
    )
    t.turn("Now the DHCP scope.", final="DHCP scope extended to .250.")
    post(hook, t.save("Stop", "DHCP scope extended to .250."))
    context = memory_of(t.session_id)
    assert context.pk == old.pk
    assert context.summary == "Goal: Check DNS forwarders\nGoal: Now the DHCP scope."
    assert context.current_state == "DHCP scope extended to .250."


@pytest.mark.django_db
def test_a_deleted_memory_is_not_brought_back_from_its_old_parts(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    t.turn("Audit the firewall rules.", final="Audit done.")
    post(hook, t.save("Stop", "Audit done."))
    ConversationContext.objects.all().delete()
    t.turn("Remove the any-any rule.", final="Removed.")
    post(hook, t.save("Stop", "Removed."))
    context = memory_of(t.session_id)
    assert context.summary == "Goal: Remove the any-any rule."


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_session_at_once_leave_one_row(tech, project, tmp_path):
    t = new_transcript(tmp_path)
    saves = three_turns(t)
    caller = hooks.Caller(user=tech, machine=None)
    barrier = threading.Barrier(len(saves))
    errors: list[BaseException] = []

    def run(data: dict) -> None:
        try:
            barrier.wait(timeout=10)
            hooks.handle_event(caller, data)
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(data,)) for data in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    context = memory_of(t.session_id)
    assert ClaudeSession.objects.count() == 1
    assert ClaudeSessionPart.objects.count() == 3
    assert context.current_state.startswith("The Finance share is on fs02")
    assert WorkSession.objects.count() == 1


# --- Failures with their cause -------------------------------------------------------------


def test_a_failed_robocopy_keeps_the_cause_and_counts_as_an_error(tmp_path):
    t = new_transcript(tmp_path)
    entries = [t.prompt("Copy the share")]
    entries += t.bash("robocopy \\\\fs01\\share \\\\fs02\\share /COPYALL", ROBOCOPY_OUTPUT, True)
    summary = compress_transcript(entries)
    [failed] = summary.failed_commands
    assert "Access is denied." in failed.error
    assert failed.error.startswith("ERROR 5 (0x00000005) Copying NTFS Security")
    assert failed.error.endswith("ERROR: RETRY LIMIT EXCEEDED.")
    assert failed.error.count("Access is denied.") == 1  # the retries' repeats once
    assert "2026/11/20" not in failed.error
    assert len(summary.errors) == 1
    assert summary.errors[0].startswith("robocopy")
    assert "Access is denied." in summary.errors[0]


def test_many_error_lines_keep_the_first_ones_and_the_last(tmp_path):
    output = "\n".join(f"error {i}: disk {i} failed" for i in range(10)) + "\nExit code 1"
    entries = new_transcript(tmp_path).bash("check-disks", output, True)
    error = compress_transcript(entries).failed_commands[0].error
    assert error.split(" | ") == [
        "error 0: disk 0 failed",
        "error 1: disk 1 failed",
        "error 2: disk 2 failed",
        "error 9: disk 9 failed",
    ]


@pytest.mark.django_db
def test_the_saved_memory_lists_failed_commands_among_its_errors(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    three_turns_saves = three_turns(t)
    post(hook, three_turns_saves[0])
    context = memory_of(t.session_id)
    assert context.errors and "Access is denied." in context.errors[0]
    assert "Access is denied." in context.commands[0]


# --- Inject once ---------------------------------------------------------------------------


def _context_text(answer: dict) -> str:
    return answer.get("hookSpecificOutput", {}).get("additionalContext", "")


@pytest.mark.django_db
def test_a_memory_is_injected_once_per_session_until_it_is_compacted(hook, project, tmp_path):
    ConversationContextFactory(
        project=project,
        title="Phoenix VPN lifetime fixed",
        summary="Goal: fix the hourly Phoenix VPN drop",
        current_state="Phase 2 lifetime set to 3600 s on both sides of the Phoenix tunnel.",
    )
    t = new_transcript(tmp_path)
    start = post(hook, t.event("SessionStart", source="startup"))
    assert "Phoenix VPN lifetime fixed" in _context_text(start)
    prompt = t.event("UserPromptSubmit", prompt="Phoenix VPN lifetime again?")
    assert "Phoenix VPN lifetime fixed" not in _context_text(post(hook, prompt))
    # After a compaction the conversation no longer holds it: given once more.
    compacted = post(hook, t.event("SessionStart", source="compact"))
    assert "Phoenix VPN lifetime fixed" in _context_text(compacted)
    assert "Phoenix VPN lifetime fixed" not in _context_text(post(hook, prompt))
    session = ClaudeSession.objects.get(claude_session_id=t.session_id)
    assert session.generation == 1
    other = new_transcript(tmp_path)  # another session is given it, of course
    other_prompt = other.event("UserPromptSubmit", prompt="Phoenix VPN lifetime again?")
    assert "Phoenix VPN lifetime fixed" in _context_text(post(hook, other_prompt))
    assert "Phoenix VPN lifetime fixed" not in _context_text(post(hook, other_prompt))


@pytest.mark.django_db
def test_inject_once_state_is_in_the_database_and_clear_resets_it(hook, project, tmp_path):
    ConversationContextFactory(
        project=project,
        title="Printer print01 spooler fix",
        summary="Goal: the print01 spooler crashes",
        current_state="Removed the broken HP driver from print01; spooler stable.",
    )
    t = new_transcript(tmp_path)
    post(hook, t.event("SessionStart", source="clear"))
    session = ClaudeSession.objects.get(claude_session_id=t.session_id)
    injected = {k: set(v) for k, v in session.injected.items()}
    assert injected  # SessionStart gave the memory; recorded in the database
    prompt = t.event("UserPromptSubmit", prompt="print01 spooler driver")
    assert "Printer print01 spooler fix" not in _context_text(post(hook, prompt))
    again = post(hook, t.event("SessionStart", source="clear"))
    assert "Printer print01 spooler fix" in _context_text(again)  # cleared: given again
    assert "Printer print01 spooler fix" not in _context_text(post(hook, prompt))


@pytest.mark.django_db
def test_a_session_is_not_given_its_own_memory(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    t.turn("Patch the hypervisor hv01 to the latest build.", final="hv01 patched and rebooted.")
    post(hook, t.save("Stop", "hv01 patched and rebooted."))
    prompt = t.event("UserPromptSubmit", prompt="hypervisor hv01 patched latest build")
    assert "hv01 patched" not in _context_text(post(hook, prompt))
    other = new_transcript(tmp_path)
    prompt = other.event("UserPromptSubmit", prompt="hypervisor hv01 patched latest build")
    assert "hv01 patched" in _context_text(post(hook, prompt))


@pytest.mark.django_db
def test_prompt_hook_query_count_does_not_grow_with_injected_memories(hook, project, tmp_path):
    for i in range(6):
        ConversationContextFactory(
            project=project,
            title=f"Switch sw{i} firmware",
            summary=f"Goal: upgrade switch sw{i} firmware",
            current_state=f"Switch sw{i} firmware upgraded to 9.{i}.",
        )
    t = new_transcript(tmp_path)
    post(hook, t.event("SessionStart", source="startup"))
    prompt = t.event("UserPromptSubmit", prompt="switch firmware upgrade")
    post(hook, prompt)
    with CaptureQueriesContext(connection) as few:
        post(hook, t.event("UserPromptSubmit", prompt="switch firmware"))
    with CaptureQueriesContext(connection) as again:
        post(hook, t.event("UserPromptSubmit", prompt="firmware"))
    assert len(again) <= len(few) + 2


# --- Recent sessions -----------------------------------------------------------------------


@pytest.mark.django_db
def test_recent_sessions_are_listed_by_their_goal(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    post(hook, t.event("SessionStart", source="startup"))
    t.turn("Renew the Let's Encrypt certificate on exch01.", final="Renewed until March.")
    post(hook, t.save("Stop", "Renewed until March."))
    session = WorkSession.objects.get(claude_session_id=t.session_id)
    assert session.title == "Renew the Let's Encrypt certificate on exch01."
    other = new_transcript(tmp_path)
    text = _context_text(post(hook, other.event("SessionStart", source="startup")))
    assert "### Recent work sessions" in text
    assert "Renew the Let's Encrypt certificate on exch01." in text
    assert "Claude Code: Acme network ops" not in text


@pytest.mark.django_db
def test_a_session_continued_in_another_transcript_file_keeps_all_its_parts(
    hook, project, tmp_path
):
    first = new_transcript(tmp_path)
    for data in three_turns(first):
        post(hook, data)
    # The same session goes on in another file: its offsets start at 0 again, inside
    # the first file's ranges; its part must not be taken as covered by them.
    (tmp_path / "resumed").mkdir()
    second = Transcript(tmp_path / "resumed" / f"{first.session_id}.jsonl", first.session_id)
    second.clock = first.clock
    second.turn("Now move the HR share the same way.", final="HR share moved to fs02.")
    post(hook, second.save("Stop", "HR share moved to fs02."))
    context = memory_of(first.session_id)
    assert context.summary.count("Goal: ") == 4  # three from the first file, one here
    assert context.current_state == "HR share moved to fs02."
    # A Stop read from the first file with nothing new there changes nothing.
    before = content(context)
    post(hook, first.save("Stop", "HR share moved to fs02."))
    assert content(memory_of(first.session_id)) == before


@pytest.mark.django_db
def test_each_update_of_the_one_memory_is_in_the_request_log(hook, project, tech, tmp_path):
    t = new_transcript(tmp_path)
    saves = three_turns(t)
    before = ApiRequestLog.objects.filter(endpoint=URL).count()
    stamps = []
    for data in saves:
        post(hook, data)
        stamps.append(memory_of(t.session_id).updated_at)
    assert stamps == sorted(stamps) and len(set(stamps)) == 3  # each save changed the row
    logs = list(ApiRequestLog.objects.filter(endpoint=URL).order_by("seq"))[before:]
    assert [(row.http_method, row.response_status, row.user_id) for row in logs] == [
        ("POST", 200, str(tech.pk))
    ] * 3


@pytest.mark.django_db
def test_a_save_costs_the_same_queries_however_long_the_session(hook, project, tmp_path):
    t = new_transcript(tmp_path)
    counts = []
    for i in range(8):
        t.turn(f"Check switch sw{i} uplink.", final=f"sw{i} uplink is up at 10G.")
        data = t.save("Stop", f"sw{i} uplink is up at 10G.")
        with CaptureQueriesContext(connection) as queries:
            post(hook, data)
        counts.append(len(queries))
    assert counts[2:] == [counts[2]] * 6, counts  # parts are read in one query
    assert memory_of(t.session_id).summary.count("Goal: ") == 6  # first + last five
