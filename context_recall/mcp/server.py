"""The MCP server: the official ``mcp`` SDK's low-level ``Server`` and its Streamable
HTTP transport in stateless JSON mode, run inside a Django request.

The SDK's transport is an ASGI application. Each POST builds a fresh stateless session
manager, hands it the request as an ASGI scope whose body is the bytes Django already
read, and collects the answer into an ``HttpResponse``: nothing outlives the request,
so gunicorn's sync workers (and several app servers behind a load balancer) serve it
like any view. ``async_to_sync`` runs the SDK's event loop; the tool handlers go back
to the request's own thread (``sync_to_async(thread_sensitive=True)``), so they use
its database connection and transaction like any view.

Who is calling was decided before (DRF authentication in the view); the ``Caller``
travels in the ASGI scope, never in a global.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import mcp_types as types
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from mcp.server import Server, ServerRequestContext
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.shared.exceptions import MCPError

from context_recall.mcp.tools import TOOLS, Caller, ToolError
from msp.db_errors import is_unavailable

logger = logging.getLogger(__name__)

SERVER_NAME = "msp"
CALLER_SCOPE_KEY = "msp.caller"
# Headers the SDK has no use for: the credential was checked already.
_DROPPED_HEADERS = {"authorization", "cookie", "content-length"}

UNAVAILABLE = {
    "error": "unavailable",
    "message": "The database cannot be reached at the moment; retry in a few seconds.",
}

INSTRUCTIONS = (
    "The MSP server's shared memory of client work. Search it (search_memories) before "
    "re-discovering something; save decisions and reusable snippets as you go; the task "
    "list and project state are shared with colleagues. Each answer names the project it "
    "used: by default the one this machine's current repository resolves to."
)


def _tool_list(user: Any) -> list[types.Tool]:
    """The tools ``user`` may use: a technician is not offered what would only fail."""
    return [
        types.Tool(
            name=spec.name,
            title=spec.title,
            description=spec.description,
            input_schema=spec.input_schema,
            annotations=types.ToolAnnotations(
                title=spec.title,
                read_only_hint=spec.read_only,
                destructive_hint=False,
                open_world_hint=False,
            ),
        )
        for spec in TOOLS.values()
        if spec.available_to(user)
    ]


async def _list_tools(
    ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
) -> types.ListToolsResult:
    caller: Caller = ctx.request.scope[CALLER_SCOPE_KEY]
    tools = await sync_to_async(_tool_list, thread_sensitive=True)(caller.user)
    return types.ListToolsResult(tools=tools)


def _result(data: dict[str, Any], *, is_error: bool = False) -> types.CallToolResult:
    text = json.dumps(data, ensure_ascii=False, default=str)
    return types.CallToolResult(
        content=[types.TextContent(text=text)], structured_content=data, is_error=is_error
    )


async def _call_tool(
    ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
) -> types.CallToolResult:
    spec = TOOLS.get(params.name)
    if spec is None:
        raise MCPError(types.INVALID_PARAMS, f"Unknown tool: {params.name}")
    caller: Caller = ctx.request.scope[CALLER_SCOPE_KEY]
    try:
        data = await sync_to_async(spec.call, thread_sensitive=True)(
            caller, dict(params.arguments or {})
        )
    except ToolError as exc:
        return _result(exc.as_dict(), is_error=True)
    except Exception as exc:
        if is_unavailable(exc):
            # The API's 503: worth a retry.
            return _result(UNAVAILABLE, is_error=True)
        # A fault of this server: the cause goes to the log, never to the client (the
        # SDK's handshake-era path would put the exception's text in the error).
        logger.exception("MCP tool %s failed", spec.name)
        raise MCPError(types.INTERNAL_ERROR, "Internal server error") from None
    return _result(data)


SERVER: Server[Any] = Server(
    SERVER_NAME,
    version="1",
    title="MSP work tracking and memory",
    instructions=INSTRUCTIONS,
    on_list_tools=_list_tools,
    on_call_tool=_call_tool,
)


def _scope(request: HttpRequest, caller: Caller, body: bytes) -> dict[str, Any]:
    headers = [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in request.headers.items()
        if name.lower() not in _DROPPED_HEADERS
    ]
    headers.append((b"content-length", str(len(body)).encode("latin-1")))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": request.scheme,
        "path": request.path,
        "raw_path": request.path.encode("utf-8"),
        "root_path": "",
        "query_string": request.META.get("QUERY_STRING", "").encode("latin-1"),
        "headers": headers,
        "client": (request.META.get("REMOTE_ADDR", ""), 0),
        "server": (request.get_host(), int(request.get_port() or 80)),
        "state": {},
        CALLER_SCOPE_KEY: caller,
    }


async def _serve(scope: dict[str, Any], body: bytes) -> HttpResponse:
    manager = StreamableHTTPSessionManager(
        app=SERVER,
        json_response=True,
        stateless=True,
        max_request_body_size=settings.MSP_MAX_BODY_BYTES,
    )
    received = False

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received:
            return {"type": "http.disconnect"}
        received = True
        return {"type": "http.request", "body": body, "more_body": False}

    status = 500
    headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    async with manager.run():
        await manager.handle_request(scope, receive, send)
    response = HttpResponse(b"".join(chunks), status=status)
    for name, value in headers:
        key = name.decode("latin-1")
        if key.lower() != "content-length":
            response[key] = value.decode("latin-1")
    return response


def handle(request: HttpRequest, caller: Caller, body: bytes) -> HttpResponse:
    """Answer one MCP POST (a JSON-RPC request, notification or response)."""
    return async_to_sync(_serve)(_scope(request, caller, body), body)
