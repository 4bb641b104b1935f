"""Atomic file writes, JSON files that never half-exist, and OS file locks (flock on
Linux and macOS, msvcrt on Windows) that die with their holder."""

from __future__ import annotations

import json
import os
import time

from .base import suppress
from .paths import make_private_dir, state_dir

LOCK_WAIT = 5.0  # seconds a run waits for the state lock


def atomic_write(path: str, data: bytes, mode: int = 0o600, sync: bool = True) -> None:
    """Write to a temporary file next to `path`, then os.replace: readers see the old or
    the new content, never a part."""
    tmp = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if sync:
                os.fsync(f.fileno())
        if os.name != "nt":
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def read_json(path: str, default):
    """The JSON value in `path` when it has the type of `default`, else `default`."""
    try:
        with open(path, "rb") as f:
            value = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError):
        return default
    return value if isinstance(value, type(default)) else default


def load_json_object(path: str) -> dict:
    """A user's JSON object file (Claude Code's settings, ~/.claude.json); {} when it does
    not exist or is empty. Raises ValueError when it holds something else than a JSON
    object: a file we cannot read is never overwritten."""
    if not os.path.exists(path):
        return {}
    with open(path, "rb") as f:
        text = f.read().decode("utf-8-sig")
    if not text.strip():
        return {}
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path} does not hold a JSON object")
    return data


def write_json(path: str, value, mode: int = 0o600, sync: bool = True) -> None:
    data = json.dumps(value, indent=2, sort_keys=True).encode("utf-8") + b"\n"
    atomic_write(path, data, mode=mode, sync=sync)


def try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            os.lseek(fd, 0, 0)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def unlock(fd: int) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, 0)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


class StateLock:
    """Exclusive lock on <state>/lock: released by the OS when the holder dies, so there
    is no stale lock to clean up. Raises TimeoutError after `wait` seconds."""

    def __init__(self, wait: float = LOCK_WAIT) -> None:
        self.wait = wait
        self.fd = -1

    def __enter__(self) -> StateLock:
        make_private_dir(state_dir())
        fd = os.open(os.path.join(state_dir(), "lock"), os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.wait
        while not try_lock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise TimeoutError("state lock busy")
            time.sleep(0.01)
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        unlock(self.fd)
        os.close(self.fd)
