"""The repository around the session's folder (toplevel, remote.origin.url), asked of git
and cached per folder, and the `msp` block every event carries."""

# It runs git with fixed argument lists and no shell:
# ruff: noqa: S603, S607
from __future__ import annotations

import os
import time

from .base import CLIENT_VERSION, debug, suppress
from .config import hostname, machine_fingerprint
from .locks import read_json, write_json
from .paths import home_dir, make_private_dir, state_dir, xdg_dir


def _run_git(cwd: str, timeout: float):
    """(toplevel, remote.origin.url) from git itself, or None when git could not tell (not
    installed, timed out). Both git commands run at once: a prompt hook pays one spawn."""
    import subprocess

    commands = (["rev-parse", "--show-toplevel"], ["config", "--get", "remote.origin.url"])
    procs = []
    try:
        for args in commands:
            procs.append(subprocess.Popen(
                ["git", "-C", cwd, *args],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
        deadline = time.monotonic() + timeout
        out = []
        for proc in procs:
            stdout, _ = proc.communicate(timeout=max(0.01, deadline - time.monotonic()))
            ok = proc.returncode == 0
            out.append(stdout.decode("utf-8", "replace").strip() if ok else "")
    except (OSError, ValueError, subprocess.SubprocessError):
        for proc in procs:
            with suppress(OSError):
                proc.kill()
                proc.wait(1)
        return None
    return (out[0], out[1]) if out[0] else ("", "")


# git's answer for a folder is kept (state dir, git.json) and reused while nothing it
# depends on has changed: running git twice costs a prompt hook about 10 ms.
GIT_CACHE_SECONDS = 600.0
GIT_CACHE_MAX = 200
# Environment variables that change which repository or config git reads: with any of
# them set, git is asked every time.
GIT_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES",
           "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_CONFIG", "GIT_CONFIG_GLOBAL",
           "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_COUNT",
           "GIT_CONFIG_PARAMETERS")  # fmt: skip


def _file_stamp(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def _git_fingerprint(cwd: str):
    """What git's answer for `cwd` depends on: the nearest `.git` directory above it and
    the config files that can hold remote.origin.url (repository, user, system). None
    when it cannot be told without git (no `.git` directory: a worktree, a submodule or
    no repository at all)."""
    directory = os.path.realpath(cwd)
    while True:
        dotgit = os.path.join(directory, ".git")
        if os.path.isdir(dotgit):
            break
        if os.path.exists(dotgit):
            return None  # a `.git` file: the config lives elsewhere
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
    configs = [os.path.join(dotgit, "config"), os.path.join(home_dir(), ".gitconfig"),
               os.path.join(xdg_dir("XDG_CONFIG_HOME", ".config"), "git", "config"),
               "/etc/gitconfig"]  # fmt: skip
    return [dotgit, [_file_stamp(path) for path in configs]]


def git_info(cwd: str, timeout: float = 1.5) -> tuple:
    """(toplevel, remote.origin.url) of the repository around `cwd`, ("", "") outside one
    or without git."""
    cacheable = not any(os.environ.get(name) for name in GIT_ENV)
    path = os.path.join(state_dir(), "git.json")
    key = cwd
    fingerprint = _git_fingerprint(cwd) if cacheable else None
    cache = {
        k: v
        for k, v in (read_json(path, {}) if fingerprint else {}).items()
        if isinstance(v, dict) and isinstance(v.get("at"), (int, float))
    }  # entries a hand edit broke are dropped, not trusted
    entry = cache.get(key)
    if (
        entry is not None
        and entry.get("fingerprint") == fingerprint
        and 0 <= time.time() - entry["at"] < GIT_CACHE_SECONDS
        and isinstance(entry.get("toplevel"), str)
        and isinstance(entry.get("remote"), str)
    ):
        debug("git: cached answer")
        return entry["toplevel"], entry["remote"]
    answer = _run_git(cwd, timeout)
    if answer is None:
        return "", ""
    if fingerprint and answer[0] and fingerprint == _git_fingerprint(cwd):
        cache[key] = {"fingerprint": fingerprint, "toplevel": answer[0], "remote": answer[1],
                      "at": time.time()}  # fmt: skip
        if len(cache) > GIT_CACHE_MAX:
            ordered = sorted(cache.items(), key=lambda kv: kv[1]["at"])
            cache = dict(ordered[-GIT_CACHE_MAX:])
        with suppress(OSError, ValueError, TypeError):
            make_private_dir(state_dir())
            write_json(path, cache, sync=False)
    return answer


def clean_remote(url: str) -> str:
    """Drop credentials from an https://user:token@host/... remote."""
    if "://" not in url:
        return url  # scp-like git@host:path: the user name is no secret
    scheme, rest = url.split("://", 1)
    authority, slash, path = rest.partition("/")
    if "@" not in authority:
        return url
    return f"{scheme}://{authority.rsplit('@', 1)[1]}{slash}{path}"


def context_block(event: dict, config: dict) -> dict:
    cwd = event.get("cwd")
    remote = toplevel = ""
    if isinstance(cwd, str) and cwd and os.path.isdir(cwd):
        toplevel, remote = git_info(cwd)
        remote = clean_remote(remote)
    msp = {
        "git_remote_url": remote or None,
        "git_toplevel": toplevel or None,
        "machine_fingerprint": machine_fingerprint(),
        "hostname": hostname(),
        "client_version": CLIENT_VERSION,
    }
    project = os.environ.get("MSP_CLAUDE_PROJECT") or config.get("project")
    if project:
        msp["project"] = project
    return msp
