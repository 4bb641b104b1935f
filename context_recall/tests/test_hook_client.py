"""The stdlib hook client (context_recall/claude_code/client.py), run as a real subprocess
with HOME pointed at a temporary directory, against a small stdlib HTTP server that
implements the server-side contract (auth, machine tokens, hook endpoint). No database."""

import glob
import gzip
import json
import os
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from msp.testing.time_limit import time_limit

CLIENT = Path(__file__).resolve().parents[1] / "claude_code" / "client.py"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claude_code"
EVENTS = ("SessionStart", "UserPromptSubmit", "Stop", "PreCompact", "SessionEnd")
MARKER = "--msp-claude-hook"
USERNAME, PASSWORD = "tech", "correct horse battery"
ACCESS, MACHINE_TOKEN = "access-token-1", "machine-token-1"
REMOTE = "https://deploy:ghp_notarealtoken@git.example.com/acme/firewall.git"


@pytest.fixture(autouse=True)
def _time_bound():
    """No test here may hang."""
    with time_limit(90):
        yield


# ----------------------------------------------------------------- fake server


class FakeServer:
    """Stands in for the Django side: records every request, dedupes saves by
    msp.delivery_id the way the real endpoint must."""

    def __init__(self, port=0):
        self.requests = []
        self.saved = {}  # delivery_id -> payload
        self.duplicates = 0
        self.mode = "ok"  # ok | hang | 401 | 400 | 503
        self.context = "Project acme-firewall: Phoenix VPN lifetime fixed last week."
        self.tokens = {MACHINE_TOKEN}
        self.release = threading.Event()
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send(self, status, payload):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/healthz":
                    self._send(200, {"status": "ok"})
                else:
                    self._send(404, {"detail": "not found"})

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                data = raw
                if self.headers.get("Content-Encoding") == "gzip":
                    data = gzip.decompress(raw)
                try:
                    payload = json.loads(data)
                except ValueError:
                    payload = None
                record = {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "raw": raw,
                    "json": payload,
                    "mode": server.mode,
                }
                with server.lock:
                    server.requests.append(record)
                server.route(self, record)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def route(self, handler, record):
        payload = record["json"] or {}
        auth = handler.headers.get("Authorization", "")
        if handler.path == "/api/v1/auth/token/":
            if payload.get("username") == USERNAME and payload.get("password") == PASSWORD:
                return handler._send(200, {"access": ACCESS, "refresh": "refresh-1"})
            return handler._send(401, {"detail": "No active account"})
        if handler.path == "/api/v1/auth/machine-tokens/":
            if auth != f"Bearer {ACCESS}":
                return handler._send(401, {"detail": "not authenticated"})
            machine = {"id": "m-1", "hostname": payload.get("hostname"),
                       "fingerprint": payload.get("fingerprint")}  # fmt: skip
            return handler._send(201, {"id": "t-1", "token": MACHINE_TOKEN, "machine": machine})
        if handler.path != "/api/v1/hooks/claude-code/":
            return handler._send(404, {"detail": "not found"})
        if self.mode == "hang":
            self.release.wait(30)
            return None
        if self.mode == "503":
            return handler._send(503, {"detail": "database unavailable"})
        if self.mode == "401" or auth.removeprefix("Bearer ") not in self.tokens:
            return handler._send(401, {"detail": "token revoked"})
        if self.mode == "400":
            return handler._send(400, {"detail": "malformed"})
        name = payload.get("hook_event_name")
        delivery_id = (payload.get("msp") or {}).get("delivery_id")
        if delivery_id:
            with self.lock:
                if delivery_id in self.saved:
                    self.duplicates += 1
                else:
                    self.saved[delivery_id] = payload
        if name in ("SessionStart", "UserPromptSubmit"):
            return handler._send(200, {"hookSpecificOutput": {
                "hookEventName": name, "additionalContext": self.context}})  # fmt: skip
        return handler._send(200, {})

    def hook_requests(self, event=None):
        return [
            r for r in self.requests
            if r["path"] == "/api/v1/hooks/claude-code/"
            and (event is None or (r["json"] or {}).get("hook_event_name") == event)
        ]  # fmt: skip

    def saved_uuids(self):
        """uuid of every transcript entry the server stored, duplicates included."""
        return [
            e.get("uuid")
            for p in self.saved.values()
            for e in p["msp"].get("transcript_entries", [])
        ]

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    srv = FakeServer()
    yield srv
    srv.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- environment


class Env:
    def __init__(self, root: Path, python=sys.executable):
        self.root = root
        self.home = root / "home dir"  # a space: the registered command must quote it
        self.home.mkdir(parents=True)
        self.python = python
        self.env = {"PATH": os.environ["PATH"], "HOME": str(self.home), "LANG": "C.UTF-8"}
        self.repo = root / "src" / "acme-firewall"
        self.repo.mkdir(parents=True)
        git = ["git", "-C", str(self.repo)]
        subprocess.run([*git, "init", "-q"], check=True, env=self.env, timeout=10)
        subprocess.run([*git, "remote", "add", "origin", REMOTE], check=True, env=self.env,
                       timeout=10)  # fmt: skip
        self.transcripts = self.home / ".claude" / "projects" / "-src-acme-firewall"
        self.transcripts.mkdir(parents=True)

    @property
    def config_path(self):
        return self.home / ".config" / "msp-claude" / "config.json"

    @property
    def state(self):
        return self.home / ".local" / "state" / "msp-claude"

    @property
    def settings_path(self):
        return self.home / ".claude" / "settings.json"

    def run(self, *args, stdin=b"", env=None, timeout=30):
        return subprocess.run(
            [self.python, str(CLIENT), *args], input=stdin, capture_output=True,
            env={**self.env, **(env or {})}, timeout=timeout, cwd=str(self.root),
        )  # fmt: skip

    def setup(self, server_url, *extra):
        proc = self.run("setup", "--server", server_url, "--token", MACHINE_TOKEN, *extra)
        assert proc.returncode == 0, proc.stderr
        return proc

    def set_config(self, **values):
        config = json.loads(self.config_path.read_text())
        config.update(values)
        self.config_path.write_text(json.dumps(config))

    def transcript(self, name="7f3c2a10-5b1e-4c7a-9d2e-0b8e4f6a1c33", lines=None):
        path = self.transcripts / f"{name}.jsonl"
        if lines is None:
            shutil.copy(FIXTURES / "transcript-example.jsonl", path)
        else:
            path.write_text("".join(json.dumps(line) + "\n" for line in lines))
        return path

    def event(self, name, transcript=None, **extra):
        payload = json.loads((FIXTURES / "payloads" / f"{name}.json").read_text())
        payload["cwd"] = str(self.repo)
        payload["transcript_path"] = str(transcript or self.transcript())
        payload.update(extra)
        return payload

    def hook(self, payload, env=None, timeout=30):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return self.run("hook", MARKER, stdin=data, env=env, timeout=timeout)

    def spool(self):
        out = []
        for path in sorted(glob.glob(str(self.state / "spool" / "*.json.gz"))):
            out.append(json.loads(gzip.decompress(Path(path).read_bytes())))
        return out

    def offsets(self):
        state = json.loads((self.state / "state.json").read_text())
        return {k: v["offset"] for k, v in state["transcripts"].items()}


@pytest.fixture
def env(tmp_path):
    return Env(tmp_path)


def entry(uuid, text="x", kind="assistant"):
    if kind == "user":
        message = {"role": "user", "content": text}
    else:
        message = {"role": "assistant", "content": [{"type": "text", "text": text}]}
    return {"type": kind, "uuid": uuid, "sessionId": "s-1", "message": message,
            "timestamp": "2026-11-20T14:00:00.000Z"}  # fmt: skip


def append(path, *entries, partial=""):
    with open(path, "a") as f:
        for e in entries:
            f.write(json.dumps(e) + "\n")
        f.write(partial)


def quiet(proc):
    """The hook contract: exit 0 and nothing on stderr."""
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    return proc


FIXTURE_UUIDS = [
    json.loads(line)["uuid"]
    for line in (FIXTURES / "transcript-example.jsonl").read_text().splitlines()
    if json.loads(line).get("type") in ("user", "assistant")
]


# ----------------------------------------------------------------------- setup


def test_setup_with_token_merges_hooks_keeps_others_idempotent_and_uninstalls(env, server):
    original = {
        "model": "opus",
        "permissions": {"allow": ["Bash(git status)"]},
        "hooks": {
            "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}],
            "PreToolUse": [{"matcher": "Bash", "hooks": [
                {"type": "command", "command": "/usr/local/bin/guard", "timeout": 3}]}],
        },
    }  # fmt: skip
    env.settings_path.parent.mkdir(parents=True, exist_ok=True)
    env.settings_path.write_text(json.dumps(original, indent=2))

    proc = env.setup(server.url)
    assert MACHINE_TOKEN.encode() not in proc.stdout  # the token is never printed
    settings = json.loads(env.settings_path.read_text())
    assert settings["model"] == "opus"
    assert settings["permissions"] == original["permissions"]
    assert settings["hooks"]["PreToolUse"] == original["hooks"]["PreToolUse"]
    assert settings["hooks"]["Stop"][0] == original["hooks"]["Stop"][0]
    for event in EVENTS:
        ours = [h for g in settings["hooks"][event] for h in g["hooks"]
                if MARKER in h["command"]]  # fmt: skip
        assert len(ours) == 1
        assert ours[0]["type"] == "command"
        assert isinstance(ours[0]["timeout"], int) and 5 <= ours[0]["timeout"] <= 60
        assert ours[0]["command"].endswith(f"hook {MARKER}")
    backups = glob.glob(str(env.settings_path) + ".bak-*")
    assert len(backups) == 1
    assert json.loads(Path(backups[0]).read_text()) == original

    # The client copied itself under ~/.local/share; the hooks run that copy.
    installed = env.home / ".local" / "share" / "msp-claude" / "client.py"
    assert installed.read_bytes() == CLIENT.read_bytes()
    assert shlex.quote(str(installed)) in ours[0]["command"]

    config = json.loads(env.config_path.read_text())
    assert config["server"] == server.url and config["token"] == MACHINE_TOKEN
    assert stat.S_IMODE(env.config_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(env.config_path.parent.stat().st_mode) == 0o700

    # Rerun: same file, no second copy of our hooks, no new backup.
    before = env.settings_path.read_text()
    env.setup(server.url)
    assert env.settings_path.read_text() == before
    assert len(glob.glob(str(env.settings_path) + ".bak-*")) == 1

    # The registered command works through a shell exactly as Claude Code runs it.
    prompt = env.event("UserPromptSubmit")
    proc = subprocess.run(ours[0]["command"], shell=True, input=json.dumps(prompt).encode(),
                          capture_output=True, env=env.env, timeout=30)  # fmt: skip
    quiet(proc)
    assert json.loads(proc.stdout)["hookSpecificOutput"]["hookEventName"] == "UserPromptSubmit"

    # Uninstall removes ours only, with a backup; the config stays.
    proc = env.run("uninstall")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(env.settings_path.read_text()) == original
    assert len(glob.glob(str(env.settings_path) + ".bak-*")) == 2
    assert env.config_path.exists()
    proc = env.run("uninstall", "--purge")
    assert proc.returncode == 0
    assert not env.config_path.exists() and not env.state.exists()
    assert json.loads(env.settings_path.read_text()) == original


def test_setup_with_login_asks_once_registers_machine(env, server):
    proc = env.run("setup", "--server", server.url + "/",
                   stdin=f"{USERNAME}\n{PASSWORD}\n".encode())  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert PASSWORD.encode() not in proc.stdout + proc.stderr
    login, register = [r for r in server.requests if r["path"].startswith("/api/v1/auth/")]
    assert login["json"] == {"username": USERNAME, "password": PASSWORD}
    assert register["headers"]["Authorization"] == f"Bearer {ACCESS}"
    body = register["json"]
    assert set(body) == {"fingerprint", "hostname", "platform", "os_version", "username", "name"}
    assert body["platform"] in ("linux", "macos", "windows", "wsl", "other")
    assert len(body["os_version"]) <= 100
    assert len(body["fingerprint"]) == 64 and int(body["fingerprint"], 16) >= 0
    assert body["hostname"] == socket.gethostname()
    config = json.loads(env.config_path.read_text())
    assert config["token"] == MACHINE_TOKEN and config["server"] == server.url
    assert config["machine"]["id"] == "m-1"
    assert stat.S_IMODE(env.config_path.stat().st_mode) == 0o600
    assert "ACCESS" not in json.dumps(config) and ACCESS not in json.dumps(config)

    # Rerun: keeps the machine token, asks nothing (stdin is empty).
    proc = env.run("setup", "--server", server.url)
    assert proc.returncode == 0, proc.stderr
    assert len([r for r in server.requests if r["path"].startswith("/api/v1/auth/")]) == 2

    # The fingerprint the hooks send is the one registered.
    quiet(env.hook(env.event("SessionStart")))
    assert server.hook_requests()[-1]["json"]["msp"]["machine_fingerprint"] == body["fingerprint"]


def test_setup_with_wrong_password_fails_and_writes_nothing(env, server):
    proc = env.run("setup", "--server", server.url, "--username", USERNAME, stdin=b"wrong\n")
    assert proc.returncode == 1
    assert b"login failed" in proc.stderr
    assert not env.config_path.exists() and not env.settings_path.exists()


def test_setup_project_dir_writes_project_settings(env, server):
    project = env.root / "proj"
    env.setup(server.url, "--project-dir", str(project), "--project", "acme-firewall")
    settings = json.loads((project / ".claude" / "settings.json").read_text())
    assert set(settings["hooks"]) == set(EVENTS)
    assert not env.settings_path.exists()
    quiet(env.hook(env.event("SessionStart")))
    assert server.hook_requests()[-1]["json"]["msp"]["project"] == "acme-firewall"
    assert env.run("uninstall", "--project-dir", str(project)).returncode == 0
    assert json.loads((project / ".claude" / "settings.json").read_text()) == {}


# ----------------------------------------------------------------------- hooks


def test_every_event_with_real_payloads(env, server):
    env.setup(server.url)
    for name in EVENTS:
        payload = env.event(name)
        proc = quiet(env.hook(payload))
        request = server.hook_requests(name)[-1]
        assert request["headers"]["Authorization"] == f"Bearer {MACHINE_TOKEN}"
        assert request["headers"]["Content-Type"] == "application/json"
        body = request["json"]
        for key, value in payload.items():  # the Claude Code payload, as is
            assert body[key] == value
        msp = body["msp"]
        assert msp["git_remote_url"] == "https://git.example.com/acme/firewall.git"
        assert os.path.realpath(msp["git_toplevel"]) == os.path.realpath(env.repo)
        assert len(msp["machine_fingerprint"]) == 64
        assert msp["hostname"] == socket.gethostname()
        assert msp["client_version"]
        if name in ("SessionStart", "UserPromptSubmit"):
            out = json.loads(proc.stdout)
            assert out == {"hookSpecificOutput": {
                "hookEventName": name, "additionalContext": server.context}}  # fmt: skip
            assert "transcript_entries" not in msp
        else:
            assert proc.stdout == b""
            assert len(msp["delivery_id"]) == 32
            assert isinstance(msp["transcript_entries"], list)
    stop = server.hook_requests("Stop")[-1]["json"]["msp"]["transcript_entries"]
    assert [e["uuid"] for e in stop] == FIXTURE_UUIDS  # queue-operation skipped
    # The transcript was consumed by Stop: PreCompact and SessionEnd carry no new lines.
    assert server.hook_requests("SessionEnd")[-1]["json"]["msp"]["transcript_entries"] == []
    fingerprints = {r["json"]["msp"]["machine_fingerprint"] for r in server.hook_requests()}
    assert len(fingerprints) == 1  # stable across runs
    assert env.spool() == []


def test_additional_context_is_capped_and_bad_answers_print_nothing(env, server):
    env.setup(server.url)
    server.context = "recall " * 4000  # 28,000 characters
    proc = quiet(env.hook(env.event("UserPromptSubmit")))
    context = json.loads(proc.stdout)["hookSpecificOutput"]["additionalContext"]
    assert 9000 < len(context) < 10000
    server.context = ""
    assert quiet(env.hook(env.event("SessionStart"))).stdout == b""


def test_second_stop_sends_only_new_lines(env, server):
    env.setup(server.url)
    path = env.transcript()
    quiet(env.hook(env.event("Stop", path)))
    first = server.hook_requests("Stop")[-1]["json"]["msp"]
    assert [e["uuid"] for e in first["transcript_entries"]] == FIXTURE_UUIDS

    append(path, entry("new-1", kind="user"), entry("new-2"), partial='{"type": "assi')
    quiet(env.hook(env.event("Stop", path, last_assistant_message="second")))
    second = server.hook_requests("Stop")[-1]["json"]["msp"]
    assert [e["uuid"] for e in second["transcript_entries"]] == ["new-1", "new-2"]
    assert second["transcript_range"][0] == first["transcript_range"][1]

    # The half-written line is sent once it is complete, and only then.
    with open(path, "a") as f:
        f.write('stant", "uuid": "new-3", "message": {"content": []}}\n')
    quiet(env.hook(env.event("Stop", path, last_assistant_message="third")))
    third = server.hook_requests("Stop")[-1]["json"]["msp"]
    assert [e["uuid"] for e in third["transcript_entries"]] == ["new-3"]
    assert env.offsets()[os.path.realpath(path)] == path.stat().st_size
    assert sorted(server.saved_uuids()) == sorted([*FIXTURE_UUIDS, "new-1", "new-2", "new-3"])


def test_body_is_gzipped_and_bulky_output_trimmed(env, server):
    env.setup(server.url)
    big = "0123456789abcdef" * 12500  # 200,000 characters
    lines = [
        entry("u-1", "please read the config", kind="user"),
        {"type": "assistant", "uuid": "a-1", "message": {"content": [
            {"type": "thinking", "thinking": "hmm", "signature": "S" * 5000},
            {"type": "tool_use", "id": "t1", "name": "Write",
             "input": {"file_path": "/x/big.txt", "content": big}}]}},
        {"type": "user", "uuid": "u-2", "toolUseResult": {"stdout": big},
         "message": {"content": [
            {"type": "tool_result", "tool_use_id": "t1", "content": big},
            {"type": "tool_result", "tool_use_id": "t2",
             "content": [{"type": "text", "text": big},
                         {"type": "image", "source": {"type": "base64", "data": big}}]}]}},
        {"type": "file-history-snapshot", "uuid": "f-1", "snapshot": {"data": big}},
        {"type": "progress", "uuid": "p-1", "data": big},
        entry("a-2", "Done: the phase 2 lifetime now matches."),
    ]  # fmt: skip
    path = env.transcript("big", lines)
    quiet(env.hook(env.event("Stop", path)))
    request = server.hook_requests("Stop")[-1]
    assert request["headers"]["Content-Encoding"] == "gzip"
    assert request["raw"][:2] == b"\x1f\x8b"
    assert len(request["raw"]) < 20_000
    body_text = gzip.decompress(request["raw"]).decode()
    assert len(body_text) < 40_000  # 1 MB of tool output in the transcript
    entries = request["json"]["msp"]["transcript_entries"]
    assert [e["uuid"] for e in entries] == ["u-1", "a-1", "u-2", "a-2"]
    thinking, tool_use = entries[1]["message"]["content"]
    assert "signature" not in thinking
    assert len(tool_use["input"]["content"]) < 2200
    assert "characters trimmed by msp-claude" in tool_use["input"]["content"]
    result1, result2 = entries[2]["message"]["content"]
    assert len(result1["content"]) < 2200
    assert len(result2["content"][0]["text"]) < 2200
    assert result2["content"][1]["source"] == {"type": "base64", "omitted": True}
    assert len(entries[2]["toolUseResult"]["stdout"]) < 700
    assert entries[3]["message"]["content"][0]["text"].startswith("Done")


def test_large_backlog_is_split_into_bounded_requests(env, server):
    env.setup(server.url)
    lines = [entry(f"e-{i}", f"{i} " + "word " * 1500) for i in range(150)]  # ~1.1 MB
    path = env.transcript("long", lines)
    quiet(env.hook(env.event("Stop", path)))
    requests = server.hook_requests("Stop")
    assert len(requests) >= 2
    assert all(len(gzip.decompress(r["raw"])) < 600 * 1024 for r in requests)
    chunks = [r["json"]["msp"]["chunk"] for r in requests]
    assert chunks == [[i + 1, len(requests)] for i in range(len(requests))]
    assert server.saved_uuids() == [f"e-{i}" for i in range(150)]


def test_server_down_exits_zero_quietly_and_spools(env):
    env.setup(f"http://127.0.0.1:{free_port()}")
    start = time.monotonic()
    proc = quiet(env.hook(env.event("UserPromptSubmit")))
    assert proc.stdout == b""
    proc = quiet(env.hook(env.event("Stop")))
    assert proc.stdout == b""
    assert time.monotonic() - start < 5
    spooled = env.spool()
    assert len(spooled) == 1 and spooled[0]["hook_event_name"] == "Stop"
    assert [e["uuid"] for e in spooled[0]["msp"]["transcript_entries"]] == FIXTURE_UUIDS
    # Offsets moved because the entries are safely spooled: no second copy next time.
    quiet(env.hook(env.event("SessionEnd")))
    assert env.spool()[-1]["msp"]["transcript_entries"] == []
    # MSP_CLAUDE_DEBUG=1 explains, on stderr, and still exits 0.
    proc = env.hook(env.event("UserPromptSubmit"), env={"MSP_CLAUDE_DEBUG": "1"})
    assert proc.returncode == 0 and b"ConnectionRefusedError" in proc.stderr


def test_server_that_never_answers_is_bounded_by_the_client_timeout(env, server):
    env.setup(server.url, "--timeout-prompt", "1", "--timeout-save", "1")
    server.mode = "hang"
    start = time.monotonic()
    proc = quiet(env.hook(env.event("UserPromptSubmit")))
    elapsed = time.monotonic() - start
    assert proc.stdout == b""
    assert 0.9 <= elapsed < 3.0
    # A timeout opens the breaker: the next prompt does not wait again.
    start = time.monotonic()
    quiet(env.hook(env.event("UserPromptSubmit")))
    assert time.monotonic() - start < 0.9
    # Saves are spooled at once (breaker open), without waiting.
    start = time.monotonic()
    quiet(env.hook(env.event("Stop")))
    assert time.monotonic() - start < 0.9
    assert len(env.spool()) == 1
    # Without the breaker, a save waits at most its own timeout, then stays spooled.
    env.set_config(breaker_seconds=0)
    start = time.monotonic()
    quiet(env.hook(env.event("PreCompact")))
    assert time.monotonic() - start < 4.0
    assert len(env.spool()) == 2


def test_spool_replay_sends_everything_once(env):
    port = free_port()
    env.setup(f"http://127.0.0.1:{port}")
    path = env.transcript()
    quiet(env.hook(env.event("Stop", path)))
    append(path, entry("late-1"))
    quiet(env.hook(env.event("PreCompact", path)))
    append(path, entry("late-2"))
    quiet(env.hook(env.event("Stop", path, last_assistant_message="again")))
    spooled = env.spool()
    assert len(spooled) == 3
    assert len({p["msp"]["delivery_id"] for p in spooled}) == 3
    copy = sorted(glob.glob(str(env.state / "spool" / "*.json.gz")))[0]
    kept = Path(copy).read_bytes()

    server = FakeServer(port=port)  # the server comes back
    try:
        append(path, entry("late-3"))
        quiet(env.hook(env.event("SessionEnd", path)))
        # Oldest first, then the new save; each delivery once.
        events = [r["json"]["hook_event_name"] for r in server.hook_requests()]
        assert events == ["Stop", "PreCompact", "Stop", "SessionEnd"]
        assert env.spool() == []
        assert sorted(server.saved_uuids()) == sorted(
            [*FIXTURE_UUIDS, "late-1", "late-2", "late-3"]
        )
        assert server.duplicates == 0
        # A run killed after the server stored a save but before the file was deleted
        # sends it again: the delivery id lets the server drop the copy.
        Path(copy).write_bytes(kept)
        proc = env.run("flush")
        assert proc.returncode == 0, proc.stderr
        assert server.duplicates == 1
        assert len(server.saved) == 4 and env.spool() == []
    finally:
        server.close()


def test_flush(env):
    port = free_port()
    env.setup(f"http://127.0.0.1:{port}")
    quiet(env.hook(env.event("Stop")))
    quiet(env.hook(env.event("SessionEnd")))
    proc = env.run("flush")
    assert proc.returncode == 1 and b"2 left" in proc.stdout
    server = FakeServer(port=port)
    try:
        proc = env.run("flush")
        assert proc.returncode == 0, proc.stderr
        assert b"2 sent" in proc.stdout and b"0 left" in proc.stdout
        assert env.spool() == [] and len(server.saved) == 2
    finally:
        server.close()


def test_spool_is_bounded_oldest_dropped(env):
    env.setup(f"http://127.0.0.1:{free_port()}")
    env.set_config(spool_max_files=3)
    path = env.transcript()
    for i in range(5):
        append(path, entry(f"n-{i}"))
        quiet(env.hook(env.event("Stop", path, last_assistant_message=str(i))))
    spooled = env.spool()
    assert [p["last_assistant_message"] for p in spooled] == ["2", "3", "4"]
    proc = env.run("status")
    assert b"2 payload(s) dropped" in proc.stdout


def test_concurrent_hook_runs_keep_spool_and_state_consistent(env):
    port = free_port()
    env.setup(f"http://127.0.0.1:{port}")
    paths = [env.transcript(f"t{i}", [entry(f"t{i}-{j}") for j in range(40)]) for i in range(2)]

    def burst(extra):
        procs = []
        for i in range(8):
            path = paths[i % 2]
            payload = json.dumps(env.event("Stop", path, last_assistant_message=f"{extra}{i}"))
            proc = subprocess.Popen(
                [sys.executable, str(CLIENT), "hook", MARKER], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env.env,
            )  # fmt: skip
            procs.append((proc, payload.encode()))
        for proc, payload in procs:
            proc.stdin.write(payload)
            proc.stdin.close()
        for proc, _ in procs:
            assert proc.wait(timeout=30) == 0
            assert proc.stderr.read() == b"" and proc.stdout.read() == b""
            proc.stderr.close()
            proc.stdout.close()

    burst("a")  # server down: everything is spooled
    spooled = env.spool()
    assert len(spooled) == 8
    uuids = [e["uuid"] for p in spooled for e in p["msp"]["transcript_entries"]]
    assert sorted(uuids) == sorted(f"t{i}-{j}" for i in range(2) for j in range(40))
    assert env.offsets() == {os.path.realpath(p): p.stat().st_size for p in paths}
    leftovers = [n for n in os.listdir(env.state / "spool") if not n.endswith(".json.gz")]
    assert leftovers == []

    server = FakeServer(port=port)
    try:
        for i, path in enumerate(paths):
            append(path, *[entry(f"t{i}-late-{j}") for j in range(10)])
        burst("b")  # server up: 8 runs replay the spool and send the new lines at once
        env.run("flush")
        assert env.spool() == []
        received = server.saved_uuids()
        assert len(received) == len(set(received)) == 100
        ids = [r["json"]["msp"]["delivery_id"] for r in server.hook_requests()]
        assert len(set(ids)) == 16
        assert server.duplicates == 0  # per-file locks: no save was sent twice
    finally:
        server.close()


def test_session_start_replays_the_spool(env):
    port = free_port()
    env.setup(f"http://127.0.0.1:{port}")
    quiet(env.hook(env.event("SessionEnd")))
    assert len(env.spool()) == 1
    server = FakeServer(port=port)
    try:
        proc = quiet(env.hook(env.event("SessionStart", source="resume")))
        assert json.loads(proc.stdout)["hookSpecificOutput"]["hookEventName"] == "SessionStart"
        assert env.spool() == []
        assert sorted(server.saved_uuids()) == sorted(FIXTURE_UUIDS)
    finally:
        server.close()


def test_busy_state_lock_still_saves_the_event(env, server):
    import fcntl

    env.setup(server.url)
    env.set_config(lock_wait=0.3)
    server.mode = "503"
    path = env.transcript()
    env.state.mkdir(parents=True, exist_ok=True)
    with open(env.state / "lock", "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # a run that holds the lock for long
        quiet(env.hook(env.event("Stop", path, last_assistant_message="kept")))
    (deferred,) = env.spool()
    assert deferred["last_assistant_message"] == "kept"
    assert deferred["msp"]["transcript_entries"] == []
    assert deferred["msp"]["transcript_deferred"] is True
    server.mode = "ok"
    quiet(env.hook(env.event("Stop", path)))  # the lines go with the next run
    assert env.spool() == []
    assert server.saved_uuids() == FIXTURE_UUIDS


def test_auth_failure_is_kept_and_surfaced_in_status(env, server):
    env.setup(server.url)
    server.tokens = set()  # the machine token was revoked
    quiet(env.hook(env.event("Stop")))
    assert len(env.spool()) == 1  # kept for replay
    assert quiet(env.hook(env.event("UserPromptSubmit"))).stdout == b""
    proc = env.run("status")
    assert proc.returncode == 1
    assert b"REFUSED (HTTP 401)" in proc.stdout
    server.tokens = {MACHINE_TOKEN}  # re-issued
    proc = env.run("flush")
    assert proc.returncode == 0 and env.spool() == []
    assert env.run("status").returncode == 0


def test_permanently_rejected_save_is_moved_aside(env, server):
    env.setup(server.url)
    server.mode = "400"
    quiet(env.hook(env.event("Stop")))
    assert env.spool() == []
    assert len(os.listdir(env.state / "rejected")) == 1


def test_status_reports_config_server_and_spool(env, server):
    env.setup(server.url)
    proc = env.run("status")
    assert proc.returncode == 0, proc.stdout
    out = proc.stdout.decode()
    assert str(env.config_path) in out
    assert "reachable:   yes" in out and "auth:        ok" in out
    assert "spool:       0 file(s)" in out
    assert "UserPromptSubmit" in out  # hooks registered
    assert MACHINE_TOKEN not in out
    server.mode = "503"
    quiet(env.hook(env.event("Stop")))
    assert "spool:       1 file(s)" in env.run("status").stdout.decode()


def test_disabled_not_configured_and_malformed_input_are_silent(env, server):
    quiet(env.hook(env.event("SessionStart")))  # not set up yet
    env.setup(server.url)
    proc = quiet(env.hook(env.event("SessionStart"), env={"MSP_CLAUDE_DISABLED": "1"}))
    assert proc.stdout == b"" and server.hook_requests() == []
    for garbage in (b"", b"not json", b"[1, 2]", b'{"hook_event_name": "Stop", "cwd": 5}'):
        assert quiet(env.hook(garbage)).stdout == b""
    # No git on PATH (or not a repository): the event still goes out, without git details.
    quiet(env.hook(env.event("SessionStart"), env={"PATH": "/nonexistent"}))
    msp = server.hook_requests("SessionStart")[-1]["json"]["msp"]
    assert msp["git_remote_url"] is None and msp["git_toplevel"] is None
    quiet(env.hook(env.event("SessionStart", cwd=str(env.root))))
    assert server.hook_requests("SessionStart")[-1]["json"]["msp"]["git_toplevel"] is None
    transcript_gone = env.event("Stop", env.transcripts / "missing.jsonl")
    quiet(env.hook(transcript_gone))
    assert env.spool() == []


def _python38():
    pyenv = glob.glob(os.path.expanduser("~/.pyenv/versions/3.8*/bin/python3.8"))
    candidates = [os.environ.get("MSP_TEST_PYTHON38"), shutil.which("python3.8"), *pyenv]
    for candidate in filter(None, candidates):
        try:
            out = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                                 capture_output=True, timeout=10)  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            continue
        if out.returncode == 0 and out.stdout.strip() == b"(3, 8)":
            return candidate
    return None


def test_client_runs_on_python_38(tmp_path, server):
    python = _python38()
    if python is None:
        pytest.skip("no Python 3.8 interpreter here")
    env = Env(tmp_path, python=python)
    env.setup(server.url)
    settings = json.loads(env.settings_path.read_text())
    assert "3.8" in settings["hooks"]["Stop"][0]["hooks"][0]["command"]
    proc = quiet(env.hook(env.event("UserPromptSubmit")))
    assert json.loads(proc.stdout)["hookSpecificOutput"]["additionalContext"] == server.context
    quiet(env.hook(env.event("Stop")))
    assert server.saved_uuids() == FIXTURE_UUIDS
    assert env.run("status").returncode == 0
