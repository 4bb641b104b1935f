"""hookclient.main through the generated single file, as users run it: setup registers the
hooks and the MCP server, status reports both (an MCP endpoint that is missing is
reported, never a crash), uninstall removes both, --no-mcp switches MCP off."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from context_recall.claude_code import build


def run(home, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MSP_CLAUDE"))}
    env["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, str(build.OUTPUT), *args],
        capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture
def server(http_server):
    http_server.answers["/healthz"] = (200, "application/json", b'{"status": "ok"}')
    http_server.answers["/api/v1/hooks/claude-code/"] = (200, "application/json", b"{}")
    return http_server


def claude_json(home) -> dict:
    return json.loads((home / ".claude.json").read_text())


def test_setup_status_uninstall_with_mcp(home, server):
    (home / ".claude.json").write_text('{"numStartups": 3}')
    proc = run(home, "setup", "--server", server.url, "--token", "tok", "--no-copy")
    assert proc.returncode == 0, proc.stderr
    assert "MCP server 'msp'" in proc.stdout and "added" in proc.stdout
    assert claude_json(home) == {"numStartups": 3, "mcpServers": {"msp": {
        "type": "http", "url": server.url + "/mcp/",
        "headers": {"Authorization": "Bearer tok"}}}}  # fmt: skip
    again = run(home, "setup", "--server", server.url, "--token", "tok", "--no-copy")
    assert "unchanged" in again.stdout

    # The server has no MCP endpoint yet: reported, and not counted as a problem.
    proc = run(home, "status")
    assert "mcp:         'msp' registered" in proc.stdout
    assert "mcp server:  not enabled on the server (HTTP 404)" in proc.stdout
    assert proc.returncode == 0, proc.stdout + proc.stderr

    answer = {"jsonrpc": "2.0", "id": 1, "result": {"protocolVersion": "2025-06-18",
              "serverInfo": {"name": "msp"}, "capabilities": {}}}  # fmt: skip
    server.answers["/mcp/"] = (200, "application/json", json.dumps(answer).encode())
    assert "mcp server:  answers (msp, protocol 2025-06-18)" in run(home, "status").stdout
    server.answers["/mcp/"] = (401, "application/json", b"{}")
    proc = run(home, "status")
    assert "token refused" in proc.stdout and proc.returncode == 1

    proc = run(home, "uninstall")
    assert proc.returncode == 0 and "Removed the MCP server 'msp'" in proc.stdout
    assert claude_json(home) == {"numStartups": 3, "mcpServers": {}}
    assert "mcp:         not registered" in run(home, "status").stdout


def test_setup_no_mcp_removes_an_earlier_registration(home, server):
    run(home, "setup", "--server", server.url, "--token", "tok", "--no-copy")
    proc = run(home, "setup", "--server", server.url, "--token", "tok", "--no-copy", "--no-mcp")
    assert proc.returncode == 0 and "removed" in proc.stdout
    assert claude_json(home)["mcpServers"] == {}


def test_status_with_the_server_down_does_not_crash(home, server):
    run(home, "setup", "--server", server.url, "--token", "tok", "--no-copy")
    config = home / ".config" / "msp-claude" / "config.json"
    data = json.loads(config.read_text())
    data["server"] = "http://127.0.0.1:9"
    config.write_text(json.dumps(data))
    proc = run(home, "status")
    assert proc.returncode == 1 and proc.stderr == ""
    assert "differs from this config" in proc.stdout  # registered for the old server
