"""hookclient.hook, run from the package (not the generated file) as Claude Code runs the
hook: event on stdin, answer on stdout, nothing on stderr, exit 0."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import pytest

from context_recall.claude_code.hookclient import hook, paths, spool

HOOK = "/api/v1/hooks/claude-code/"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))


def run_hook(event: dict, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "context_recall.claude_code.hookclient.main", "hook"],
        input=json.dumps(event).encode(), capture_output=True, timeout=30, env=env, cwd=ROOT,
    )  # fmt: skip


@pytest.fixture
def configured(home, http_server):
    os.makedirs(paths.config_dir())
    with open(paths.config_path(), "w") as f:
        json.dump({"server": http_server.url, "token": "tok"}, f)
    return http_server


def test_prompt_prints_the_servers_context_capped(configured, tmp_path):
    context = "remember " * 2000
    answer = {"hookSpecificOutput": {"hookEventName": "UserPromptSubmit",
                                     "additionalContext": context}}  # fmt: skip
    configured.answers[HOOK] = (200, "application/json", json.dumps(answer).encode())
    proc = run_hook({"hook_event_name": "UserPromptSubmit", "prompt": "vpn",
                     "session_id": "s", "cwd": str(tmp_path)})  # fmt: skip
    assert (proc.returncode, proc.stderr) == (0, b"")
    printed = json.loads(proc.stdout)["hookSpecificOutput"]
    assert printed["hookEventName"] == "UserPromptSubmit"
    assert len(printed["additionalContext"]) <= hook.CONTEXT_CAP
    sent = json.loads(configured.requests[0][3])
    assert sent["prompt"] == "vpn" and sent["msp"]["client_version"]


def test_save_spools_then_delivers(configured, tmp_path):
    configured.answers[HOOK] = (200, "application/json", b"{}")
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(json.dumps({"type": "user", "uuid": "u1", "message": {
        "role": "user", "content": "hello"}}) + "\n")  # fmt: skip
    proc = run_hook({"hook_event_name": "Stop", "session_id": "s", "cwd": str(tmp_path),
                     "transcript_path": str(transcript)})  # fmt: skip
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")
    body = configured.requests[0][3]
    sent = json.loads(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)
    assert [e["uuid"] for e in sent["msp"]["transcript_entries"]] == ["u1"]
    assert spool.spool_files() == []


def test_server_down_spools_quietly(home, tmp_path):
    os.makedirs(paths.config_dir())
    with open(paths.config_path(), "w") as f:
        json.dump({"server": "http://127.0.0.1:9", "token": "tok"}, f)
    proc = run_hook({"hook_event_name": "SessionEnd", "session_id": "s"})
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")
    assert len(spool.spool_files()) == 1


def test_disabled_and_unknown_events_do_nothing(configured):
    proc = run_hook({"hook_event_name": "UserPromptSubmit"}, {"MSP_CLAUDE_DISABLED": "1"})
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")
    assert configured.requests == []
    proc = run_hook({"hook_event_name": "Notification"})  # not in the event table
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")
    assert configured.requests == []
