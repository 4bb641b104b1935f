"""/mcp/ over real HTTP with the official ``mcp`` SDK's own client (the Streamable HTTP
transport Claude Code speaks): handshake, the initialized notification, the GET stream
it may try (405), tools/list and tools/call, against pytest-django's live server."""

from __future__ import annotations

import asyncio
import json

import httpx2
import pytest
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS

from context_recall.models import ContextSnippet
from msp.testing.factories import TechnicianFactory
from msp.testing.inventory_factories import ClientFactory
from tracking.services.machine_tokens import issue_machine_token
from tracking.testing.factories import ProjectFactory, WorkSessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token():
    tech = TechnicianFactory(username="sdk-tech")
    client = ClientFactory(name="SDK client")
    project = ProjectFactory(name="SDK project", slug="sdk-project", client=client)
    issued = issue_machine_token(user=tech, fingerprint="d" * 64, hostname="sdk-box")
    WorkSessionFactory(technician=tech, machine=issued.row.machine, project=project, client=client)
    return issued.token


async def _exchange(url: str, token: str) -> dict:
    out: dict = {}
    http = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
    async with (
        http,
        streamable_http_client(url, http_client=http) as (read, write),
        ClientSession(read, write) as session,
    ):
        init = await session.initialize()
        out["protocol"] = init.protocol_version
        out["server"] = init.server_info.name
        out["tools"] = {tool.name: tool for tool in (await session.list_tools()).tools}
        saved = await session.call_tool(
            "save_snippet",
            {"title": "Firewall backup", "content": "Backups of fw01 go to nas02 nightly."},
        )
        out["saved"] = saved
        out["found"] = await session.call_tool("search_memories", {"query": "fw01 backups nas02"})
        out["bad"] = await session.call_tool("log_time", {"minutes": -5, "description": "x"})
    return out


def test_the_sdk_client_talks_to_the_server(live_server, token):
    out = asyncio.run(_exchange(f"{live_server.url}/mcp/", token))
    assert out["protocol"] in HANDSHAKE_PROTOCOL_VERSIONS
    assert out["server"] == "msp"
    assert len(out["tools"]) == 8
    assert out["tools"]["find_asset"].input_schema["required"] == ["query"]

    assert out["saved"].is_error is False
    saved = json.loads(out["saved"].content[0].text)
    assert saved["project"]["slug"] == "sdk-project"
    assert saved["project"]["chosen_by"] == "recent activity of this machine"
    assert ContextSnippet.objects.filter(pk=saved["snippet"]["id"]).exists()

    found = out["found"].structured_content
    assert [item["id"] for item in found["items"]][:1] == [saved["snippet"]["id"]]

    assert out["bad"].is_error is True
    assert out["bad"].structured_content["argument"] == "minutes"


def test_without_a_token_the_live_server_answers_401_json(live_server):
    response = httpx2.post(
        f"{live_server.url}/mcp/",
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        headers={"Accept": "application/json, text/event-stream"},
    )
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["code"] == "not_authenticated"
