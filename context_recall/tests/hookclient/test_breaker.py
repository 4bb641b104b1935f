"""hookclient.breaker: status.json records outcomes; a timeout opens the breaker for
breaker_seconds, a success closes it."""

from __future__ import annotations

import time

from context_recall.claude_code.hookclient import breaker, locks, paths
from context_recall.claude_code.hookclient.http import Result


def timed_out() -> Result:
    result = Result("down", error="TimeoutError: timed out")
    result.timed_out = True
    return result


def test_timeout_opens_and_success_closes(home):
    config = {"breaker_seconds": 30}
    assert not breaker.breaker_open(config)
    breaker.record_result(timed_out())
    assert breaker.breaker_open(config)
    assert not breaker.breaker_open({"breaker_seconds": 0})  # switched off
    breaker.record_result(Result("ok", 200))
    assert not breaker.breaker_open(config)
    status = locks.read_json(paths.status_path(), {})
    assert status["last_result"] == {"kind": "ok", "status": 200}
    assert "timeout_at" not in status and status["last_error"]["error"].startswith("Timeout")


def test_breaker_closes_by_itself(home):
    breaker.record_result(timed_out())
    status = locks.read_json(paths.status_path(), {})
    status["timeout_at"] = time.time() - 31
    locks.write_json(paths.status_path(), status)
    assert not breaker.breaker_open({"breaker_seconds": 30})


def test_refused_token_is_remembered_until_a_success(home):
    breaker.record_result(Result("auth", 401, error="HTTP 401"))
    assert locks.read_json(paths.status_path(), {})["auth_error"]["status"] == 401
    breaker.record_result(Result("ok", 200))
    assert "auth_error" not in locks.read_json(paths.status_path(), {})
