"""End to end: the real hook client (context_recall/claude_code/client.py) run as a
subprocess, HOME in a temporary directory, against this project served over real HTTP by
pytest-django's ``live_server``. Real-format payloads and transcript from the fixtures."""

from __future__ import annotations

import gzip
import json
import os
import selectors
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from context_recall.models import ConversationContext
from context_recall.testing.factories import ConversationContextFactory
from msp.testing.factories import TechnicianFactory
from msp.testing.time_limit import time_limit
from tracking.models import ProjectPath, WorkSession
from tracking.services.machine_tokens import issue_machine_token, revoke_machine_token
from tracking.testing.factories import ProjectFactory

CLIENT = Path(__file__).resolve().parents[1] / "claude_code" / "client.py"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claude_code"
MARKER = "--msp-claude-hook"
REMOTE = "https://git.example.com/acme/firewall.git"
SESSION_ID = "7f3c2a10-5b1e-4c7a-9d2e-0b8e4f6a1c33"
EVENTS = ("SessionStart", "UserPromptSubmit", "Stop", "PreCompact", "SessionEnd")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _time_bound():
    """No test here may hang."""
    with time_limit(120):
        yield


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there once the socket is closed


class Machine:
    """One technician's machine: a HOME, a git checkout, Claude Code's transcript."""

    def __init__(self, root: Path):
        self.root = root
        self.home = root / "home"
        self.home.mkdir()
        self.env = {"PATH": os.environ["PATH"], "HOME": str(self.home), "LANG": "C.UTF-8"}
        self.repo = root / "src" / "acme-firewall"
        self.repo.mkdir(parents=True)
        git = ["git", "-C", str(self.repo)]
        subprocess.run([*git, "init", "-q"], check=True, env=self.env, timeout=10)
        subprocess.run(
            [*git, "remote", "add", "origin", REMOTE], check=True, env=self.env, timeout=10
        )
        folder = self.home / ".claude" / "projects" / "-src-acme-firewall"
        folder.mkdir(parents=True)
        self.transcript = folder / f"{SESSION_ID}.jsonl"
        shutil.copy(FIXTURES / "transcript-example.jsonl", self.transcript)

    @property
    def settings_path(self) -> Path:
        return self.home / ".claude" / "settings.json"

    @property
    def config_path(self) -> Path:
        return self.home / ".config" / "msp-claude" / "config.json"

    @property
    def spool_dir(self) -> Path:
        return self.home / ".local" / "state" / "msp-claude" / "spool"

    def spool(self) -> list[Path]:
        return sorted(self.spool_dir.glob("*.json.gz")) if self.spool_dir.exists() else []

    def run(self, *args: str, stdin: bytes = b"", timeout: float = 60):
        return subprocess.run(
            [sys.executable, str(CLIENT), *args],
            input=stdin,
            capture_output=True,
            env=self.env,
            timeout=timeout,
            cwd=str(self.root),
        )

    def setup(self, server: str, token: str):
        proc = self.run("setup", "--server", server, "--token", token, "--no-copy")
        assert proc.returncode == 0, proc.stderr
        return proc

    def set_server(self, server: str) -> None:
        config = json.loads(self.config_path.read_text())
        config["server"] = server
        self.config_path.write_text(json.dumps(config))

    def event(self, name: str, **extra) -> dict:
        event = json.loads((FIXTURES / "payloads" / f"{name}.json").read_text())
        event.update(cwd=str(self.repo), transcript_path=str(self.transcript), **extra)
        return event

    def registered_hook(self, name: str, **extra):
        """Run the command that `setup` registered for ``name`` in settings.json, the way
        Claude Code does: through a shell, in the project, with the event on stdin."""
        settings = json.loads(self.settings_path.read_text())
        [command] = [
            handler["command"]
            for group in settings["hooks"][name]
            for handler in group["hooks"]
            if MARKER in handler["command"]
        ]
        return subprocess.run(
            ["/bin/sh", "-c", command],
            input=json.dumps(self.event(name, **extra)).encode(),
            capture_output=True,
            env=self.env,
            timeout=60,
            cwd=str(self.repo),
        )

    def hook(self, name: str, **extra):
        proc = self.run("hook", MARKER, stdin=json.dumps(self.event(name, **extra)).encode())
        # The hook contract: exit 0, nothing on stderr, whatever happened.
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == b""
        return proc


class SilentServer:
    """A real TCP socket on 127.0.0.1 that accepts every connection, reads what is sent and
    never answers (a hung server or a proxy that swallows requests)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=16)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.received: list[bytearray] = []  # per accepted connection, in order
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping.is_set():
            for key, _ in self.selector.select(timeout=0.05):
                if key.fileobj is self.listener:
                    conn, _ = self.listener.accept()
                    conn.setblocking(False)
                    with self.lock:
                        self.received.append(bytearray())
                        index = len(self.received) - 1
                    self.selector.register(conn, selectors.EVENT_READ, index)
                    continue
                try:
                    data = key.fileobj.recv(65536)
                except OSError:
                    data = b""
                if data:
                    with self.lock:
                        self.received[key.data] += data
                else:  # the client gave up: close our end too, still without a word
                    self.selector.unregister(key.fileobj)
                    key.fileobj.close()

    def connections(self) -> int:
        with self.lock:
            return len(self.received)

    def request(self, index: int, timeout: float = 5.0) -> tuple[bytes, bytes]:
        """(head, body) of what connection ``index`` sent, once all of it has arrived."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                data = bytes(self.received[index]) if index < len(self.received) else b""
            head, _, body = data.partition(b"\r\n\r\n")
            length = [
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ]
            if length and len(body) >= length[0]:
                return head, body
            assert time.monotonic() < deadline, f"incomplete request: {data[:300]!r}"
            time.sleep(0.02)

    def close(self):
        self.stopping.set()
        self.thread.join(5)
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()
        self.selector.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path)


@pytest.fixture
def tech():
    return TechnicianFactory(username="tech")


@pytest.fixture
def issued(tech):
    return issue_machine_token(user=tech, fingerprint="e" * 64, hostname="tech-laptop")


@pytest.fixture
def project():
    return ProjectFactory(name="Acme firewall", slug="acme-firewall", repository_url=REMOTE)


def hook_output(proc, event_name: str) -> str:
    answer = json.loads(proc.stdout)
    assert set(answer) == {"hookSpecificOutput"}
    output = answer["hookSpecificOutput"]
    assert output["hookEventName"] == event_name
    assert 0 < len(output["additionalContext"]) < 10_000
    return output["additionalContext"]


def test_setup_then_every_event_against_the_live_server(live_server, machine, issued, project):
    others = {
        "model": "opus",
        "hooks": {
            "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}],
            "PreToolUse": [
                {"matcher": "Bash", "hooks": [{"type": "command", "command": "/bin/guard"}]}
            ],
        },
    }
    machine.settings_path.parent.mkdir(parents=True, exist_ok=True)
    machine.settings_path.write_text(json.dumps(others))
    machine.setup(live_server.url, issued.token)
    settings = json.loads(machine.settings_path.read_text())
    assert settings["model"] == "opus"
    assert settings["hooks"]["PreToolUse"] == others["hooks"]["PreToolUse"]
    assert others["hooks"]["Stop"][0] in settings["hooks"]["Stop"]
    for event in EVENTS:
        ours = [h for g in settings["hooks"][event] for h in g["hooks"] if MARKER in h["command"]]
        assert len(ours) == 1, event
    status = machine.run("status")
    assert status.returncode == 0, status.stdout
    assert b"auth:        ok" in status.stdout
    # The MCP server, registered at user scope for Claude Code, answers with the token.
    registered = json.loads((machine.home / ".claude.json").read_text())["mcpServers"]["msp"]
    assert registered == {"type": "http", "url": live_server.url + "/mcp/",
                          "headers": {"Authorization": f"Bearer {issued.token}"}}  # fmt: skip
    assert b"mcp server:  answers (" in status.stdout, status.stdout

    ConversationContextFactory(
        project=project,
        title="pfSense Phoenix tunnel lifetime",
        summary="Goal: changed the pfSense phase 2 lifetime of the Phoenix VPN",
    )
    context = hook_output(machine.hook("SessionStart"), "SessionStart")
    assert "pfSense Phoenix tunnel lifetime" in context
    assert WorkSession.objects.get(claude_session_id=SESSION_ID).project == project
    # Resolved by the git remote: the checkout is now a known path of the machine.
    assert ProjectPath.objects.get(machine=issued.row.machine).path == str(machine.repo)

    # Inject once: the session already holds it; another session is given it.
    assert machine.hook("UserPromptSubmit").stdout == b""
    other = machine.hook("UserPromptSubmit", session_id="0d9e5f1a-another-session")
    assert "pfSense Phoenix tunnel lifetime" in hook_output(other, "UserPromptSubmit")

    before = ConversationContext.objects.count()
    assert machine.hook("Stop").stdout == b""
    assert machine.spool() == []  # delivered, nothing left behind
    saved = ConversationContext.objects.exclude(title="pfSense Phoenix tunnel lifetime")
    assert ConversationContext.objects.count() == before + 1
    stored = saved.get()
    assert stored.project == project and stored.machine == issued.row.machine
    assert "Phoenix" in stored.summary and stored.files_touched

    # PreCompact and SessionEnd: nothing new in the transcript.
    assert machine.hook("PreCompact", trigger="auto").stdout == b""
    assert machine.hook("SessionEnd").stdout == b""
    assert machine.spool() == []
    session = WorkSession.objects.get(claude_session_id=SESSION_ID)
    assert session.status == "completed" and session.technician == issued.row.user
    assert ConversationContext.objects.exclude(pk=stored.pk).count() == before


def test_server_down_spools_then_flush_delivers_without_duplicates(
    live_server, machine, issued, project
):
    machine.setup(closed_port_url(), issued.token)
    started = time.monotonic()
    machine.hook("Stop")
    assert time.monotonic() - started < 10
    spooled = machine.spool()
    assert len(spooled) == 1
    kept = spooled[0].read_bytes()
    assert not ConversationContext.objects.exists()

    machine.set_server(live_server.url)
    proc = machine.run("flush")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert machine.spool() == []
    assert ConversationContext.objects.count() == 1
    assert WorkSession.objects.count() == 1

    # The same save delivered again (an answer lost after the server stored it).
    spooled[0].write_bytes(kept)
    proc = machine.run("flush")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert machine.spool() == []
    assert ConversationContext.objects.count() == 1
    payload = json.loads(gzip.decompress(kept))
    assert payload["msp"]["delivery_id"] and payload["msp"]["transcript_entries"]


def test_revoked_machine_token_is_refused(live_server, machine, issued, project):
    machine.setup(live_server.url, issued.token)
    revoke_machine_token(issued.row)
    status = machine.run("status")
    assert status.returncode == 1
    assert b"REFUSED" in status.stdout
    assert b"mcp server:  token refused (HTTP 401)" in status.stdout, status.stdout
    assert machine.hook("UserPromptSubmit").stdout == b""
    machine.hook("Stop")
    assert len(machine.spool()) == 1  # kept: a new token will deliver it
    assert not ConversationContext.objects.exists()
    assert not WorkSession.objects.exists()


def test_client_download_without_credentials_runs(live_server, tmp_path):
    url = live_server.url + "/api/v1/hooks/claude-code/client.py"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/x-python")
        body = response.read()
    assert body == CLIENT.read_bytes()
    downloaded = tmp_path / "client.py"
    downloaded.write_bytes(body)
    proc = subprocess.run(
        [sys.executable, str(downloaded), "--help"], capture_output=True, timeout=30
    )
    assert proc.returncode == 0 and b"setup" in proc.stdout


# The client's limits in these tests (setup --timeout-prompt / --timeout-save), and what a
# hook run may take beyond them: interpreter start, git, spool writes on a busy CI machine.
# Below the client's hard deadline (its watchdog: +3 s for a prompt), so that a request
# deadline that did not work shows here even though the watchdog would end the process.
PROMPT_TIMEOUT = 1.0
SAVE_TIMEOUT = 1.5
START_MARGIN = 2.0


def set_up_against(machine, server_url: str, token: str):
    proc = machine.run(
        "setup", "--server", server_url, "--token", token, "--no-copy",
        "--timeout-prompt", str(PROMPT_TIMEOUT), "--timeout-save", str(SAVE_TIMEOUT),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr


def test_prompt_against_a_server_that_never_answers_ends_within_the_client_timeout(
    live_server, machine, issued, project, silent_server
):
    set_up_against(machine, silent_server.url, issued.token)
    started = time.monotonic()
    proc = machine.registered_hook("UserPromptSubmit")
    elapsed = time.monotonic() - started
    assert proc.returncode == 0
    assert proc.stderr == b""
    assert proc.stdout == b""  # no answer came, so no context: valid (empty) hook output
    assert PROMPT_TIMEOUT <= elapsed < PROMPT_TIMEOUT + START_MARGIN, elapsed
    # It did reach the server and sent the prompt there before giving up.
    head, body = silent_server.request(0)
    assert head.startswith(b"POST /api/v1/hooks/claude-code/ HTTP/1.1\r\n")
    assert f"Authorization: Bearer {issued.token}".encode() in head
    if b"Content-Encoding: gzip" in head:
        body = gzip.decompress(body)
    sent = json.loads(body)
    assert sent["hook_event_name"] == "UserPromptSubmit" and "Phoenix" in sent["prompt"]

    # The timeout opened the client's breaker: the next prompt does not wait again.
    started = time.monotonic()
    proc = machine.registered_hook("UserPromptSubmit")
    assert (proc.returncode, proc.stderr, proc.stdout) == (0, b"", b"")
    assert time.monotonic() - started < PROMPT_TIMEOUT
    assert silent_server.connections() == 1


def test_stop_against_a_server_that_never_answers_is_spooled_then_flushed_once(
    live_server, machine, issued, project, silent_server
):
    set_up_against(machine, silent_server.url, issued.token)
    started = time.monotonic()
    proc = machine.registered_hook("Stop")
    elapsed = time.monotonic() - started
    assert proc.returncode == 0
    assert proc.stderr == b""
    assert proc.stdout == b""  # Stop prints nothing, answered or not
    assert SAVE_TIMEOUT <= elapsed < SAVE_TIMEOUT + START_MARGIN, elapsed
    # The save was sent (the spool file, as is) and, unanswered, kept in the spool.
    [spooled] = machine.spool()
    kept = spooled.read_bytes()
    head, body = silent_server.request(0)
    assert b"Content-Encoding: gzip" in head
    assert body == kept
    payload = json.loads(gzip.decompress(kept))
    assert payload["hook_event_name"] == "Stop" and payload["msp"]["transcript_entries"]
    assert not ConversationContext.objects.exists()

    # The server is back: flush delivers the save, exactly once.
    machine.set_server(live_server.url)
    proc = machine.run("flush", timeout=30)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert b"1 sent" in proc.stdout
    assert machine.spool() == []
    stored = ConversationContext.objects.get()
    assert stored.project == project and stored.claude_session_id == SESSION_ID
    assert WorkSession.objects.count() == 1
    # Had the silent server stored it after all, the copy it got would be dropped as well.
    request = urllib.request.Request(
        live_server.url + "/api/v1/hooks/claude-code/",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Authorization": f"Bearer {issued.token}",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    proc = machine.run("flush", timeout=30)
    assert proc.returncode == 0 and b"0 before" in proc.stdout
    assert list(ConversationContext.objects.values_list("pk", flat=True)) == [stored.pk]
    assert WorkSession.objects.count() == 1


def test_two_unregistered_repositories_never_share_memories_until_one_is_moved(
    live_server, machine, issued
):
    """A fresh install, no project registered: each repository gets a project of its own
    (in the technician's "Unsorted" client), so a fact saved in one never reaches the
    other's hook answer; moved to a client, the project keeps its memories and they are
    recalled there, by colleagues of that client's team too."""
    from msp.testing.auth import token_pair_for
    from msp.testing.inventory_factories import ClientFactory
    from tracking.models import Project

    machine.setup(live_server.url, issued.token)
    repos = {}
    for name in ("scratch-one", "scratch-two"):
        repo = machine.root / "src" / name
        repo.mkdir(parents=True)
        subprocess.run(["git", "-C", str(repo), "init", "-q"], check=True, env=machine.env)
        repos[name] = repo

    def hook_in(repo: Path, name: str, **extra):
        event = json.loads((FIXTURES / "payloads" / f"{name}.json").read_text())
        event.update(cwd=str(repo), transcript_path=str(machine.transcript), **extra)
        proc = machine.run("hook", MARKER, stdin=json.dumps(event).encode())
        assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
        return proc

    prompt = {"prompt": "What was the Phoenix VPN phase 2 lifetime again?"}
    assert hook_in(repos["scratch-one"], "Stop").stdout == b""
    assert machine.spool() == []
    saved = ConversationContext.objects.get()
    assert "Phoenix" in saved.summary
    one = saved.project
    assert one.name == "scratch-one" and one.client.name == "Unsorted (tech)"

    answer = hook_in(repos["scratch-two"], "UserPromptSubmit", **prompt).stdout
    assert b"Phoenix" not in answer
    two = Project.objects.exclude(pk=one.pk).get(client=one.client)
    assert two.name == "scratch-two"
    # (From another session: a session is not given its own memory.)
    later = hook_in(repos["scratch-one"], "UserPromptSubmit", session_id="later", **prompt)
    assert "Phoenix" in hook_output(later, "UserPromptSubmit")

    def api(user, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(
            live_server.url + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Authorization": f"Bearer {token_pair_for(user)[0]}",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    colleague = TechnicianFactory(username="colleague")
    recall = f"/api/v1/recall/?project={one.pk}&q=Phoenix"
    status, body = api(colleague, "GET", recall)
    assert status == 400 and "project" in body["errors"]  # the Unsorted client is private

    acme = ClientFactory(name="Acme Corp")  # of the team both technicians are in
    status, body = api(
        issued.row.user, "PATCH", f"/api/v1/projects/{one.pk}/", {"client": str(acme.pk)}
    )
    assert status == 200, body
    saved.refresh_from_db()
    assert saved.project_id == one.pk and saved.client == acme
    assert WorkSession.objects.get(claude_session_id=SESSION_ID).client == acme
    status, body = api(colleague, "GET", recall)
    assert status == 200, body
    assert [item["id"] for item in body["items"]] == [str(saved.pk)]
    # (From another session: a session is not given its own memory.)
    later = hook_in(repos["scratch-one"], "UserPromptSubmit", session_id="after-the-move", **prompt)
    assert "Phoenix" in hook_output(later, "UserPromptSubmit")
    assert b"Phoenix" not in hook_in(repos["scratch-two"], "UserPromptSubmit", **prompt).stdout
