"""Version, debugging output and two tiny helpers every other module uses."""

from __future__ import annotations

import os
import sys

CLIENT_VERSION = "1.1.0"
APP = "msp-claude"
DEBUG = os.environ.get("MSP_CLAUDE_DEBUG", "") not in ("", "0")
_REAL_STDERR = sys.stderr


class suppress:
    """contextlib.suppress, without importing contextlib on the hook's hot path."""

    def __init__(self, *exceptions) -> None:
        self.exceptions = exceptions

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, value, traceback) -> bool:
        return kind is not None and issubclass(kind, self.exceptions)


def debug(msg: str) -> None:
    if DEBUG:
        try:
            _REAL_STDERR.write(f"msp-claude: {msg}\n")
            _REAL_STDERR.flush()
        except Exception:  # noqa: S110 - debugging output must never break the hook
            pass


def sha256_hex(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def env_flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")
