"""What the benches that talk to a real server share: a free loopback port, the
environment of a throwaway deployment (generated keys, never written anywhere) and
gunicorn started on it, the way production runs the app."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


class ServerDidNotStart(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throwaway_env(var_dir: str | Path, *, inherit: bool = True, **extra: str) -> dict[str, str]:
    """The environment of a deployment that lives as long as one bench run: keys made
    here, production settings (``DEBUG`` off). ``inherit=False`` drops the caller's own
    ``MSP_*``/``DJANGO_*`` settings so that nothing of a developer's shell leaks in."""
    base = dict(os.environ)
    if not inherit:
        base = {k: v for k, v in base.items() if not k.startswith(("MSP_", "DJANGO_"))}
    return {
        **base,
        "MSP_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "msp.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "MSP_JWT_SIGNING_KEY": secrets.token_urlsafe(50),
        "MSP_AUDIT_HMAC_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        **extra,
    }


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return result.stdout


def start_gunicorn(
    env: dict, port: int, workers: int, *, log: Path | None = None, ready_within: float = 30
) -> subprocess.Popen:
    """gunicorn with sync workers on 127.0.0.1:``port``, returned once it accepts
    connections. Its stderr goes to ``log`` when given (kept for a failed run's
    diagnosis), else nowhere."""
    command = [GUNICORN, "msp.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--log-level", "warning"]
    stderr = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    finally:
        if log is not None:
            stderr.close()  # the child holds its own copy
    deadline = time.monotonic() + ready_within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    process.wait(timeout=10)
    raise ServerDidNotStart(f"gunicorn did not start on port {port}")
