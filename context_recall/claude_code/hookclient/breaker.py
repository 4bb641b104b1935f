"""The last outcome (status.json), shown by `status`, and the circuit breaker it feeds: a
server that timed out is skipped for a while, so it costs one prompt its timeout, not
every prompt."""

from __future__ import annotations

import time

from .http import Result
from .locks import read_json, write_json
from .paths import make_private_dir, state_dir, status_path


def record_result(result: Result) -> None:
    """Remember the last outcome. Last writer wins; losing an update to a concurrent run
    does no harm."""
    try:
        status = read_json(status_path(), {})
        now = time.time()
        status["last_attempt_at"] = now
        status["last_result"] = {"kind": result.kind, "status": result.status}
        if result.kind == "ok":
            status["last_ok_at"] = now
            status.pop("auth_error", None)
            status.pop("timeout_at", None)
        else:
            status["last_error"] = {"at": now, "error": result.error[:300]}
            if result.kind == "auth":
                status["auth_error"] = {"at": now, "status": result.status}
            if result.timed_out:
                status["timeout_at"] = now
        make_private_dir(state_dir())
        write_json(status_path(), status, sync=False)
    except (OSError, ValueError):
        pass


def breaker_open(config: dict) -> bool:
    """True for `breaker_seconds` after a request timed out."""
    seconds = float(config.get("breaker_seconds") or 0)
    if seconds <= 0:
        return False
    at = read_json(status_path(), {}).get("timeout_at")
    return isinstance(at, (int, float)) and 0 <= time.time() - at < seconds
