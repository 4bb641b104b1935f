"""Deterministic compression of a work session into a structured summary (no network, no LLM).

Two inputs:

* ``compress_transcript(entries)``: Claude Code transcript entries (one JSON object per
  JSONL line, see ``parse_jsonl``). Parsed defensively: unknown line types, blocks and
  fields are skipped, never an error.
* ``compress_text(text)``: free text a technician or a tool wrote.

Both answer a ``Summary``: goals (the user's prompts), decisions with their reasons,
files written and edited (Write / Edit / MultiEdit / NotebookEdit), commands (Bash) with
their failures and errors, other tool errors, open items (the todos still pending or in
progress in the last TodoWrite) and the final state (the last assistant message).

What is always kept whole (up to a generous per-item length): every written or edited
file path, every failed command with its error, every open todo and the final message.
What is capped: goals, decisions and successful commands (the most recent distinct
ones), and the length of any single item. Bulky tool output (file reads, listings,
command output) is what compression drops; it is most of a real transcript.

Every extracted string is redacted (``msp.redaction.redact``) *before* it is clipped,
so that clipping can never cut a secret into a shape the redactor no longer recognises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from context_recall.token_estimate import estimate_tokens
from msp.redaction import redact

# Per-item and per-list limits (characters / items). Chosen so that a summary stays a
# few hundred tokens while nothing the next session needs is cut; see
# docs/context-recall.md.
MAX_GOALS = 6
GOAL_CHARS = 500
MAX_DECISIONS = 12
DECISION_CHARS = 300
MAX_OK_COMMANDS = 15
OK_COMMAND_CHARS = 160
FAILED_COMMAND_CHARS = 400
ERROR_CHARS = 600
ERROR_LINE_CHARS = 240
MAX_ERROR_LINES = 4  # of one failure: the first three error lines and the last
MAX_ERRORS = 20
FAILED_IN_ERRORS_CHARS = 120  # the command, as named in ``errors``
PATH_CHARS = 400
TODO_CHARS = 500
FINAL_CHARS = 4000

WRITE_TOOLS = frozenset({"Write"})
EDIT_TOOLS = frozenset({"Edit", "MultiEdit", "NotebookEdit"})
COMMAND_TOOLS = frozenset({"Bash"})
OPEN_TODO_STATUSES = frozenset({"pending", "in_progress"})

_DECISION = re.compile(
    r"\b(decided|decide to|decision|chose|choose|chosen|opted|going with|go with|"
    r"we'll use|i'll use|we will use|settled on|switch(?:ed)? to|instead of|rather than|"
    r"prefer(?:red)?)\b",
    re.IGNORECASE,
)
_REASON = re.compile(r"\b(?:because|since|so that|due to|as otherwise)\b", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_EXIT_CODE = re.compile(r"(?:^|\n)\s*(?:Exit code|exit status|exited with code)\s+(-?\d+)", re.I)
_ERROR_LINE = re.compile(
    r"error|fail|fatal|denied|refused|timed out|timeout|not found|no such|exception|"
    r"traceback|cannot|can't|unable|invalid|permission",
    re.IGNORECASE,
)
# A timestamp that starts a log line ("2026/01/05 10:00:01 ERROR 5 ..."): not part of
# what the line says, so a retry's repeat of it is the same line.
_LEADING_TIME = re.compile(r"^\[?\d{4}[/-]\d\d[/-]\d\d[ T]\d\d:\d\d(?::\d\d)?\S*\]?\s+")
_META_PROMPT = re.compile(
    r"^\s*(?:<command-|<local-command|<bash-|<system-reminder|Caveat:|\[Request interrupted)"
)
_TEXT_COMMAND = re.compile(r"^\s*(?:\$|PS [^>]*>|#)\s+(\S.*)$")
_TEXT_TODO = re.compile(r"^\s*(?:TODO:?|- \[ \]|\* \[ \]|Next:|Open:|Follow[- ]up:)\s*(.+)$", re.I)
_TEXT_GOAL = re.compile(r"^\s*(?:Goal|Task|Objective):\s*(.+)$", re.IGNORECASE)
_TEXT_PATH = re.compile(
    r"(?<![\w/.:-])((?:~|\.{1,2})?/(?:[\w.@+-]+/)*[\w.@+-]+\.\w+|"
    r"[A-Za-z]:\\(?:[\w .@+-]+\\)*[\w.@+-]+\.\w+|(?:[\w@+-]+/)+[\w.@+-]+\.\w{1,8})"
    r"(?![\w/])"
)


@dataclass
class Decision:
    decision: str
    reason: str = ""


@dataclass
class CommandRecord:
    command: str
    failed: bool = False
    error: str = ""


@dataclass
class Summary:
    goals: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    files_written: list[str] = field(default_factory=list)
    files_edited: list[str] = field(default_factory=list)
    commands: list[CommandRecord] = field(default_factory=list)
    commands_omitted: int = 0
    errors: list[str] = field(default_factory=list)
    open_items: list[str] = field(default_factory=list)
    # True when the entries hold a TodoWrite: then ``open_items`` is the current list
    # (possibly empty because all is done), not merely "nothing known".
    open_items_known: bool = False
    final_state: str = ""
    raw_token_estimate: int = 0

    @property
    def files_touched(self) -> list[str]:
        return _unique([*self.files_written, *self.files_edited])

    @property
    def failed_commands(self) -> list[CommandRecord]:
        return [c for c in self.commands if c.failed]

    @property
    def compressed_token_estimate(self) -> int:
        return estimate_tokens(self.render())

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["files_touched"] = self.files_touched
        data["compressed_token_estimate"] = self.compressed_token_estimate
        return data

    def render(self) -> str:
        """The summary as compact markdown-ish text (what is stored and recalled)."""
        out: list[str] = []
        if self.goals:
            out.append("Goals:")
            out.extend(f"- {g}" for g in self.goals)
        if self.decisions:
            out.append("Decisions:")
            out.extend(
                f"- {d.decision}" + (f" (why: {d.reason})" if d.reason else "")
                for d in self.decisions
            )
        if self.files_written:
            out.append("Files written: " + ", ".join(self.files_written))
        if self.files_edited:
            out.append("Files edited: " + ", ".join(self.files_edited))
        failed = self.failed_commands
        if failed:
            out.append("Failed commands:")
            out.extend(f"- `{c.command}` -> {c.error or 'failed'}" for c in failed)
        ok = [c.command for c in self.commands if not c.failed]
        if ok:
            more = f" (+{self.commands_omitted} more)" if self.commands_omitted else ""
            out.append("Commands: " + "; ".join(f"`{c}`" for c in ok) + more)
        if self.errors:
            out.append("Errors:")
            out.extend(f"- {e}" for e in self.errors)
        if self.open_items:
            out.append("Open items:")
            out.extend(f"- {t}" for t in self.open_items)
        if self.final_state:
            out.append("Final state: " + self.final_state)
        return "\n".join(out)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def clip(text: str, limit: int) -> str:
    """``text`` on one line-ish, at most ``limit`` characters, cut at a word boundary."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _clean(text: str, limit: int, redactor: Callable[[str], str]) -> str:
    return clip(redactor(text), limit)


def parse_jsonl(source: str | bytes | Iterable[str]) -> list[dict[str, Any]]:
    """Transcript entries from JSONL text (or lines); bad lines and non-objects skipped."""
    if isinstance(source, bytes):
        source = source.decode("utf-8", "replace")
    lines = source.splitlines() if isinstance(source, str) else source
    entries = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            entries.append(value)
    return entries


def _text_of(content: Any) -> str:
    """Plain text of a message or tool-result ``content`` (a string or a list of blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, dict) and isinstance(block.get("text"), str):
                parts.append(block["text"])
            elif isinstance(block, dict) and "content" in block:
                parts.append(_text_of(block["content"]))
        return "\n".join(parts)
    return ""


def _blocks(entry: dict[str, Any]) -> list[dict[str, Any]]:
    message = entry.get("message")
    if not isinstance(message, dict):
        return []
    content = message.get("content")
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if isinstance(content, list):
        return [b for b in content if isinstance(b, dict)]
    return []


def _error_text(output: str) -> str:
    """The lines of a failed tool's output that say why it failed: the lines matching
    error patterns, each once (a retried failure repeats them with new timestamps),
    the first ``MAX_ERROR_LINES - 1`` and the last, joined by " | ". The first error
    lines usually name the cause ("ERROR 5 ... Access is denied.") and the last the
    outcome ("ERROR: RETRY LIMIT EXCEEDED."): keeping only the last loses the cause."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    lines = [ln for ln in lines if not _EXIT_CODE.match(ln)]
    if not lines:
        return ""
    hits: dict[str, str] = {}
    for line in lines:
        if _ERROR_LINE.search(line):
            hits.setdefault(_LEADING_TIME.sub("", line), line)
    if not hits:
        return lines[-1]
    unique = [_LEADING_TIME.sub("", ln) for ln in hits.values()]
    if len(unique) > MAX_ERROR_LINES:
        unique = [*unique[: MAX_ERROR_LINES - 1], unique[-1]]
    return " | ".join(clip(ln, ERROR_LINE_CHARS) for ln in unique)


def _failed_exit(output: str) -> bool:
    m = _EXIT_CODE.search(output)
    return bool(m and int(m.group(1)) != 0)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def extract_decisions(text: str) -> list[Decision]:
    """Sentences that state a decision, each with the reason given in it or right after."""
    out: list[Decision] = []
    sentences = _sentences(text)
    for i, sentence in enumerate(sentences):
        if not _DECISION.search(sentence):
            continue
        decision, reason = sentence, ""
        m = _REASON.search(sentence)
        if m and m.start() > 10:
            decision, reason = sentence[: m.start()].rstrip(" ,;"), sentence[m.end() :].strip()
        elif i + 1 < len(sentences) and re.match(
            r"(?:because|this is because|reason:|why:)", sentences[i + 1], re.I
        ):
            reason = sentences[i + 1]
        out.append(Decision(decision, reason))
    return out


def _add_decisions(summary: Summary, found: list[Decision], redactor) -> None:
    seen = {d.decision for d in summary.decisions}
    for d in found:
        decision = _clean(d.decision, DECISION_CHARS, redactor)
        if decision and decision not in seen:
            seen.add(decision)
            summary.decisions.append(Decision(decision, _clean(d.reason, DECISION_CHARS, redactor)))


def _cap_recent(items: list, limit: int, keep_first: bool = False) -> list:
    if len(items) <= limit:
        return items
    if keep_first:
        return [items[0], *items[-(limit - 1) :]]
    return items[-limit:]


def _finish(
    summary: Summary,
    commands: list[CommandRecord],
    redactor: Callable[[str], str],
) -> Summary:
    summary.goals = _cap_recent(_unique(summary.goals), MAX_GOALS, keep_first=True)
    summary.decisions = _cap_recent(summary.decisions, MAX_DECISIONS)
    summary.files_written = _unique(summary.files_written)
    summary.files_edited = _unique(summary.files_edited)
    # Every failure is kept; of the successful commands the most recent distinct ones.
    ok_distinct = list(dict.fromkeys(c.command for c in commands if not c.failed))
    kept_ok = set(ok_distinct[-MAX_OK_COMMANDS:])
    summary.commands_omitted = len(ok_distinct) - len(kept_ok)
    ordered: list[CommandRecord] = []
    seen_ok: set[str] = set()
    for c in commands:
        if c.failed:
            ordered.append(c)
        elif c.command in kept_ok and c.command not in seen_ok:
            seen_ok.add(c.command)
            ordered.append(c)
    # Identical failures (same command, same error) once.
    summary.commands = list({(c.command, c.failed, c.error): c for c in ordered}.values())
    # A failed command is an error of the session too, with its cause.
    failures = [
        f"{clip(c.command, FAILED_IN_ERRORS_CHARS)}: {c.error or 'failed'}"
        for c in summary.commands
        if c.failed
    ]
    summary.errors = _cap_recent(_unique([*summary.errors, *failures]), MAX_ERRORS)
    summary.open_items = _unique(summary.open_items)
    summary.final_state = _clean(summary.final_state, FINAL_CHARS, redactor)
    return summary


def compress_transcript(
    entries: Iterable[dict[str, Any]],
    *,
    last_assistant_message: str | None = None,
    raw_token_estimate: int | None = None,
    redactor: Callable[[str], str] = redact,
) -> Summary:
    """Summarise Claude Code transcript entries (see module docstring)."""
    summary = Summary()
    tool_uses: dict[str, tuple[str, dict[str, Any]]] = {}
    commands: list[CommandRecord] = []
    command_index: dict[str, int] = {}
    pending_paths: dict[str, tuple[str, str]] = {}
    raw_chars = 0
    last_text = ""
    todos: list[dict[str, Any]] | None = None

    for entry in entries:
        if not isinstance(entry, dict):
            continue
        if raw_token_estimate is None:
            raw_chars += len(json.dumps(entry, ensure_ascii=False, default=str))
        kind = entry.get("type")
        if kind == "user":
            if entry.get("isMeta"):
                continue
            blocks = _blocks(entry)
            results = [b for b in blocks if b.get("type") == "tool_result"]
            if not results:
                prompt = _text_of(entry.get("message", {}).get("content"))
                if prompt.strip() and not _META_PROMPT.match(prompt):
                    summary.goals.append(_clean(prompt, GOAL_CHARS, redactor))
                continue
            for block in results:
                use = tool_uses.get(str(block.get("tool_use_id")))
                if use is None:
                    continue
                name, tool_input = use
                output = _text_of(block.get("content"))
                failed = bool(block.get("is_error")) or (
                    name in COMMAND_TOOLS and _failed_exit(output)
                )
                if not failed:
                    continue
                error = _clean(_error_text(output) or "failed", ERROR_CHARS, redactor)
                tool_id = str(block.get("tool_use_id"))
                if name in COMMAND_TOOLS and tool_id in command_index:
                    record = commands[command_index[tool_id]]
                    record.failed, record.error = True, error
                elif tool_id in pending_paths:
                    bucket, path = pending_paths.pop(tool_id)
                    target = summary.files_written if bucket == "w" else summary.files_edited
                    if path in target:
                        target.remove(path)
                    summary.errors.append(f"{name} {path}: {error}")
                else:
                    summary.errors.append(f"{name}: {error}")
        elif kind == "assistant":
            for block in _blocks(entry):
                btype = block.get("type")
                if btype == "text" and isinstance(block.get("text"), str):
                    text = block["text"]
                    if text.strip():
                        last_text = text
                        _add_decisions(summary, extract_decisions(text), redactor)
                elif btype == "tool_use":
                    name = str(block.get("name") or "")
                    tool_input = block.get("input") if isinstance(block.get("input"), dict) else {}
                    tool_id = str(block.get("id") or "")
                    tool_uses[tool_id] = (name, tool_input)
                    if name in WRITE_TOOLS | EDIT_TOOLS:
                        path = tool_input.get("file_path") or tool_input.get("notebook_path")
                        if isinstance(path, str) and path.strip():
                            path = _clean(path, PATH_CHARS, redactor)
                            bucket = "w" if name in WRITE_TOOLS else "e"
                            target = (
                                summary.files_written if bucket == "w" else summary.files_edited
                            )
                            if path not in target:
                                target.append(path)
                                pending_paths[tool_id] = (bucket, path)
                    elif name in COMMAND_TOOLS and isinstance(tool_input.get("command"), str):
                        command_index[tool_id] = len(commands)
                        commands.append(
                            CommandRecord(
                                _clean(tool_input["command"], FAILED_COMMAND_CHARS, redactor)
                            )
                        )
                    elif name == "TodoWrite" and isinstance(tool_input.get("todos"), list):
                        todos = [t for t in tool_input["todos"] if isinstance(t, dict)]
    # Successful commands are shown shorter than failed ones.
    for record in commands:
        if not record.failed:
            record.command = clip(record.command, OK_COMMAND_CHARS)
    if todos is not None:
        summary.open_items_known = True
        summary.open_items = [
            _clean(str(t.get("content", "")), TODO_CHARS, redactor)
            for t in todos
            if t.get("status") in OPEN_TODO_STATUSES and str(t.get("content", "")).strip()
        ]
    final = last_assistant_message if last_assistant_message else last_text
    summary.final_state = final or ""
    summary.raw_token_estimate = (
        raw_token_estimate if raw_token_estimate is not None else -(-raw_chars // 4)
    )
    return _finish(summary, commands, redactor)


def compress_text(text: str, *, redactor: Callable[[str], str] = redact) -> Summary:
    """Summarise free text: ``Goal:`` lines (else the first sentence), decision sentences,
    file paths, ``$ command`` lines, error lines, ``TODO`` / ``- [ ]`` lines, and the last
    paragraph as the final state."""
    summary = Summary(raw_token_estimate=estimate_tokens(text))
    commands: list[CommandRecord] = []
    lines = text.splitlines()
    for line in lines:
        if m := _TEXT_GOAL.match(line):
            summary.goals.append(_clean(m.group(1), GOAL_CHARS, redactor))
        elif m := _TEXT_TODO.match(line):
            summary.open_items.append(_clean(m.group(1), TODO_CHARS, redactor))
        elif m := _TEXT_COMMAND.match(line):
            commands.append(CommandRecord(_clean(m.group(1), OK_COMMAND_CHARS, redactor)))
        elif _ERROR_LINE.search(line) and re.search(r"\b(?:error|failed|fatal)\b", line, re.I):
            summary.errors.append(_clean(line, ERROR_CHARS, redactor))
        for path in _TEXT_PATH.findall(line):
            summary.files_edited.append(_clean(path, PATH_CHARS, redactor))
    if not summary.goals:
        first = _sentences(text)
        if first:
            summary.goals.append(_clean(first[0], GOAL_CHARS, redactor))
    _add_decisions(summary, extract_decisions(text), redactor)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    summary.final_state = paragraphs[-1] if len(paragraphs) > 1 else ""
    return _finish(summary, commands, redactor)


def iter_text_blocks(entries: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Every assistant text block, in order (used by tests and the bench)."""
    for entry in entries:
        if isinstance(entry, dict) and entry.get("type") == "assistant":
            for block in _blocks(entry):
                if block.get("type") == "text" and isinstance(block.get("text"), str):
                    yield block["text"]
