"""Generator of large, realistic Claude Code transcripts for tests and benchmarks.

Shaped like the real JSONL (see ``tests/fixtures/vpn-transcript.jsonl``): prompts,
thinking and text blocks, tool uses (Read, Grep, Bash, Edit, MultiEdit, Write,
NotebookEdit, TodoWrite) and their results, bulky file reads and command output, failed
commands (``is_error`` with an ``Exit code``), plus line types a reader must skip
(``file-history-snapshot``, ``progress``, ``system``). ``generate_transcript`` returns
the entries and the facts a summary must keep, so tests can check retention.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

HOSTS = ["dc01", "fs02", "sql03", "fw-edge", "hv01", "print01", "vpn-gw", "exch01"]
DIRS = ["configs", "scripts", "docs", "ansible/roles/base/tasks", "src/app", "tests"]
EXTS = [".yml", ".ps1", ".py", ".md", ".conf", ".xml", ".sh", ".ipynb"]
VERBS = ["check", "restart", "inspect", "rotate", "patch", "back up", "migrate", "audit"]
NOUNS = [
    "DNS forwarders",
    "GPO",
    "backup job",
    "certificate",
    "VLAN trunk",
    "RAID array",
    "mail flow",
    "print spooler",
    "SQL agent",
    "NTP source",
    "DHCP scope",
]
ERRORS = [
    "Permission denied (publickey)",
    "fatal: unable to access repository: Could not resolve host",
    "Error: Unit nginx.service not found.",
    "ERROR 1045 (28000): Access denied for user 'backup'@'localhost'",
    "ssh: connect to host {host} port 22: Connection timed out",
    "Traceback (most recent call last): ValueError: invalid literal for int()",
    "robocopy ERROR 5 (0x00000005) Access is denied.",
]


@dataclass
class TranscriptFacts:
    written: set[str] = field(default_factory=set)
    edited: set[str] = field(default_factory=set)
    failed_commands: list[str] = field(default_factory=list)
    pending_todos: list[str] = field(default_factory=list)
    final_message: str = ""


class _Builder:
    def __init__(self, rng: random.Random, session_id: str, cwd: str):
        self.rng = rng
        self.session_id = session_id
        self.cwd = cwd
        self.entries: list[dict[str, Any]] = []
        self.parent: str | None = None
        self.tick = 0
        self.tool_n = 0
        self.chars = 0

    def _base(self, kind: str) -> dict[str, Any]:
        self.tick += 1
        node = str(uuid.UUID(int=self.rng.getrandbits(128)))
        entry = {
            "parentUuid": self.parent,
            "isSidechain": False,
            "userType": "external",
            "cwd": self.cwd,
            "sessionId": self.session_id,
            "version": "2.1.150",
            "gitBranch": "main",
            "type": kind,
            "uuid": node,
            "timestamp": f"2026-11-20T{8 + self.tick // 3600 % 12:02d}:"
            f"{self.tick // 60 % 60:02d}:{self.tick % 60:02d}.000Z",
        }
        self.parent = node
        return entry

    def add(self, entry: dict[str, Any]) -> None:
        self.entries.append(entry)
        self.chars += len(json.dumps(entry, ensure_ascii=False))

    def user(self, content: Any) -> None:
        entry = self._base("user")
        entry["message"] = {"role": "user", "content": content}
        self.add(entry)

    def assistant(self, blocks: list[dict[str, Any]]) -> None:
        entry = self._base("assistant")
        entry["message"] = {
            "model": "claude-sonnet-4-5",
            "id": f"msg_{self.tick:08d}",
            "type": "message",
            "role": "assistant",
            "content": blocks,
            "stop_reason": None,
            "usage": {"input_tokens": 12, "output_tokens": 80},
        }
        self.add(entry)

    def tool(
        self,
        name: str,
        tool_input: dict[str, Any],
        result: str,
        *,
        error: bool = False,
        text: str | None = None,
    ) -> None:
        self.tool_n += 1
        tool_id = f"toolu_{self.tool_n:05d}"
        blocks: list[dict[str, Any]] = []
        if text:
            blocks.append({"type": "text", "text": text})
        blocks.append({"type": "tool_use", "id": tool_id, "name": name, "input": tool_input})
        self.assistant(blocks)
        block: dict[str, Any] = {"tool_use_id": tool_id, "type": "tool_result", "content": result}
        if error:
            block["is_error"] = True
        self.user([block])

    def noise(self) -> None:
        self.add(
            {
                "type": "file-history-snapshot",
                "messageId": str(self.tick),
                "snapshot": {"trackedFileBackups": {}},
                "isSnapshotUpdate": False,
            }
        )
        self.add({"type": "progress", "data": {"type": "hook_progress"}, "uuid": str(self.tick)})


def _path(rng: random.Random, cwd: str, n: int) -> str:
    return f"{cwd}/{rng.choice(DIRS)}/{rng.choice(NOUNS).replace(' ', '_').lower()}_{n}" + (
        rng.choice(EXTS)
    )


def _file_body(rng: random.Random, lines: int) -> str:
    words = [
        "server",
        "enabled",
        "timeout",
        "30",
        "listen",
        "443",
        "path",
        "/var/log",
        "retries",
        "3",
        "mode",
        "strict",
        "# comment",
        "value",
        "true",
        "false",
    ]
    return "\n".join(
        f"{i:>6}\u2192" + " ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))
        for i in range(1, lines + 1)
    )


def generate_transcript(
    seed: int = 0, target_tokens: int = 25_000, client: str = "acme"
) -> tuple[list[dict[str, Any]], TranscriptFacts]:
    """A transcript of about ``target_tokens`` estimated tokens (chars / 4) and its facts."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    cwd = f"/home/tech/src/{client}-ops"
    b = _Builder(rng, str(uuid.UUID(int=rng.getrandbits(128))), cwd)
    facts = TranscriptFacts()
    todos: list[dict[str, str]] = []
    b.add({"type": "queue-operation", "operation": "dequeue", "sessionId": b.session_id})
    b.user(
        f"On {client}'s {rng.choice(HOSTS)}: {rng.choice(VERBS)} the {rng.choice(NOUNS)} "
        "and document what you change."
    )
    step = 0
    while b.chars < target_tokens * 4:
        step += 1
        roll = rng.random()
        host = rng.choice(HOSTS)
        if roll < 0.22:
            path = _path(rng, cwd, rng.randint(1, 40))
            b.tool(
                "Read",
                {"file_path": path},
                _file_body(rng, rng.randint(15, 120)),
                text=f"Let me read {path.rsplit('/', 1)[-1]}.",
            )
        elif roll < 0.30:
            b.tool(
                "Grep",
                {"pattern": rng.choice(NOUNS), "path": cwd},
                "\n".join(_path(rng, cwd, i) for i in range(rng.randint(5, 40))),
            )
        elif roll < 0.52:
            verb = rng.choice(
                [
                    "systemctl status",
                    "Get-Service -ComputerName",
                    "ping -c 3",
                    "nslookup",
                    "journalctl -u",
                    "ssh admin@",
                ]
            )
            cmd = f"{verb} {host}.{client}.local --step {step}"
            if rng.random() < 0.2:
                err = rng.choice(ERRORS).format(host=host)
                b.tool(
                    "Bash",
                    {"command": cmd, "description": "check"},
                    f"Exit code {rng.choice([1, 2, 127, 255])}\n"
                    + "x" * rng.randint(0, 200)
                    + f"\n{err}",
                    error=True,
                )
                facts.failed_commands.append(cmd)
            else:
                b.tool(
                    "Bash",
                    {"command": cmd},
                    "\n".join(
                        f"{host} line {i}: ok status={rng.randint(0, 9)}"
                        for i in range(rng.randint(5, 60))
                    ),
                )
        elif roll < 0.66:
            path = _path(rng, cwd, rng.randint(1, 400))
            name = rng.choice(["Edit", "Edit", "MultiEdit", "NotebookEdit"])
            key = "notebook_path" if name == "NotebookEdit" else "file_path"
            tool_input: dict[str, Any] = {key: path}
            if name == "Edit":
                tool_input |= {"old_string": "timeout 30", "new_string": "timeout 60"}
            elif name == "MultiEdit":
                tool_input["edits"] = [{"old_string": "a", "new_string": "b"}]
            else:
                tool_input |= {"new_source": "print('ok')", "cell_id": "c1"}
            b.tool(
                name,
                tool_input,
                f"The file {path} has been updated.",
                text=f"I decided to raise the timeout in {path.rsplit('/', 1)[-1]} "
                f"because {host} answers slowly under backup load.",
            )
            facts.edited.add(path)
        elif roll < 0.74:
            path = _path(rng, cwd, rng.randint(1, 400))
            b.tool(
                "Write",
                {"file_path": path, "content": _file_body(rng, rng.randint(5, 30))},
                f"File created successfully at: {path}",
            )
            facts.written.add(path)
        elif roll < 0.80:
            todos = [
                {
                    "content": f"{rng.choice(VERBS)} {rng.choice(NOUNS)} on "
                    f"{rng.choice(HOSTS)} (item {step}-{i})",
                    "status": rng.choice(["pending", "in_progress", "completed"]),
                    "activeForm": "Working",
                }
                for i in range(rng.randint(2, 6))
            ]
            b.tool("TodoWrite", {"todos": todos}, "Todos have been modified successfully.")
        elif roll < 0.86:
            b.assistant(
                [
                    {
                        "type": "thinking",
                        "thinking": "Considering the options. " * 20,
                        "signature": "x",
                    },
                    {
                        "type": "text",
                        "text": f"The {rng.choice(NOUNS)} on {host} looks "
                        "healthy; moving on to the next check.",
                    },
                ]
            )
        elif roll < 0.90:
            b.user(f"Also {rng.choice(VERBS)} the {rng.choice(NOUNS)} on {host}.")
        else:
            b.noise()
    facts.pending_todos = [t["content"] for t in todos if t["status"] != "completed"]
    facts.final_message = (
        f"Done on {client}: {len(facts.edited)} files edited, {len(facts.written)} written; "
        f"{len(facts.failed_commands)} commands failed and are listed. Next: "
        + "; ".join(facts.pending_todos or ["nothing pending"])
    )
    b.assistant([{"type": "text", "text": facts.final_message}])
    return b.entries, facts


def to_jsonl(entries: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(e, ensure_ascii=False) for e in entries) + "\n"
