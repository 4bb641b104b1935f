"""What `setup` and `uninstall` change on the machine: the command hooks merged into Claude
Code's settings.json (every other setting and hook kept), the installed copy of the
client, and the login that gets a machine token."""

from __future__ import annotations

import json
import os
import sys
import time

from .config import hostname, machine_fingerprint, os_user
from .events import EVENTS
from .http import post_json
from .locks import atomic_write, load_json_object
from .paths import data_dir, home_dir, make_private_dir

MARKER = "--msp-claude-hook"  # in every command we register: how we recognise our hooks


def claude_settings_path(project_dir: str | None) -> str:
    if project_dir:
        return os.path.join(os.path.abspath(project_dir), ".claude", "settings.json")
    return os.path.join(home_dir(), ".claude", "settings.json")


# Run as `python3 client.py`, this file would be compiled at every hook run (Python never
# caches a script's bytecode): about 25 ms of every prompt. The registered command loads it
# with importlib's source loader instead, which keeps the bytecode in __pycache__ next to
# it (recompiled when the file changes; compiled each time where it cannot be written). It
# first drops the '' (current directory) that `-c` puts on sys.path, so that a json.py or
# socket.py in the user's project cannot shadow the standard library.
LAUNCHER = (
    "import sys;sys.path[:]=[d for d in sys.path if d];"
    "from importlib.machinery import SourceFileLoader as L;"
    "p=sys.argv[1];sys.argv=sys.argv[1:];"
    'exec(L("__main__",p).get_code("__main__"),{"__name__":"__main__","__file__":p})'
)


def hook_command(script: str) -> str:
    python = sys.executable or "python3"
    if os.name == "nt":  # Claude Code runs hooks with Git Bash (or cmd): "C:/..." works in both
        python, script = python.replace("\\", "/"), script.replace("\\", "/")
        return f'"{python}" "{script}" hook {MARKER}'
    import shlex

    return f"{shlex.quote(python)} -c {shlex.quote(LAUNCHER)} {shlex.quote(script)} hook {MARKER}"


def is_ours(handler) -> bool:
    return isinstance(handler, dict) and MARKER in str(handler.get("command", ""))


def remove_our_hooks(settings: dict) -> int:
    """Remove our handlers; drop groups, events and the hooks key only if we emptied them."""
    hooks = settings.get("hooks")
    if not isinstance(hooks, dict):
        return 0
    removed = 0
    for event in list(hooks):
        groups = hooks[event]
        if not isinstance(groups, list):
            continue
        kept = []
        for group in groups:
            handlers = group.get("hooks") if isinstance(group, dict) else None
            if not isinstance(handlers, list):
                kept.append(group)
                continue
            mine = [h for h in handlers if is_ours(h)]
            if not mine:
                kept.append(group)
                continue
            removed += len(mine)
            rest = [h for h in handlers if not is_ours(h)]
            if rest:
                group = dict(group)
                group["hooks"] = rest
                kept.append(group)
        if kept:
            hooks[event] = kept
        elif groups:
            del hooks[event]
    if removed and not hooks:
        del settings["hooks"]
    return removed


def add_our_hooks(settings: dict, command: str) -> None:
    remove_our_hooks(settings)
    hooks = settings.setdefault("hooks", {})
    for event, spec in EVENTS.items():
        timeout = spec["timeout"]
        groups = hooks.get(event)
        if not isinstance(groups, list):
            groups = hooks[event] = []
        groups.append({"hooks": [{"type": "command", "command": command, "timeout": timeout}]})


def update_settings(path: str, change) -> str:
    """Apply change(settings) to a Claude Code settings file: back it up first (timestamped,
    next to it), write atomically, keep its mode. Returns the backup path, '' if the file
    is new, or None when nothing had to change."""
    settings = load_json_object(path)
    before = json.dumps(settings, sort_keys=True)
    change(settings)
    if json.dumps(settings, sort_keys=True) == before and os.path.exists(path):
        return None
    os.makedirs(os.path.dirname(path), exist_ok=True)
    backup = ""
    mode = 0o644
    if os.path.exists(path):
        mode = os.stat(path).st_mode & 0o777
        stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() // 1000 % 1000000:06d}"
        backup = f"{path}.bak-{stamp}"
        with open(path, "rb") as src:
            atomic_write(backup, src.read(), mode=mode)
    data = json.dumps(settings, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    atomic_write(path, data, mode=mode)
    return backup


def own_script() -> str:
    """The single-file client: this file when it is the generated client.py, else the
    client.py generated next to this package (a test keeps the two identical)."""
    here = os.path.abspath(__file__)
    if globals().get("SINGLE_FILE"):
        return here
    return os.path.join(os.path.dirname(os.path.dirname(here)), "client.py")


def install_self() -> str:
    """Copy the client to the data directory so that the hooks do not depend on where it
    was downloaded; returns the path the hooks run."""
    here = own_script()
    target = os.path.join(data_dir(), "client.py")
    if os.path.abspath(target) == here:
        return here
    make_private_dir(data_dir())
    with open(here, "rb") as f:
        atomic_write(target, f.read(), mode=0o700)
    return target


def login(server: str, username: str | None, timeout: float) -> str:
    """Ask for the technician's login once; returns a short-lived access token."""
    import getpass

    if not username:
        username = input("MSP username: ").strip()
    if sys.stdin is not None and sys.stdin.isatty():
        password = getpass.getpass(f"Password for {username}: ")
    else:  # scripted: the password comes on stdin
        password = sys.stdin.readline().rstrip("\r\n")
    result = post_json(server.rstrip("/") + "/api/v1/auth/token/",
                       {"username": username, "password": password}, "", timeout,
                       gzip_over=1 << 30)  # fmt: skip
    answer = result.json() if result.kind == "ok" else None
    if not isinstance(answer, dict) or not answer.get("access"):
        raise RuntimeError("login failed (%s)" % (result.error or "no access token"))
    return str(answer["access"])


def register_machine(server: str, access: str, timeout: float) -> dict:
    import platform

    release = platform.release()
    if sys.platform.startswith("linux"):
        kind = "wsl" if "microsoft" in release.lower() else "linux"
    elif sys.platform == "darwin":
        kind, release = "macos", platform.mac_ver()[0] or release
    elif sys.platform in ("win32", "cygwin"):
        kind, release = "windows", platform.version() or release
    else:
        kind = "other"
    body = {  # the server's choices: linux, macos, windows, wsl, other
        "fingerprint": machine_fingerprint(),
        "hostname": hostname()[:253],
        "platform": kind,
        "os_version": release[:100],
        "username": os_user()[:150],
        "name": "claude-code hooks",
    }
    result = post_json(server.rstrip("/") + "/api/v1/auth/machine-tokens/", body, access,
                       timeout, gzip_over=1 << 30)  # fmt: skip
    answer = result.json() if result.kind == "ok" else None
    if not isinstance(answer, dict) or not answer.get("token"):
        raise RuntimeError("machine registration failed (%s)" % (result.error or "no token"))
    return answer
