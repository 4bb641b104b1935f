"""hookclient.mcp: the user-scope MCP entry in ~/.claude.json (everything else kept,
atomic, 0600, idempotent, removable) and the `initialize` probe against real servers."""

from __future__ import annotations

import json
import os
import stat

import pytest

from context_recall.claude_code.hookclient import mcp

CLAUDE_STATE = {
    "numStartups": 42,
    "projects": {"/home/tech/src/fw": {"mcpServers": {"local-one": {"command": "x"}}}},
    "mcpServers": {"github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"}},
    "oauthAccount": {"emailAddress": "tech@example.com"},
}


@pytest.fixture
def claude_json(home):
    path = home / ".claude.json"
    path.write_text(json.dumps(CLAUDE_STATE, indent=2))
    os.chmod(path, 0o644)
    return path


def test_register_adds_our_entry_and_keeps_everything_else(claude_json):
    assert mcp.register_mcp("https://msp.example.com/", "tok1") == "added"
    data = json.loads(claude_json.read_text())
    assert data["mcpServers"]["msp"] == {
        "type": "http",
        "url": "https://msp.example.com/mcp/",
        "headers": {"Authorization": "Bearer tok1"},
    }
    del data["mcpServers"]["msp"]
    assert data == CLAUDE_STATE
    assert stat.S_IMODE(os.stat(claude_json).st_mode) == 0o600
    assert [p.name for p in claude_json.parent.iterdir()] == [".claude.json"]  # no temp file


def test_register_is_idempotent_and_updates_a_new_token(claude_json):
    mcp.register_mcp("https://msp.example.com", "tok1")
    before = claude_json.read_bytes()
    os.chmod(claude_json, 0o644)
    assert mcp.register_mcp("https://msp.example.com", "tok1") == "unchanged"
    assert claude_json.read_bytes() == before
    assert stat.S_IMODE(os.stat(claude_json).st_mode) == 0o600  # tightened anyway
    assert mcp.register_mcp("https://msp.example.com", "tok2") == "updated"
    assert mcp.registered_mcp()["headers"] == {"Authorization": "Bearer tok2"}


def test_register_creates_the_file_when_claude_code_never_ran(home):
    assert mcp.register_mcp("http://127.0.0.1:8000", "t") == "added"
    assert json.loads((home / ".claude.json").read_text()) == {
        "mcpServers": {"msp": mcp.mcp_entry("http://127.0.0.1:8000", "t")}
    }


def test_unregister_removes_only_ours(claude_json):
    mcp.register_mcp("https://msp.example.com", "tok1")
    assert mcp.unregister_mcp() is True
    assert json.loads(claude_json.read_text()) == CLAUDE_STATE
    assert mcp.unregister_mcp() is False
    assert mcp.registered_mcp() is None


@pytest.mark.parametrize("content", ["[]", "{not json"])
def test_a_file_we_cannot_read_is_never_overwritten(home, content):
    path = home / ".claude.json"
    path.write_text(content)
    with pytest.raises(ValueError):
        mcp.register_mcp("https://msp.example.com", "tok1")
    assert path.read_text() == content
    assert mcp.registered_mcp() is None


def initialize_answer() -> dict:
    return {"jsonrpc": "2.0", "id": 1, "result": {
        "protocolVersion": "2025-06-18", "capabilities": {"tools": {}},
        "serverInfo": {"name": "msp", "version": "1"}}}  # fmt: skip


def test_probe_answers_json(http_server):
    http_server.answers["/mcp/"] = (
        200,
        "application/json",
        json.dumps(initialize_answer()).encode(),
    )
    kind, text = mcp.probe_mcp(http_server.url, "tok")
    assert kind == "ok" and "msp" in text and "2025-06-18" in text
    method, path, headers, body = http_server.requests[0]
    assert (method, path, headers["Authorization"]) == ("POST", "/mcp/", "Bearer tok")
    assert "text/event-stream" in headers["Accept"]
    assert json.loads(body)["method"] == "initialize"


def test_probe_answers_server_sent_events(http_server):
    stream = f"event: message\ndata: {json.dumps(initialize_answer())}\n\n".encode()
    http_server.answers["/mcp/"] = (200, "text/event-stream", stream)
    assert mcp.probe_mcp(http_server.url, "tok")[0] == "ok"


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [(404, b"{}", "absent"), (401, b"{}", "auth"), (500, b"{}", "bad"), (200, b"<html>", "bad")],
)
def test_probe_failures_are_reported_not_raised(http_server, status, body, kind):
    http_server.answers["/mcp/"] = (status, "application/json", body)
    assert mcp.probe_mcp(http_server.url, "tok")[0] == kind


def test_probe_of_a_server_that_is_down():
    kind, text = mcp.probe_mcp("http://127.0.0.1:9", "tok", timeout=2)
    assert kind == "down" and text.startswith("not reachable")
