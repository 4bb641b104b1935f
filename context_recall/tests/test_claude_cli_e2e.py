"""End to end with the real Claude Code CLI (pinned, installed from npm, see
``context_recall/testing/claude_cli.py``), run in ``-p`` mode as a subprocess with HOME in a
temporary directory. Its model is a fake Messages API on 127.0.0.1
(``context_recall/testing/fake_anthropic.py``) that answers from a script and records what
the CLI sends; its hooks are our client, downloaded from and set up against this project
served over real HTTP by a server thread that a test can stop and start again."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler, _StaticFilesHandler

from context_recall.models import ConversationContext, DecisionLog
from context_recall.testing.claude_cli import (
    CliInstallError,
    RegistryUnreachable,
    ensure_claude_cli,
)
from context_recall.testing.factories import ConversationContextFactory
from context_recall.testing.fake_anthropic import FakeAnthropic, text, tool_use
from msp.testing.factories import TechnicianFactory
from msp.testing.time_limit import time_limit
from tracking.models import WorkSession
from tracking.services.machine_tokens import issue_machine_token
from tracking.testing.factories import ProjectFactory

REMOTE = "https://git.example.com/acme/firewall.git"
CLI_TIMEOUT = 90  # seconds, per CLI run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def claude_cli() -> Path:
    try:
        return ensure_claude_cli()
    except RegistryUnreachable as exc:
        pytest.skip(f"real Claude Code CLI tests skipped: {exc}")
    except CliInstallError as exc:
        pytest.fail(f"cannot install the Claude Code CLI: {exc}", pytrace=False)


@pytest.fixture(autouse=True)
def _time_bound():
    """No test here may hang."""
    with time_limit(150):
        yield


class _ServerThread(LiveServerThread):
    def _create_server(self, connections_override=None):
        # Restarted on the same port (the hooks' config names it): reuse the address even
        # with connections of the previous run still in TIME_WAIT.
        return self.server_class(
            (self.host, self.port),
            QuietWSGIRequestHandler,
            allow_reuse_address=True,
            connections_override=connections_override,
        )


class Server:
    """This project over real HTTP on 127.0.0.1, in a thread of the test process (so it
    uses the test database on SQLite and MariaDB alike); ``stop`` and ``start`` again keep
    the port. The SQLite test database is a file (msp/settings.py), so the server threads
    open connections of their own."""

    def __init__(self) -> None:
        self.port = 0
        self.thread: _ServerThread | None = None

    def start(self) -> None:
        self.thread = _ServerThread("127.0.0.1", _StaticFilesHandler, port=self.port)
        self.thread.daemon = True
        self.thread.start()
        if not self.thread.is_ready.wait(30):
            raise TimeoutError("server did not start")
        if self.thread.error:
            raise self.thread.error
        self.port = self.thread.port

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.terminate()
            self.thread = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def server(transactional_db):
    server = Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fake():
    with FakeAnthropic() as fake:
        yield fake


class Workstation:
    """A technician's machine: HOME, a git checkout, our client set up in it."""

    def __init__(self, root: Path, claude: Path, model_url: str) -> None:
        self.root = root
        self.home = root / "home"
        self.home.mkdir()
        self.claude = claude
        self.env = {
            # `claude` on the PATH, as on a technician's machine (setup may call it).
            "PATH": f"{claude.parent}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "ANTHROPIC_BASE_URL": model_url,
            "ANTHROPIC_API_KEY": "dummy",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
            "DISABLE_AUTOUPDATER": "1",
        }
        self.repo = root / "src" / "acme-firewall"
        self.repo.mkdir(parents=True)
        git = ["git", "-C", str(self.repo)]
        subprocess.run([*git, "init", "-q"], check=True, env=self.env, timeout=10)
        subprocess.run(
            [*git, "remote", "add", "origin", REMOTE], check=True, env=self.env, timeout=10
        )
        self.runs = 0

    @property
    def client(self) -> Path:
        return self.home / ".local" / "share" / "msp-claude" / "client.py"

    def spool(self) -> list[Path]:
        spool = self.home / ".local" / "state" / "msp-claude" / "spool"
        return sorted(spool.glob("*.json.gz")) if spool.exists() else []

    def install_client(self, server_url: str, token: str) -> None:
        """The documented set-up: download the client from the server, run ``setup``."""
        download = self.root / "client.py"
        with urllib.request.urlopen(
            server_url + "/api/v1/hooks/claude-code/client.py", timeout=10
        ) as response:
            download.write_bytes(response.read())
        proc = subprocess.run(
            [sys.executable, str(download), "setup", "--server", server_url, "--token", token],
            capture_output=True, env=self.env, timeout=60, cwd=str(self.root),
        )  # fmt: skip
        assert proc.returncode == 0, proc.stdout + proc.stderr

    def claude_p(
        self,
        prompt: str,
        *,
        session_id: str | None = None,
        allowed=("Bash",),
        fork_of: str | None = None,
    ) -> dict:
        """``claude -p`` in the checkout (``fork_of``: ``--resume <it> --fork-session``);
        answers the CLI's JSON result."""
        self.runs += 1
        debug = self.root / f"debug-{self.runs}.log"
        session_id = session_id or str(uuid.uuid4())
        command = [str(self.claude), "-p", prompt, "--output-format", "json",
                   "--session-id", session_id, "--debug-file", str(debug)]  # fmt: skip
        if fork_of:
            command += ["--resume", fork_of, "--fork-session"]
        if allowed:
            command += ["--allowedTools", ",".join(allowed)]
        proc = subprocess.run(
            command, capture_output=True, env=self.env, timeout=CLI_TIMEOUT,
            cwd=str(self.repo), stdin=subprocess.DEVNULL,
        )  # fmt: skip
        log = debug.read_text(errors="replace")[-4000:] if debug.exists() else ""
        assert proc.returncode == 0, (proc.stdout, proc.stderr, log)
        result = json.loads(proc.stdout)
        assert result["session_id"] == session_id and not result["is_error"], (result, log)
        return result


@pytest.fixture
def tech():
    return TechnicianFactory(username="tech")


@pytest.fixture
def project():
    return ProjectFactory(name="Acme firewall", slug="acme-firewall", repository_url=REMOTE)


@pytest.fixture
def issued(tech):
    return issue_machine_token(user=tech, fingerprint="c" * 64, hostname="tech-laptop")


@pytest.fixture
def workstation(tmp_path, claude_cli, fake, server, issued, project):
    station = Workstation(tmp_path, claude_cli, fake.url)
    station.install_client(server.url, issued.token)
    return station


GOAL = "Check the Phoenix VPN phase 2 lifetime on the pfSense"
COMMAND = "echo phoenix-phase2-lifetime=28800"
ANSWER = "The Phoenix phase 2 lifetime is 28800 seconds."


def tool_session(fake: FakeAnthropic, final=None) -> None:
    """Script one session: the model runs a Bash command, then answers."""
    fake.add(
        [
            text("Let me read it."),
            tool_use("Bash", {"command": COMMAND, "description": "lifetime"}),
        ],
        final or [text(ANSWER)],
    )


def hook_context(request, event: str) -> str:
    """What a hook of ours added for ``event``: Claude Code hands it to the model as a
    ``system`` entry of ``messages``."""
    found = [
        block["text"]
        for message in request.body["messages"]
        if message["role"] == "system"
        for block in message["content"]
        if f"{event} hook additional context:" in block.get("text", "")
    ]
    assert len(found) == 1, request.text()[:3000]
    return found[0].split(f"{event} hook additional context:", 1)[1]


def test_a_session_runs_a_tool_and_its_memory_is_saved(workstation, fake, issued, project):
    tool_session(fake)
    session_id = str(uuid.uuid4())
    result = workstation.claude_p(GOAL, session_id=session_id)
    assert result["result"] == ANSWER and result["num_turns"] == 2
    _, second = fake.turns()
    # The CLI really ran the command and sent its output back to the model.
    [ran] = second.tool_results()
    assert ran["is_error"] is False and "phoenix-phase2-lifetime=28800" in json.dumps(ran)

    assert workstation.spool() == []  # delivered, nothing left behind
    saved = ConversationContext.objects.get(claude_session_id=session_id)
    assert saved.project == project and saved.machine == issued.row.machine
    assert saved.summary.startswith(f"Goal: {GOAL}")
    assert saved.commands == [COMMAND]
    assert saved.current_state == ANSWER
    session = WorkSession.objects.get(claude_session_id=session_id)
    assert session.project == project and session.technician == issued.row.user


def test_the_next_session_sends_the_recalled_memory_to_the_model(workstation, fake):
    tool_session(fake)
    workstation.claude_p(GOAL)
    assert COMMAND not in json.dumps(fake.turns()[0].body)  # nothing to recall yet

    fake.add([text("It is 28800 seconds, as found last time.")])
    question = "What was the Phoenix phase 2 lifetime again?"
    workstation.claude_p(question)
    request = fake.turns()[-1]
    assert question in json.dumps(request.body["messages"][0])
    recalled = hook_context(request, "SessionStart")
    assert f"Goal: {GOAL}" in recalled, recalled
    assert f"- {COMMAND}" in recalled and f"Current state: {ANSWER}" in recalled
    # Injected once: the prompt's own recall does not spend the context budget again.
    assert COMMAND not in json.dumps(
        [m for m in request.body["messages"] if "UserPromptSubmit hook" in json.dumps(m)]
    )


def test_a_forked_session_has_its_own_memory_of_what_came_after(workstation, fake):
    tool_session(fake)
    parent = str(uuid.uuid4())
    workstation.claude_p(GOAL, session_id=parent)
    before = ConversationContext.objects.get(claude_session_id=parent)

    fake.add([text("Noted: the lifetime goes into the Phoenix runbook.")])
    child = str(uuid.uuid4())
    workstation.claude_p("Write the lifetime into the Phoenix runbook", session_id=child,
                         fork_of=parent)  # fmt: skip
    # The CLI really sent the parent's conversation along: the fork continues it.
    assert COMMAND in json.dumps(fake.turns()[-1].body["messages"])
    memory = ConversationContext.objects.get(claude_session_id=child)
    assert memory.summary == "Goal: Write the lifetime into the Phoenix runbook"
    assert memory.commands == [] and GOAL not in memory.summary
    after = ConversationContext.objects.get(claude_session_id=parent)
    assert (after.summary, after.commands, after.updated_at) == (
        before.summary,
        before.commands,
        before.updated_at,
    )


def test_server_stopped_mid_session_loses_nothing(workstation, fake, server, project):
    def stop_server_then_answer(request):
        server.stop()  # the command has run; the session goes on without the server
        return [text(ANSWER)]

    tool_session(fake, final=stop_server_then_answer)
    session_id = str(uuid.uuid4())
    result = workstation.claude_p(GOAL, session_id=session_id)
    assert result["result"] == ANSWER  # the hooks did not get in Claude Code's way
    assert not ConversationContext.objects.filter(claude_session_id=session_id).exists()
    # The session's saves wait on disk, its transcript (the command, the answer) with them.
    kept = {path: path.read_bytes() for path in workstation.spool()}
    spooled = [json.loads(gzip.decompress(raw)) for raw in kept.values()]
    assert {payload["session_id"] for payload in spooled} == {session_id}
    assert "Stop" in {payload["hook_event_name"] for payload in spooled}
    assert COMMAND in json.dumps(spooled)

    server.start()
    fake.add([text("Hello again.")])
    workstation.claude_p("Good morning")  # its SessionStart hook sends what waits
    assert workstation.spool() == []
    saved = ConversationContext.objects.get(claude_session_id=session_id)  # exactly once
    assert saved.project == project
    assert saved.summary.startswith(f"Goal: {GOAL}")
    assert saved.commands == [COMMAND] and saved.current_state == ANSWER

    # The same saves sent again (answers lost after the server stored them): still one.
    for path, raw in kept.items():
        path.write_bytes(raw)
    proc = subprocess.run(
        [sys.executable, str(workstation.client), "flush"],
        capture_output=True, env=workstation.env, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(kept)} sent".encode() in proc.stdout and workstation.spool() == []
    assert ConversationContext.objects.filter(claude_session_id=session_id).count() == 1
    saved.refresh_from_db()
    assert saved.commands == [COMMAND] and saved.current_state == ANSWER


MCP_TOOLS = ("mcp__msp__search_memories", "mcp__msp__save_decision")


def test_mcp_tools_through_the_cli(workstation, fake, project):
    """Needs the MCP server (``/mcp/``) registered by ``client.py setup`` as ``msp``."""
    ConversationContextFactory(
        project=project,
        title="pfSense Phoenix tunnel lifetime",
        summary="Goal: set the pfSense phase 2 lifetime of the Phoenix VPN to 28800 s",
    )
    decision = "Keep the Phoenix VPN phase 2 lifetime at 28800 seconds"
    reason = "It matches the lifetime set on the Phoenix side"
    pk = str(project.pk)
    fake.add(
        # Claude Code defers MCP tools: the model loads their schemas with ToolSearch first.
        [tool_use("ToolSearch", {"query": "select:" + ",".join(MCP_TOOLS), "max_results": 5})],
        [tool_use(MCP_TOOLS[0], {"query": "Phoenix phase 2 lifetime", "project": pk})],
        [tool_use(MCP_TOOLS[1], {"decision": decision, "reason": reason, "project": pk})],
        [text("Recorded.")],
    )
    result = workstation.claude_p("What did we set on the Phoenix VPN?", allowed=MCP_TOOLS)
    assert result["result"] == "Recorded.", result
    _, loaded, searched, saved = fake.turns()
    tools = {tool["name"]: tool for tool in loaded.body["tools"]}
    assert set(MCP_TOOLS) <= set(tools), f"the CLI offers no MCP tools of ours: {sorted(tools)}"
    assert "query" in tools[MCP_TOOLS[0]]["input_schema"]["properties"]
    assert {"decision", "reason"} <= set(tools[MCP_TOOLS[1]]["input_schema"]["properties"])

    [found] = searched.tool_results()
    assert not found.get("is_error"), found
    assert "pfSense Phoenix tunnel lifetime" in json.dumps(found)
    [stored] = saved.tool_results()
    assert not stored.get("is_error"), stored
    row = DecisionLog.objects.get(decision=decision)
    assert row.project == project and reason in row.rationale
