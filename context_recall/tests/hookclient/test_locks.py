"""hookclient.locks: atomic writes, tolerant JSON reads, and the state lock (real flock
on real files, held by another process)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from context_recall.claude_code.hookclient import locks, paths


def test_atomic_write_sets_the_mode_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "f.json"
    locks.atomic_write(str(target), b"one", mode=0o600)
    locks.atomic_write(str(target), b"two", mode=0o600)
    assert target.read_bytes() == b"two"
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert os.listdir(tmp_path) == ["f.json"]


def test_a_failed_write_keeps_the_old_content(tmp_path):
    target = tmp_path / "f"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        locks.atomic_write(str(target), "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["f"]


@pytest.mark.parametrize("content", [None, b"", b"{broken", b"[1, 2]", b"\xff\xfe"])
def test_read_json_falls_back_to_the_default(tmp_path, content):
    target = tmp_path / "x.json"
    if content is not None:
        target.write_bytes(content)
    assert locks.read_json(str(target), {"d": 1}) == {"d": 1}


def test_write_then_read_json(tmp_path):
    locks.write_json(str(tmp_path / "x.json"), {"b": [1], "a": "é"})
    assert locks.read_json(str(tmp_path / "x.json"), {}) == {"b": [1], "a": "é"}


def test_state_lock_is_exclusive_across_processes_and_dies_with_its_holder(home):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time\n"
         "from context_recall.claude_code.hookclient.locks import StateLock\n"
         "with StateLock():\n"
         "    print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, env=dict(os.environ),
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == b"held"
        started = time.monotonic()
        with pytest.raises(TimeoutError), locks.StateLock(wait=0.3):
            pass
        assert time.monotonic() - started >= 0.3
    finally:
        holder.kill()
        holder.wait()
    with locks.StateLock(wait=2):  # the OS released it with the dead holder
        assert os.path.exists(os.path.join(paths.state_dir(), "lock"))


def test_try_lock_on_a_locked_file_says_no(tmp_path):
    path = str(tmp_path / "f")
    open(path, "w").close()
    first = os.open(path, os.O_RDWR)
    second = os.open(path, os.O_RDWR)
    try:
        assert locks.try_lock(first)
        assert not locks.try_lock(second)
        locks.unlock(first)
        assert locks.try_lock(second)
    finally:
        os.close(first)
        os.close(second)
