"""The user's config (server, machine token, limits) and the machine's identity."""

# ioreg runs with a fixed argument list and no shell:
# ruff: noqa: S607
from __future__ import annotations

import os
import sys

from .base import APP, sha256_hex, suppress
from .locks import atomic_write, read_json
from .paths import config_path, make_private_dir, state_dir

DEFAULTS = {
    "timeout_prompt": 5.0,  # connect + read, SessionStart / UserPromptSubmit
    "timeout_save": 8.0,  # connect + read, each save request
    "breaker_seconds": 30.0,  # after a timeout, skip the server this long
    "spool_max_files": 200,
    "spool_max_bytes": 20 * 1024 * 1024,
}


def load_config() -> dict:
    config = dict(DEFAULTS)
    config.update(read_json(config_path(), {}))
    env_timeout = os.environ.get("MSP_CLAUDE_TIMEOUT")
    if env_timeout:
        with suppress(ValueError):
            config["timeout_prompt"] = config["timeout_save"] = float(env_timeout)
    return config


def machine_id() -> str:
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            with open(path) as f:
                value = f.read().strip()
            if value:
                return value
        except OSError:
            pass
    if os.name == "nt":
        try:
            import winreg

            key = winreg.OpenKey(
                winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography", 0,
                winreg.KEY_READ | getattr(winreg, "KEY_WOW64_64KEY", 0),
            )  # fmt: skip
            return str(winreg.QueryValueEx(key, "MachineGuid")[0])
        except OSError:
            return ""
    if sys.platform == "darwin":
        import subprocess

        try:
            out = subprocess.run(
                ["ioreg", "-rd1", "-c", "IOPlatformExpertDevice"],
                capture_output=True, timeout=3, check=False,
            ).stdout.decode("utf-8", "replace")  # fmt: skip
            for line in out.splitlines():
                if "IOPlatformUUID" in line:
                    return line.split("=")[-1].strip().strip('"')
        except (OSError, ValueError, subprocess.SubprocessError):
            pass
    return ""


def os_user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except Exception:
        return ""


def hostname() -> str:
    import socket

    return socket.gethostname()


def machine_fingerprint() -> str:
    """sha256 hex of machine id + hostname + OS user, computed on first use and kept in
    the state directory so that it stays stable (a later hostname change keeps it)."""
    path = os.path.join(state_dir(), "fingerprint")
    try:
        with open(path) as f:
            value = f.read().strip()
        if len(value) == 64:
            return value
    except OSError:
        pass
    seed = f"{APP}|{machine_id()}|{hostname()}|{os_user()}"
    value = sha256_hex(seed.encode("utf-8"))
    try:
        make_private_dir(state_dir())
        atomic_write(path, value.encode("ascii") + b"\n", sync=False)
    except OSError:
        pass
    return value


HOOK_PATH = "/api/v1/hooks/claude-code/"


def hook_url(config: dict) -> str:
    return config["server"].rstrip("/") + HOOK_PATH
