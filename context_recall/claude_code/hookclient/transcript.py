"""Transcript lines not sent before, read from the saved offset and trimmed of bulk (tool
output, images, thinking signatures) before they leave the machine, in chunks."""

from __future__ import annotations

import json
import os

TEXT_CAP = 8000  # prompt and assistant text blocks
TOOL_CAP = 2000  # any other string in an entry (tool input, tool output, ...)
ENTRY_CAP = 24 * 1024  # JSON size of one trimmed entry before it is trimmed harder
CHUNK_CAP = 512 * 1024  # JSON size of the entries in one request
MAX_CHUNKS = 8  # requests per hook run; the rest waits for the next run
MAX_READ = 32 * 1024 * 1024  # transcript bytes read per hook run
SKIP_TYPES = ("file-history-snapshot", "progress", "queue-operation")


def _trim_str(s: str, cap: int) -> str:
    if len(s) <= cap:
        return s
    head = cap * 3 // 4
    tail = cap - head
    end = s[-tail:] if tail else ""
    return f"{s[:head]}\n[... {len(s) - cap} characters trimmed by msp-claude ...]\n{end}"


def _trim(value, cap: int, depth: int = 0):
    if isinstance(value, str):
        return _trim_str(value, cap)
    if depth > 12:
        return "[nested too deep: trimmed by msp-claude]"
    if isinstance(value, list):
        items = [_trim(v, cap, depth + 1) for v in value[:200]]
        if len(value) > 200:
            items.append(f"[{len(value) - 200} more items trimmed by msp-claude]")
        return items
    if isinstance(value, dict):
        if value.get("type") in ("image", "document") and "source" in value:
            source = value.get("source")
            kind = source.get("type") if isinstance(source, dict) else None
            return {"type": value["type"], "source": {"type": kind, "omitted": True}}
        return {k: _trim(v, cap, depth + 1) for k, v in value.items() if k != "signature"}
    return value


def _trim_block(block, cap_text: int, cap_tool: int):
    if not isinstance(block, dict):
        return _trim(block, cap_tool)
    kind = block.get("type")
    out = _trim(block, cap_tool)
    if kind == "text" and isinstance(block.get("text"), str):
        out["text"] = _trim_str(block["text"], cap_text)
    return out


def trim_entry(entry: dict, cap_text: int = TEXT_CAP, cap_tool: int = TOOL_CAP) -> dict:
    """Keep the conversation, trim the bulk: prompts and assistant text up to cap_text
    characters, every other string (tool input, tool output, toolUseResult, thinking) up
    to cap_tool, images replaced by a placeholder, thinking signatures dropped."""
    out = {}
    for key, value in entry.items():
        if key == "message" and isinstance(value, dict):
            message = {k: _trim(v, cap_tool) for k, v in value.items() if k != "content"}
            content = value.get("content")
            if isinstance(content, str):
                message["content"] = _trim_str(content, cap_text)
            elif isinstance(content, list):
                message["content"] = [_trim_block(b, cap_text, cap_tool) for b in content]
            elif content is not None:
                message["content"] = _trim(content, cap_tool)
            out[key] = message
        elif key == "toolUseResult":
            out[key] = _trim(value, min(cap_tool, 500))
        else:
            out[key] = _trim(value, cap_tool)
    size = len(json.dumps(out, ensure_ascii=False))
    if size > ENTRY_CAP:
        if cap_tool > 300:
            return trim_entry(entry, cap_text=2000, cap_tool=300)
        keep = ("type", "uuid", "parentUuid", "sessionId", "timestamp", "isSidechain")
        out = {k: entry[k] for k in keep if k in entry}
        out["msp_trimmed"] = {"reason": "entry too large", "bytes": size}
    return out


def read_new_entries(path: str, offset: int):
    """Complete lines after `offset` (a line still being written is left for later).
    Returns ([(end_offset, trimmed_entry_or_None)], eof_offset, restarted)."""
    size = os.path.getsize(path)
    restarted = False
    if size < offset:  # truncated or replaced: start over
        offset, restarted = 0, True
    if size == offset:
        return [], offset, restarted
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read(min(MAX_READ, size - offset))
    out = []
    pos = offset
    start = 0
    while True:
        nl = data.find(b"\n", start)
        if nl < 0:
            break
        line = data[start:nl].strip()
        pos = offset + nl + 1
        start = nl + 1
        entry = None
        if line:
            try:
                parsed = json.loads(line.decode("utf-8", "replace"))
            except ValueError:
                parsed = None
            if isinstance(parsed, dict) and parsed.get("type") not in SKIP_TYPES:
                entry = trim_entry(parsed)
        out.append((pos, entry))
    if not out and len(data) >= MAX_READ:  # one line longer than MAX_READ: skip it
        out.append((offset + len(data), None))
    return out, pos, restarted


def chunk_entries(items, start: int):
    """Group (end_offset, entry) into chunks of at most CHUNK_CAP bytes of JSON.
    Returns [(start, end, [entries])], at most MAX_CHUNKS of them."""
    chunks = []
    current, size, chunk_start, end = [], 0, start, start
    for pos, entry in items:
        cost = len(json.dumps(entry, ensure_ascii=False)) + 1 if entry is not None else 0
        if current and size + cost > CHUNK_CAP:
            chunks.append((chunk_start, end, current))
            if len(chunks) >= MAX_CHUNKS:
                return chunks
            current, size, chunk_start = [], 0, end
        if entry is not None:
            current.append(entry)
            size += cost
        end = pos
    chunks.append((chunk_start, end, current))
    return chunks
