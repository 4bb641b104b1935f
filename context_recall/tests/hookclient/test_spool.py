"""hookclient.spool against a real server: delete on 2xx only, rejected/ on a permanent
4xx, kept on 5xx, auth or down; a file another run is sending is skipped; bounded."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from context_recall.claude_code.hookclient import locks, paths, spool

HOOK = "/api/v1/hooks/claude-code/"


def payload(n: int) -> dict:
    return {"hook_event_name": "Stop", "session_id": "s", "msp": {"delivery_id": f"d{n}"}}


def config(server) -> dict:
    return {"server": server.url, "token": "tok", "timeout_save": 3.0,
            "spool_max_files": 200, "spool_max_bytes": 1 << 20}  # fmt: skip


def test_written_gzip_and_sent_oldest_first_then_deleted(home, http_server):
    http_server.answers[HOOK] = (200, "application/json", b"{}")
    first = spool.spool_write(payload(1))
    spool.spool_write(payload(2))
    assert json.loads(gzip.decompress(Path(first).read_bytes())) == payload(1)
    counts = spool.deliver_spool(config(http_server), budget=10)
    assert counts["ok"] == 2 and spool.spool_files() == []
    sent = [json.loads(gzip.decompress(body)) for _, _, _, body in http_server.requests]
    assert [p["msp"]["delivery_id"] for p in sent] == ["d1", "d2"]
    headers = http_server.requests[0][2]
    assert headers["Authorization"] == "Bearer tok" and headers["Content-Encoding"] == "gzip"


def test_server_error_keeps_the_file_and_stops(home, http_server):
    http_server.answers[HOOK] = (503, "application/json", b"{}")
    spool.spool_write(payload(1))
    spool.spool_write(payload(2))
    counts = spool.deliver_spool(config(http_server), budget=10)
    assert counts["failed"] == 1 and len(http_server.requests) == 1
    assert len(spool.spool_files()) == 2


def test_permanent_refusal_moves_to_rejected(home, http_server):
    http_server.answers[HOOK] = (400, "application/json", b'{"detail": "bad"}')
    path = spool.spool_write(payload(1))
    assert spool.deliver_spool(config(http_server), budget=10)["rejected"] == 1
    assert spool.spool_files() == []
    assert os.listdir(paths.rejected_dir()) == [os.path.basename(path)]


def test_a_file_being_sent_by_another_run_is_skipped(home, http_server):
    http_server.answers[HOOK] = (200, "application/json", b"{}")
    path = spool.spool_write(payload(1))
    fd = os.open(path, os.O_RDONLY)
    try:
        assert locks.try_lock(fd)
        counts = spool.deliver_spool(config(http_server), budget=10)
        assert counts["busy"] == 1 and http_server.requests == []
    finally:
        locks.unlock(fd)
        os.close(fd)
    assert os.path.exists(path)


def test_prune_drops_the_oldest_beyond_the_bounds_and_counts_them(home):
    for n in range(5):
        spool.spool_write(payload(n))
    dropped = spool.spool_prune({"spool_max_files": 3, "spool_max_bytes": 1 << 20})
    assert dropped == 2
    left = [json.loads(gzip.decompress(Path(p).read_bytes())) for p in spool.spool_files()]
    assert [p["msp"]["delivery_id"] for p in left] == ["d2", "d3", "d4"]
    assert locks.read_json(paths.status_path(), {})["spool_dropped"] == 2


def test_server_down_keeps_everything(home):
    spool.spool_write(payload(1))
    counts = spool.deliver_spool(
        {"server": "http://127.0.0.1:9", "token": "", "timeout_save": 1.0}, budget=5
    )
    assert counts["failed"] == 1 and len(spool.spool_files()) == 1
