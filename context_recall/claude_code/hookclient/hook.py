"""`client.py hook`: what Claude Code runs for each event. Prompt events ask the server for
context and print it; save events spool the new transcript lines, then send the spool.
Always exits 0, prints nothing on stderr and ends by a hard deadline."""

from __future__ import annotations

import json
import os
import sys
import time

from .base import _REAL_STDERR, DEBUG, debug, env_flag, sha256_hex, suppress
from .breaker import breaker_open, record_result
from .config import hook_url, load_config
from .events import EVENTS, PROMPT_EVENTS, SAVE_EVENTS
from .git import context_block
from .http import post_json
from .locks import LOCK_WAIT, StateLock, read_json, write_json
from .paths import state_dir
from .spool import deliver_spool, spool_files, spool_prune, spool_write
from .transcript import chunk_entries, read_new_entries

CONTEXT_CAP = 9500  # characters of additionalContext printed (Claude Code's limit: 10,000)


def _read_stdin() -> bytes:
    try:
        if sys.stdin is None or sys.stdin.isatty():
            return b""
        return sys.stdin.buffer.read(16 * 1024 * 1024)
    except (OSError, ValueError):
        return b""


def _start_watchdog(seconds: float) -> None:
    """Whatever hangs (DNS, a disk, git), the hook process ends by this deadline."""
    import _thread  # threading (a few imports more) is not needed for one sleeping thread

    def _bail() -> None:
        time.sleep(seconds)
        debug(f"hard deadline reached after {seconds:.1f}s")
        with suppress(Exception):
            sys.stdout.flush()
        os._exit(0)

    _thread.start_new_thread(_bail, ())


def _print_hook_output(event_name: str, answer) -> None:
    if not isinstance(answer, dict):
        return
    specific = answer.get("hookSpecificOutput")
    if not isinstance(specific, dict):
        return
    context = specific.get("additionalContext")
    if not isinstance(context, str) or not context.strip():
        return
    if len(context) > CONTEXT_CAP:
        context = context[: CONTEXT_CAP - 40].rstrip() + "\n[... trimmed by msp-claude]"
    out = {"hookSpecificOutput": {"hookEventName": event_name, "additionalContext": context}}
    sys.stdout.buffer.write(json.dumps(out).encode("ascii") + b"\n")
    sys.stdout.flush()


def _prompt_event(event: dict, name: str, config: dict) -> None:
    if breaker_open(config):
        debug("server timed out recently: skipping")
        return
    payload = dict(event)
    payload["msp"] = context_block(event, config)
    result = post_json(hook_url(config), payload, config.get("token", ""),
                       float(config["timeout_prompt"]))  # fmt: skip
    record_result(result)
    debug(f"{name}: {result.kind} {result.error}")
    if result.kind != "ok":
        return
    if name in PROMPT_EVENTS:
        _print_hook_output(name, result.json())
    if name == "SessionStart" and spool_files():  # the server is up: send what waits
        deliver_spool(config, budget=2.0)


def _save_event(event: dict, raw: bytes, config: dict) -> None:
    msp = context_block(event, config)
    try:
        _spool_new_entries(event, raw, msp, config)
    except TimeoutError:
        # Other runs hold the state lock for too long: save the event itself (its
        # last_assistant_message, reason...) now; its transcript lines go with a later run.
        debug("state lock busy: spooling the event without transcript lines")
        block = dict(msp, transcript_entries=[], transcript_deferred=True)
        block["delivery_id"] = sha256_hex(raw + b"|deferred")[:32]
        spool_write(dict(event, msp=block))
    if breaker_open(config):
        debug("server timed out recently: spooled only")
        return
    deliver_spool(config, budget=float(config["timeout_save"]) + 2.0)


def _spool_new_entries(event: dict, raw: bytes, msp: dict, config: dict) -> None:
    """Under the state lock: read the transcript lines after the saved offset, spool them
    (one file per chunk), and only then move the offset."""
    path = event.get("transcript_path")
    key = os.path.realpath(path) if isinstance(path, str) and path else ""
    with StateLock(float(config.get("lock_wait", LOCK_WAIT))):
        state = read_json(os.path.join(state_dir(), "state.json"), {})
        transcripts = state.setdefault("transcripts", {})
        record = transcripts.get(key) if key else None
        offset = int(record.get("offset", 0)) if isinstance(record, dict) else 0
        chunks, restarted = [(offset, offset, [])], False
        if key and os.path.isfile(key):
            items, _, restarted = read_new_entries(key, offset)
            if restarted:
                offset = 0
            if items:
                chunks = chunk_entries(items, offset)
        seed = raw + msp["machine_fingerprint"].encode("ascii")
        for index, (start, end, entries) in enumerate(chunks):
            block = dict(msp)
            block["transcript_entries"] = entries
            block["transcript_range"] = [start, end]
            block["chunk"] = [index + 1, len(chunks)]
            if restarted:
                block["transcript_restarted"] = True
            block["delivery_id"] = sha256_hex(seed + b"|%d|%d|%d" % (start, end, index))[:32]
            payload = dict(event)
            payload["msp"] = block
            spool_write(payload)  # safely on disk before the offset moves
        if key:
            transcripts[key] = {"offset": chunks[-1][1], "updated": time.time()}
            if len(transcripts) > 2000:  # forget the least recently used transcripts
                ordered = sorted(transcripts.items(), key=lambda kv: kv[1].get("updated", 0))
                state["transcripts"] = dict(ordered[-2000:])
            write_json(os.path.join(state_dir(), "state.json"), state)
        spool_prune(config)


def run_hook() -> int:
    if env_flag("MSP_CLAUDE_DISABLED"):
        return 0
    if not DEBUG:  # nothing on stderr, whatever happens
        with suppress(OSError):
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    try:
        raw = _read_stdin()
        config = load_config()
        if not config.get("server"):
            debug("not set up: run `client.py setup --server URL`")
            return 0
        event = json.loads(raw.decode("utf-8", "replace")) if raw.strip() else {}
        if not isinstance(event, dict):
            return 0
        name = str(event.get("hook_event_name") or "")
        if name not in EVENTS:  # Claude Code runs us only for these; by hand, anything
            debug(f"not an event of ours: {name!r}")
            return 0
        if name in SAVE_EVENTS:
            lock_wait = float(config.get("lock_wait", LOCK_WAIT))
            _start_watchdog(float(config["timeout_save"]) * 2 + lock_wait + 4)
            _save_event(event, raw, config)
        else:
            _start_watchdog(float(config["timeout_prompt"]) + 3)
            _prompt_event(event, name, config)
    except BaseException as exc:  # never break Claude Code
        if DEBUG:
            import traceback

            traceback.print_exception(type(exc), exc, exc.__traceback__, file=_REAL_STDERR)
    return 0
