"""The server's MCP endpoint, registered for Claude Code at user scope.

Claude Code keeps user-scope MCP servers in ~/.claude.json, top-level "mcpServers" (what
`claude mcp add --transport http --scope user NAME URL --header ...` writes). We write
that entry ourselves, so that setup needs no `claude` binary: the rest of the file (it
also holds Claude Code's own state) is kept as it is, the file is replaced atomically and
kept at mode 0600, since our entry holds the machine token.
"""

from __future__ import annotations

import json
import os

from .http import Result, post_json
from .locks import atomic_write, load_json_object
from .paths import home_dir

MCP_NAME = "msp"  # Claude Code names the tools mcp__msp__<tool>
MCP_PATH = "/mcp/"
MCP_PROTOCOL = "2025-06-18"


def claude_json_path() -> str:
    return os.path.join(home_dir(), ".claude.json")


def mcp_url(server: str) -> str:
    return server.rstrip("/") + MCP_PATH


def mcp_entry(server: str, token: str) -> dict:
    return {"type": "http", "url": mcp_url(server),
            "headers": {"Authorization": f"Bearer {token}"}}  # fmt: skip


def _write_claude_json(path: str, data: dict) -> None:
    body = json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    atomic_write(path, body, mode=0o600)


def register_mcp(server: str, token: str, path: str = "") -> str:
    """Add or update our entry; returns "added", "updated" or "unchanged"."""
    path = path or claude_json_path()
    data = load_json_object(path)
    servers = data.get("mcpServers")
    if not isinstance(servers, dict):
        servers = data["mcpServers"] = {}
    entry = mcp_entry(server, token)
    before = servers.get(MCP_NAME)
    if before == entry:
        if os.name != "nt" and os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)  # it holds our token: not readable by others
        return "unchanged"
    servers[MCP_NAME] = entry
    _write_claude_json(path, data)
    return "added" if before is None else "updated"


def unregister_mcp(path: str = "") -> bool:
    """Remove our entry; True when there was one."""
    path = path or claude_json_path()
    if not os.path.exists(path):
        return False
    data = load_json_object(path)
    servers = data.get("mcpServers")
    if not isinstance(servers, dict) or MCP_NAME not in servers:
        return False
    del servers[MCP_NAME]
    _write_claude_json(path, data)
    return True


def registered_mcp(path: str = "") -> dict | None:
    try:
        servers = load_json_object(path or claude_json_path()).get("mcpServers")
    except (OSError, ValueError):
        return None
    entry = servers.get(MCP_NAME) if isinstance(servers, dict) else None
    return entry if isinstance(entry, dict) else None


def initialize_request() -> dict:
    return {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": MCP_PROTOCOL,
            "capabilities": {},
            "clientInfo": {"name": "msp-claude-status", "version": "1"},
        },
    }


def parse_mcp_answer(result: Result):
    """The JSON-RPC message in an answer sent as JSON or as a Server-Sent Events stream."""
    if "text/event-stream" in result.headers.get("content-type", ""):
        for line in result.body.decode("utf-8", "replace").splitlines():
            if line.startswith("data:"):
                try:
                    return json.loads(line[5:].strip())
                except ValueError:
                    continue
        return None
    return result.json()


def probe_mcp(server: str, token: str, timeout: float = 5.0) -> tuple:
    """(kind, text) for `status`: does the MCP endpoint answer an `initialize`? kind is
    ok, down, absent (no MCP endpoint on the server), auth or bad."""
    result = post_json(mcp_url(server), initialize_request(), token, timeout,
                       gzip_over=1 << 30,
                       headers={"Accept": "application/json, text/event-stream"})  # fmt: skip
    if result.kind == "down":
        return "down", f"not reachable ({result.error})"
    if result.status in (404, 405):
        return "absent", f"not enabled on the server (HTTP {result.status})"
    if result.kind == "auth":
        return "auth", f"token refused (HTTP {result.status})"
    if result.kind != "ok":
        return "bad", f"not usable ({result.error})"
    answer = parse_mcp_answer(result)
    info = answer.get("result") if isinstance(answer, dict) else None
    if not isinstance(info, dict):
        return "bad", "not usable (no initialize result)"
    server_info = info.get("serverInfo") if isinstance(info.get("serverInfo"), dict) else {}
    name = server_info.get("name") or "?"
    return "ok", f"answers ({name}, protocol {info.get('protocolVersion', '?')})"
