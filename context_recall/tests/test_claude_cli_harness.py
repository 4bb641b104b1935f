"""The harness of the real-CLI tests (test_claude_cli_e2e.py): the fake Messages API
answers like the real one, and the installer skips only when the registry is unreachable."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from context_recall.testing import claude_cli
from context_recall.testing.fake_anthropic import (
    FALLBACK_TEXT,
    SIDE_TEXT,
    FakeAnthropic,
    text,
    tool_use,
)

TOOLS = [{"name": "Bash", "description": "run", "input_schema": {"type": "object"}}]


def post(url: str, body: dict) -> tuple[int, str, bytes]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def sse_events(raw: bytes) -> list[tuple[str, dict]]:
    events = []
    for chunk in raw.decode().strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in chunk.split("\n"))
        data = json.loads(lines["data"])
        assert data["type"] == lines["event"]
        events.append((lines["event"], data))
    return events


def test_fake_answers_turns_from_its_script_as_json_and_as_a_stream():
    with FakeAnthropic() as fake:
        bash = tool_use("Bash", {"command": "echo hi"})
        fake.add([text("Running it."), bash], lambda request: [text("Saw " + request.path)])
        turn = {"model": "claude-x", "messages": [{"role": "user", "content": "hi"}]}

        status, kind, body = post(fake.url + "/v1/messages", {**turn, "tools": TOOLS})
        assert (status, kind) == (200, "application/json")
        message = json.loads(body)
        assert message["role"] == "assistant" and message["model"] == "claude-x"
        assert message["content"] == [text("Running it."), bash]
        assert message["stop_reason"] == "tool_use"

        # A side request (no tools) does not take the next reply of the script.
        status, _, body = post(fake.url + "/v1/messages?beta=true", turn)
        assert status == 200 and json.loads(body)["content"] == [text(SIDE_TEXT)]

        status, kind, body = post(
            fake.url + "/v1/messages?beta=true", {**turn, "tools": TOOLS, "stream": True}
        )
        assert (status, kind) == (200, "text/event-stream")
        events = sse_events(body)
        assert [name for name, _ in events] == [
            "message_start", "content_block_start", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop",
        ]  # fmt: skip
        assert events[2][1]["delta"] == {"type": "text_delta", "text": "Saw /v1/messages?beta=true"}
        assert events[4][1]["delta"]["stop_reason"] == "end_turn"

        status, _, body = post(fake.url + "/v1/messages", {**turn, "tools": TOOLS})
        assert json.loads(body)["content"] == [text(FALLBACK_TEXT)]  # the script ran out

        status, _, body = post(fake.url + "/v1/messages/count_tokens", turn)
        assert status == 200 and json.loads(body)["input_tokens"] > 0
        status, _, body = post(fake.url + "/v1/other", turn)
        assert status == 404 and json.loads(body)["type"] == "error"

        assert len(fake.requests) == 6 and len(fake.turns()) == 3
        assert fake.turns()[0].body["messages"] == turn["messages"]


def test_fake_streams_a_tool_use_as_input_json_deltas():
    with FakeAnthropic() as fake:
        fake.add([tool_use("Bash", {"command": "ls -l"}, block_id="toolu_1")])
        _, _, body = post(
            fake.url + "/v1/messages", {"model": "m", "messages": [], "tools": TOOLS, "stream": 1}
        )
    events = dict(sse_events(body))
    assert events["content_block_start"]["content_block"] == {
        "type": "tool_use", "id": "toolu_1", "name": "Bash", "input": {},
    }  # fmt: skip
    delta = events["content_block_delta"]["delta"]
    assert delta["type"] == "input_json_delta"
    assert json.loads(delta["partial_json"]) == {"command": "ls -l"}
    assert events["message_delta"]["delta"]["stop_reason"] == "tool_use"


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MSP_TEST_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_an_unreachable_registry_is_reported_as_such(empty_cache, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once the socket is closed
    monkeypatch.setenv("npm_config_registry", f"http://127.0.0.1:{port}/")
    with pytest.raises(claude_cli.RegistryUnreachable, match=f"127.0.0.1:{port}"):
        claude_cli.ensure_claude_cli()
    assert not (empty_cache / f"claude-code-{claude_cli.CLAUDE_CODE_VERSION}").exists()


class _NotFound(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


def test_an_install_failure_with_the_registry_up_is_an_error(empty_cache, monkeypatch):
    """A registry that answers, but not with the package: a failure, not a skip."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("npm_config_registry", f"http://127.0.0.1:{server.server_port}/")
        with pytest.raises(claude_cli.CliInstallError, match="failed"):
            claude_cli.ensure_claude_cli()
    finally:
        server.shutdown()
        server.server_close()
    assert [p.name for p in empty_cache.iterdir()] == [
        f"claude-code-{claude_cli.CLAUDE_CODE_VERSION}.lock"
    ]  # no half-installed copy left behind
