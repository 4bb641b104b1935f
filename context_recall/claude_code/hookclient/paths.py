"""Where the client keeps its config, state, spool and installed copy (XDG on Linux and
macOS, %APPDATA% / %LOCALAPPDATA% on Windows)."""

from __future__ import annotations

import os

from .base import APP


def home_dir() -> str:
    return os.path.expanduser("~")


def xdg_dir(var: str, *default: str) -> str:
    value = os.environ.get(var, "")
    return value if os.path.isabs(value) else os.path.join(home_dir(), *default)


def config_dir() -> str:
    if os.name == "nt":
        base = os.environ.get("APPDATA") or os.path.join(home_dir(), "AppData", "Roaming")
    else:
        base = xdg_dir("XDG_CONFIG_HOME", ".config")
    return os.path.join(base, APP)


def state_dir() -> str:
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home_dir(), "AppData", "Local")
    else:
        base = xdg_dir("XDG_STATE_HOME", ".local", "state")
    return os.path.join(base, APP)


def data_dir() -> str:
    if os.name == "nt":
        return state_dir()
    return os.path.join(xdg_dir("XDG_DATA_HOME", ".local", "share"), APP)


def config_path() -> str:
    return os.path.join(config_dir(), "config.json")


def spool_dir() -> str:
    return os.path.join(state_dir(), "spool")


def rejected_dir() -> str:
    return os.path.join(state_dir(), "rejected")


def status_path() -> str:
    return os.path.join(state_dir(), "status.json")


def make_private_dir(path: str) -> None:
    os.makedirs(path, mode=0o700, exist_ok=True)
