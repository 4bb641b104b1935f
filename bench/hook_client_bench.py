"""The hook client's own cost, without the server's: a UserPromptSubmit hook against a stub
server that answers at once, for one or more client files, interleaved with
``python -c pass``; plus what importing ``http.client`` would add.

    .venv/bin/python bench/hook_client_bench.py [--runs 40] [OLD_CLIENT.py ...]

Each client is set up by its own ``setup --token ... --no-copy --no-mcp`` in a temporary
HOME and run through the exact command it wrote into settings.json. Prints medians; the
hook median minus the baseline median is the client's overhead (interpreter start
excluded). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "context_recall" / "claude_code" / "client.py"
PYTHON = "/usr/bin/python3"
ANSWER = json.dumps(
    {"hookSpecificOutput": {"hookEventName": "UserPromptSubmit", "additionalContext": "x" * 4000}}
).encode()


class Stub(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)

    def log_message(self, *args) -> None:
        pass


def install(client: Path, url: str, root: Path) -> tuple[str, dict]:
    home = root / "home"
    home.mkdir(parents=True)
    copy = root / "client.py"
    copy.write_bytes(client.read_bytes())
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    args = [PYTHON, str(copy), "setup", "--server", url, "--token", "t", "--no-copy"]
    help_text = subprocess.run([PYTHON, str(copy), "setup", "-h"], capture_output=True,
                               text=True, env=env).stdout  # fmt: skip
    if "--no-mcp" in help_text:
        args.append("--no-mcp")
    subprocess.run(args, check=True, capture_output=True, env=env)
    settings = json.loads((home / ".claude" / "settings.json").read_text())
    command = settings["hooks"]["UserPromptSubmit"][0]["hooks"][0]["command"]
    return command, env


def timed(command: str, env: dict, stdin: bytes, expect: bool = True) -> float:
    started = time.perf_counter()
    proc = subprocess.run(["/bin/sh", "-c", command], input=stdin, capture_output=True,
                          env=env, cwd="/tmp", check=True)  # fmt: skip
    elapsed = (time.perf_counter() - started) * 1000
    if expect and b"additionalContext" not in proc.stdout:
        raise SystemExit(f"no context printed by {command[:60]}...: {proc.stdout!r}")
    return elapsed


def import_ms(statement: str, runs: int) -> float:
    """Median cumulative import time (ms) of the modules `statement` imports."""
    values = []
    for _ in range(runs):
        err = subprocess.run([PYTHON, "-X", "importtime", "-c", statement],
                             capture_output=True, text=True).stderr  # fmt: skip
        wanted = {name.strip() for name in statement.removeprefix("import ").split(",")}
        total = 0
        for line in err.splitlines()[1:]:
            _, cumulative, name = line.split("|")
            # The statement's own modules, with what they import: not the interpreter's
            # start-up imports, nor a module counted twice.
            if name.strip() in wanted and not name[1:].startswith(" "):
                total += int(cumulative)
        values.append(total / 1000)
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("clients", nargs="*", type=Path, default=[CLIENT])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    event = json.dumps({"hook_event_name": "UserPromptSubmit", "session_id": "s",
                        "cwd": "/tmp", "prompt": "vpn"}).encode()  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        commands = [install(c, url, Path(tmp) / str(i)) for i, c in enumerate(args.clients)]
        baseline_cmd = f"{PYTHON} -c pass"
        for command, env in commands:  # warm-up: bytecode cache, state files
            for _ in range(3):
                timed(command, env, event)
        base, hooks = [], [[] for _ in commands]
        for _ in range(args.runs):
            base.append(timed(baseline_cmd, {"PATH": os.environ["PATH"]}, b"", expect=False))
            for i, (command, env) in enumerate(commands):
                hooks[i].append(timed(command, env, event))
    print(f"load average: {os.getloadavg()[0]:.2f}; runs: {args.runs}; python: {PYTHON}")
    print(f"baseline python -c pass: median {statistics.median(base):.1f} ms")
    for client, values in zip(args.clients, hooks, strict=True):
        over = statistics.median(values) - statistics.median(base)
        print(f"{client}: hook median {statistics.median(values):.1f} ms, "
              f"client overhead {over:.1f} ms")  # fmt: skip
    print(
        f"imports, median of {min(args.runs, 15)}: socket+json "
        f"{import_ms('import socket, json', min(args.runs, 15)):.1f} ms, "
        f"http.client+json {import_ms('import http.client, json', min(args.runs, 15)):.1f} ms"
    )
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
