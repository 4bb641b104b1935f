"""/mcp/ served by gunicorn's sync workers: the official SDK client's handshake, then the
latency of MCP calls beside the plain API call with the same authentication.

    .venv/bin/python bench/mcp_bench.py [--requests 200] [--workers 1]

Uses a throwaway SQLite database and generated keys; one technician with a machine
token whose machine worked in one project (a work session), 20 assets. Interleaves,
one request at a time over loopback: ``GET /api/v1/auth/me/`` (the baseline: same
machine token, same middleware), ``tools/list`` and ``tools/call find_asset`` and
``tools/call open_tasks``. Prints median and p95 per call in ms and the MCP overhead
over the baseline. Not a test; exit code 2 if a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCEPT = "application/json, text/event-stream"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import free_port, manage, start_gunicorn, throwaway_env  # noqa: E402

SEED = """
from msp.testing.factories import TechnicianFactory
from msp.testing.inventory_factories import ClientFactory, InfrastructureFactory
from tracking.services.machine_tokens import issue_machine_token
from tracking.testing.factories import ProjectFactory, WorkSessionFactory
tech = TechnicianFactory(username="bench")
client = ClientFactory(name="Bench client")
project = ProjectFactory(client=client, slug="bench")
issued = issue_machine_token(user=tech, fingerprint="b" * 64, hostname="bench-box")
WorkSessionFactory(technician=tech, machine=issued.row.machine, project=project, client=client)
for n in range(20):
    InfrastructureFactory(client=client, hostname=f"srv-{n:02d}")
print(issued.token)
"""


def timed(port: int, method: str, path: str, token: str, body: dict | None) -> tuple[float, dict]:
    headers = {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        data = json.dumps(body)
        headers |= {
            "Content-Type": "application/json",
            "Accept": ACCEPT,
            "MCP-Protocol-Version": "2025-11-25",
        }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        started = time.perf_counter()
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        elapsed = (time.perf_counter() - started) * 1000
    finally:
        connection.close()
    if response.status != 200:
        raise SystemExit(f"check failed: {method} {path} answered {response.status}: {payload!r}")
    return elapsed, json.loads(payload)


def sdk_handshake(url: str, token: str) -> str:
    from mcp.client.session import ClientSession
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    async def run() -> str:
        http = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
        async with (
            http,
            streamable_http_client(url, http_client=http) as (read, write),
            ClientSession(read, write) as session,
        ):
            init = await session.initialize()
            tools = (await session.list_tools()).tools
            result = await session.call_tool("find_asset", {"query": "srv-01"})
            if len(tools) != 8 or result.is_error:
                raise SystemExit("check failed: SDK client exchange")
            return init.protocol_version

    return asyncio.run(run())


CALLS = {
    "GET /api/v1/auth/me/ (baseline)": ("GET", "/api/v1/auth/me/", None),
    "tools/list": ("POST", "/mcp/", {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
    "tools/call find_asset": (
        "POST",
        "/mcp/",
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "find_asset", "arguments": {"query": "srv-1"}},
        },
    ),
    "tools/call open_tasks": (
        "POST",
        "/mcp/",
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "open_tasks", "arguments": {}},
        },
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="msp-mcp-bench-") as tmp:
        env = throwaway_env(tmp, inherit=False, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3")
        manage(env, "migrate", "--noinput")
        token = manage(env, "shell", "-c", SEED).strip().splitlines()[-1]
        port = free_port()
        server = start_gunicorn(env, port, args.workers)
        try:
            protocol = sdk_handshake(f"http://127.0.0.1:{port}/mcp/", token)
            for method, path, body in CALLS.values():  # warm-up
                for _ in range(5):
                    timed(port, method, path, token, body)
            samples: dict[str, list[float]] = {name: [] for name in CALLS}
            for _ in range(args.requests):
                for name, (method, path, body) in CALLS.items():
                    elapsed, answer = timed(port, method, path, token, body)
                    if body is not None and answer.get("result", {}).get("isError"):
                        raise SystemExit(f"check failed: {name} answered an error: {answer}")
                    samples[name].append(elapsed)
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"SDK client handshake over gunicorn sync workers: ok, protocol {protocol}")
    print(f"{'call':34} {'median ms':>10} {'p95 ms':>8}")
    medians = {}
    for name, values in samples.items():
        values.sort()
        medians[name] = statistics.median(values)
        p95 = values[int(len(values) * 0.95) - 1]
        print(f"{name:34} {medians[name]:10.2f} {p95:8.2f}")
    baseline = medians["GET /api/v1/auth/me/ (baseline)"]
    print(f"tools/list over the baseline: {medians['tools/list'] - baseline:+.2f} ms (median)")


if __name__ == "__main__":
    main()
