"""The spool: saves are written here (one gzip'd JSON payload per file) before anything is
sent, and deleted only once the server answered 2xx; a payload the server refuses for
good moves to rejected/. Each file is locked while it is sent, so concurrent runs never
send one twice at once."""

from __future__ import annotations

import json
import os
import time

from .base import debug, suppress
from .breaker import record_result
from .config import hook_url
from .http import http_request
from .locks import atomic_write, read_json, try_lock, unlock, write_json
from .paths import make_private_dir, rejected_dir, spool_dir, status_path


def spool_files(directory: str = "") -> list:
    directory = directory or spool_dir()
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(os.path.join(directory, n) for n in names if n.endswith(".json.gz"))


def spool_write(payload: dict) -> str:
    import gzip

    make_private_dir(spool_dir())
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    name = f"{time.time_ns():020d}-{payload['msp']['delivery_id']}.json.gz"
    path = os.path.join(spool_dir(), name)
    atomic_write(path, gzip.compress(body, compresslevel=6))
    return path


def _prune(directory: str, max_files: int, max_bytes: int) -> int:
    """Drop the oldest files beyond the bounds; also temp files left by a killed run."""
    now = time.time()
    try:
        for name in os.listdir(directory):
            if name.endswith(".tmp"):
                path = os.path.join(directory, name)
                try:
                    if now - os.path.getmtime(path) > 600:
                        os.unlink(path)
                except OSError:
                    pass
    except OSError:
        return 0
    files = []
    for path in spool_files(directory):
        with suppress(OSError):
            files.append((path, os.path.getsize(path)))
    total = sum(size for _, size in files)
    dropped = 0
    while files and (len(files) > max_files or total > max_bytes):
        path, size = files.pop(0)
        try:
            os.unlink(path)
            dropped += 1
        except OSError:
            pass
        total -= size
    return dropped


def spool_prune(config: dict) -> int:
    dropped = _prune(spool_dir(), int(config["spool_max_files"]), int(config["spool_max_bytes"]))
    if dropped:
        status = read_json(status_path(), {})
        status["spool_dropped"] = int(status.get("spool_dropped", 0)) + dropped
        write_json(status_path(), status, sync=False)
    return dropped


def deliver_file(path: str, config: dict, timeout: float) -> str:
    """Send one spool file unless another run is sending it. Returns the result kind, or
    'busy' / 'gone'. The file is deleted only after a 2xx (or moved to rejected/ on a
    permanent 4xx), so an interrupted run leaves it for the next one."""
    import gzip

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return "gone"
    locked = False
    action = ""
    try:
        if not try_lock(fd):
            return "busy"
        locked = True
        try:  # sent and deleted by another run between our open and our lock?
            if os.name != "nt" and os.stat(path).st_ino != os.fstat(fd).st_ino:
                return "gone"
        except OSError:
            return "gone"
        with os.fdopen(os.dup(fd), "rb") as f:
            raw = f.read()
        try:
            json.loads(gzip.decompress(raw).decode("utf-8"))
        except (OSError, ValueError, EOFError):
            action = "reject"
            return "rejected"
        headers = {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Authorization": f"Bearer {config.get('token', '')}",
        }
        result = http_request("POST", hook_url(config), raw, headers, timeout)
        record_result(result)
        debug(f"delivered {os.path.basename(path)}: {result.kind} {result.error}")
        action = {"ok": "delete", "rejected": "reject"}.get(result.kind, "")
        return "timeout" if result.timed_out else result.kind
    finally:
        if action and os.name != "nt":  # POSIX: while still holding the file's lock
            _settle(path, action)
            action = ""
        if locked:
            unlock(fd)
        os.close(fd)
        if action:  # Windows cannot delete or move a file that is still open
            _settle(path, action)


def _settle(path: str, action: str) -> None:
    if action == "delete":
        with suppress(OSError):
            os.unlink(path)
    elif action == "reject":
        with suppress(OSError):
            make_private_dir(rejected_dir())
            os.replace(path, os.path.join(rejected_dir(), os.path.basename(path)))
            _prune(rejected_dir(), 20, 5 * 1024 * 1024)


def deliver_spool(config: dict, budget: float, stop_on_failure: bool = True) -> dict:
    """Replay spool files oldest first within `budget` seconds; stop at the first failure
    that says the server is unreachable or refuses our token."""
    counts = {"ok": 0, "rejected": 0, "failed": 0, "busy": 0, "last_error": ""}
    deadline = time.monotonic() + budget
    timeout = float(config["timeout_save"])
    for path in spool_files():
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            break
        kind = deliver_file(path, config, min(timeout, remaining))
        if kind == "ok":
            counts["ok"] += 1
        elif kind == "rejected":
            counts["rejected"] += 1
        elif kind == "busy":
            counts["busy"] += 1
        elif kind != "gone":
            counts["failed"] += 1
            counts["last_error"] = kind
            if stop_on_failure:
                break
    return counts
