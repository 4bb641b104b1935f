"""A fake Anthropic Messages API on 127.0.0.1, for driving the real Claude Code CLI in tests.

The CLI is pointed at it with ``ANTHROPIC_BASE_URL``. It answers ``POST /v1/messages``
both as a stream of server-sent events (``"stream": true``, what the CLI asks for) and as
one JSON message, and ``POST /v1/messages/count_tokens``. Every request is recorded, so a
test can read what Claude Code sent to the model (the system prompt, hook context, tool
results).

Replies follow a script: each *conversation turn* (a request that offers tools) takes the
next reply in order; a side request without tools (a title, a summary...) gets a short
text and does not consume the script. When the script runs out, a turn gets the text
``FALLBACK_TEXT``. A reply is a list of content blocks, or a callable that takes the
``Request`` and returns one (called before the answer is sent: a test can act at that
moment of the session, e.g. stop a server).
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FALLBACK_TEXT = "Done."
SIDE_TEXT = "Fake reply."
_ids = itertools.count(1)
Blocks = list[dict[str, Any]]
Reply = Blocks | Callable[["Request"], Blocks]


def text(value: str) -> dict[str, Any]:
    """A text content block."""
    return {"type": "text", "text": value}


def tool_use(name: str, tool_input: dict[str, Any], block_id: str | None = None) -> dict:
    """A ``tool_use`` content block; the CLI runs the tool and sends back its result."""
    return {
        "type": "tool_use",
        "id": block_id or f"toolu_fake{next(_ids):06d}",
        "name": name,
        "input": tool_input,
    }


@dataclass
class Request:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None

    @property
    def is_turn(self) -> bool:
        return bool(self.path.startswith("/v1/messages?") or self.path == "/v1/messages") and bool(
            self.body and self.body.get("tools")
        )

    def text(self) -> str:
        """Everything the model would read (system prompt and messages), as one string."""
        if not self.body:
            return ""
        return json.dumps(
            {"system": self.body.get("system"), "messages": self.body.get("messages")},
            ensure_ascii=False,
        )

    def tool_results(self) -> list[dict[str, Any]]:
        """The ``tool_result`` blocks of the last user message."""
        messages = (self.body or {}).get("messages") or []
        if not messages or not isinstance(messages[-1].get("content"), list):
            return []
        return [b for b in messages[-1]["content"] if b.get("type") == "tool_result"]


@dataclass
class FakeAnthropic:
    """The server; use as a context manager. ``script`` is a list of replies (see
    ``text`` and ``tool_use``)."""

    script: list[Reply] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeAnthropic:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def add(self, *replies: Reply) -> None:
        with self._lock:
            self.script.extend(replies)

    def turns(self) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.is_turn]

    def _record(self, request: Request) -> Blocks:
        with self._lock:
            self.requests.append(request)
            if not request.is_turn:
                return [text(SIDE_TEXT)]
            reply = self.script.pop(0) if self.script else [text(FALLBACK_TEXT)]
        return reply(request) if callable(reply) else reply


def _usage(body: dict[str, Any]) -> int:
    return max(1, len(json.dumps(body)) // 4)  # the characters / 4 estimate


def _message(model: str, blocks: list[dict[str, Any]], input_tokens: int) -> dict[str, Any]:
    stop = "tool_use" if any(b["type"] == "tool_use" for b in blocks) else "end_turn"
    return {
        "id": f"msg_fake{next(_ids):06d}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": blocks,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": 10},
    }


def _events(message: dict[str, Any]):
    """The SSE stream of a message, the way the Messages API sends it."""
    start = dict(message, content=[], stop_reason=None)
    start["usage"] = dict(message["usage"], output_tokens=1)
    yield "message_start", {"type": "message_start", "message": start}
    for index, block in enumerate(message["content"]):
        if block["type"] == "tool_use":
            empty = dict(block, input={})
            delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
        else:
            empty = dict(block, text="")
            delta = {"type": "text_delta", "text": block["text"]}
        yield (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": index,
                "content_block": empty,
            },
        )
        yield "content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta}
        yield "content_block_stop", {"type": "content_block_stop", "index": index}
    yield (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
            "usage": {"output_tokens": message["usage"]["output_tokens"]},
        },
    )
    yield "message_stop", {"type": "message_stop"}


def _handler_for(fake: FakeAnthropic) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the test reads ``fake.requests`` instead

        def _not_found(self) -> None:
            self._json(404, {"type": "error", "error": {"type": "not_found_error",
                                                        "message": "not in the fake"}})  # fmt: skip

        def _json(self, status: int, value: dict[str, Any]) -> None:
            data = json.dumps(value).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("request-id", f"req_fake{next(_ids):06d}")
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict[str, Any] | None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                value = json.loads(raw) if raw else None
            except ValueError:
                return None
            return value if isinstance(value, dict) else None

        def do_GET(self) -> None:
            fake._record(Request("GET", self.path, dict(self.headers), None))
            self._not_found()

        def do_HEAD(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            body = self._body()
            path = self.path.split("?", 1)[0]
            request = Request("POST", self.path, dict(self.headers), body)
            if path == "/v1/messages/count_tokens":
                fake._record(request)
                self._json(200, {"input_tokens": _usage(body or {})})
                return
            if path != "/v1/messages" or body is None:
                fake._record(request)
                self._not_found()
                return
            blocks = fake._record(request)
            message = _message(str(body.get("model", "claude-fake")), blocks, _usage(body))
            if not body.get("stream"):
                self._json(200, message)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.send_header("request-id", f"req_fake{next(_ids):06d}")
            self.end_headers()
            for name, data in _events(message):
                self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
            self.wfile.flush()
            self.close_connection = True

    return Handler
