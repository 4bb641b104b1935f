#!/usr/bin/env python3
"""MSP Claude Code hook client: one stdlib-only file (Python 3.8+), holds no secret.

    python3 client.py setup --server https://msp.example.com   # once per machine
    python3 client.py status | flush | uninstall [--purge]
    python3 client.py hook                                     # what Claude Code runs

`hook` reads the Claude Code hook event (JSON) on stdin, adds git and machine details,
posts it to the server's `/api/v1/hooks/claude-code/` and, for SessionStart and
UserPromptSubmit, prints the server's hook output. For Stop, PreCompact and SessionEnd
it sends the transcript lines it has not sent before (bulky tool output trimmed); such
saves are written to a local spool first and deleted only once the server answered 2xx,
so they survive a server outage or the hook being killed. `hook` always exits 0, prints
nothing on stderr (unless MSP_CLAUDE_DEBUG=1) and is a no-op when MSP_CLAUDE_DISABLED=1.
`setup` also registers the server's MCP endpoint for Claude Code (user scope).

GENERATED from context_recall/claude_code/hookclient/ by
`python -m context_recall.claude_code.build`: edit the modules there, not this file.
"""

# ruff: noqa
from __future__ import annotations

SINGLE_FILE = True  # setup copies this very file (see setup.own_script)


# ------------------------------ hookclient/base.py ------------------------------------
# Version, debugging output and two tiny helpers every other module uses.

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


# ------------------------------ hookclient/events.py ----------------------------------
# The Claude Code hook events, one table shared by the client and the server.
#
# The server imports this module (``context_recall.services.hooks``); the downloaded client
# holds a copy generated from it, and a test checks that both agree. A new event goes
# here first: then a handler in ``services.hooks.HANDLERS`` (a test fails while one is
# missing) and, when the client must treat it differently, a branch in ``hook.run_hook``.

# name: saves (sends the transcript lines not sent before), answers (the server answers
# with additionalContext that the client prints), timeout (Claude Code's own limit in
# seconds for the command we register; the client's network limits stay below it).
EVENTS = {
    "SessionStart": {"saves": False, "answers": True, "timeout": 15},
    "UserPromptSubmit": {"saves": False, "answers": True, "timeout": 10},
    "Stop": {"saves": True, "answers": False, "timeout": 30},
    "PreCompact": {"saves": True, "answers": False, "timeout": 30},
    "SessionEnd": {"saves": True, "answers": False, "timeout": 30},
}
PROMPT_EVENTS = tuple(name for name, event in EVENTS.items() if event["answers"])
SAVE_EVENTS = tuple(name for name, event in EVENTS.items() if event["saves"])
# Sent by `client.py status` to check the token: the server answers {} and stores nothing.
STATUS_EVENT = "MspClientStatus"


# ------------------------------ hookclient/paths.py -----------------------------------
# Where the client keeps its config, state, spool and installed copy (XDG on Linux and
# macOS, %APPDATA% / %LOCALAPPDATA% on Windows).

import os


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


# ------------------------------ hookclient/locks.py -----------------------------------
# Atomic file writes, JSON files that never half-exist, and OS file locks (flock on
# Linux and macOS, msvcrt on Windows) that die with their holder.

import json
import os
import time


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


# ------------------------------ hookclient/config.py ----------------------------------
# The user's config (server, machine token, limits) and the machine's identity.

# ioreg runs with a fixed argument list and no shell:

import os
import sys


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


# ------------------------------ hookclient/http.py ------------------------------------
# HTTP/1.1 requests over a plain or TLS socket, with one total deadline.
#
# Why not ``http.client``: importing it pulls in ``email.parser`` and ``ssl``, about 30 ms
# on the machine of docs/benchmarks.md against about 5 ms for ``socket`` alone, and a
# prompt hook pays its imports at every prompt inside an 80 ms budget. What is hand-written
# is small and tested on its own (tests/hookclient/test_http.py, against real servers):
# one request per connection (``Connection: close``), responses framed by Content-Length,
# chunked transfer coding (with trailers) or the end of the connection, 1xx interim
# responses skipped, 204/304 bodiless, and the answer cut at MAX_RESPONSE.

# It must run on Python 3.8, where socket.timeout is not yet an alias of TimeoutError:

import json
import time


MAX_RESPONSE = 4 * 1024 * 1024
MAX_HEAD = 64 * 1024


class Result:
    """Outcome of one request: kind is ok, auth (401/403), rejected (other 4xx: retrying
    cannot help), retry (5xx, 408, 425, 429) or down (connection failed, timed out, or not
    an HTTP answer)."""

    def __init__(self, kind: str, status: int = 0, body: bytes = b"", error: str = ""):
        self.kind, self.status, self.body, self.error = kind, status, body, error
        self.headers: dict = {}
        self.timed_out = False

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except ValueError:
            return None


def result_kind(status: int) -> str:
    if 200 <= status < 300:
        return "ok"
    if status in (401, 403):
        return "auth"
    if 400 <= status < 500 and status not in (408, 425, 429):
        return "rejected"
    return "retry"


def split_url(url: str) -> tuple:
    """(https, host, port, path with query, host[:port]) of an http(s) URL, as urlsplit
    would give them, without importing urllib.parse (and ipaddress) on the hot path."""
    scheme, sep, rest = url.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    https = scheme == "https"
    end = len(rest)
    for char in "/?#":
        found = rest.find(char)
        if 0 <= found < end:
            end = found
    hostport = rest[:end].rsplit("@", 1)[-1]
    path = rest[end:].split("#", 1)[0]
    if not path.startswith("/"):
        path = "/" + path
    if hostport.startswith("["):  # IPv6 literal
        close = hostport.find("]")
        if close < 0 or (hostport[close + 1 :] and not hostport[close + 1 :].startswith(":")):
            raise ValueError(f"invalid host in {url!r}")
        host, port_text = hostport[1:close], hostport[close + 2 :]
    else:
        host, _, port_text = hostport.partition(":")
    if not host:
        raise ValueError(f"no host in {url!r}")
    port = int(port_text) if port_text else (443 if https else 80)
    if not 0 < port < 65536:
        raise ValueError(f"invalid port in {url!r}")
    return https, host.lower(), port, path, hostport


class SocketReader:
    """Buffered reads from a socket, each bounded by what is left of one deadline."""

    def __init__(self, sock, deadline: float) -> None:
        self.sock, self.deadline, self.buf = sock, deadline, b""

    def fill(self) -> bool:
        """Read more; False at the end of the connection."""
        import socket

        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise socket.timeout("timed out")
        self.sock.settimeout(remaining)
        chunk = self.sock.recv(65536)
        self.buf += chunk
        return bool(chunk)

    def line(self, limit: int = MAX_HEAD) -> bytes:
        while True:
            nl = self.buf.find(b"\n")
            if nl >= 0:
                out, self.buf = self.buf[:nl], self.buf[nl + 1 :]
                return out.rstrip(b"\r")
            if len(self.buf) > limit:
                raise ValueError("HTTP line too long")
            if not self.fill():
                raise ValueError("connection closed mid-response")

    def exactly(self, size: int) -> bytes:
        while len(self.buf) < size:
            if not self.fill():
                raise ValueError("connection closed mid-body")
        out, self.buf = self.buf[:size], self.buf[size:]
        return out

    def rest(self, limit: int) -> bytes:
        while len(self.buf) <= limit and self.fill():
            pass
        out, self.buf = self.buf[:limit], b""
        return out


def read_head(reader: SocketReader) -> tuple:
    """(status, headers with lower-case names) of the next final response, skipping any
    1xx interim response."""
    while True:
        status_line = reader.line().decode("latin-1")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            raise ValueError(f"not an HTTP response: {status_line[:80]!r}")
        status = int(parts[1])
        headers: dict = {}
        size = 0
        while True:
            line = reader.line()
            size += len(line)
            if size > MAX_HEAD:
                raise ValueError("HTTP head too large")
            if not line:
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if not 100 <= status < 200:
            return status, headers


def read_chunked(reader: SocketReader, limit: int) -> bytes:
    out = bytearray()
    while True:
        size_text = reader.line().split(b";", 1)[0].strip()
        size = int(size_text, 16)  # ValueError on garbage: not a usable answer
        if size == 0:
            while reader.line():  # trailers, up to the empty line
                pass
            return bytes(out)
        if len(out) + size > limit:
            raise ValueError("HTTP response too large")
        out += reader.exactly(size)
        if reader.line():
            raise ValueError("bad chunk framing")


def read_body(reader: SocketReader, method: str, status: int, headers: dict) -> bytes:
    if method == "HEAD" or status in (204, 304):
        return b""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return read_chunked(reader, MAX_RESPONSE)
    if "content-length" in headers:
        length = int(headers["content-length"])
        if not 0 <= length <= MAX_RESPONSE:
            raise ValueError("HTTP response too large")
        return reader.exactly(length)
    return reader.rest(MAX_RESPONSE)


def http_request(
    method: str, url: str, body: bytes | None, headers: dict, timeout: float
) -> Result:
    """One request with a total deadline of `timeout` seconds for connect, send and read.
    Never raises for network or protocol trouble: that is a Result of kind "down"."""
    import socket

    deadline = time.monotonic() + timeout
    body = body or b""
    try:
        https, host, port, path, hostport = split_url(url)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {hostport}"]
        merged = {"User-Agent": f"msp-claude-client/{CLIENT_VERSION}",
                  "Accept": "application/json", "Connection": "close"}  # fmt: skip
        merged.update(headers)
        merged["Content-Length"] = str(len(body))
        lines += [f"{k}: {v}" for k, v in merged.items()]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        # An ASCII host as bytes: a str host goes through the idna codec, whose import
        # (stringprep, unicodedata) costs a prompt hook a few milliseconds.
        address = host.encode("ascii") if host.isascii() else host
        sock = socket.create_connection((address, port), timeout=timeout)
        try:
            if https:
                import ssl

                sock.settimeout(max(0.01, deadline - time.monotonic()))
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            sock.sendall(request)
            reader = SocketReader(sock, deadline)
            status, response_headers = read_head(reader)
            data = read_body(reader, method, status, response_headers)
        finally:
            sock.close()
    except (OSError, ValueError, IndexError, UnicodeError) as exc:
        result = Result("down", error=f"{type(exc).__name__}: {exc}")
        timeout_types = (socket.timeout, TimeoutError)
        result.timed_out = isinstance(exc, timeout_types) or "timed out" in str(exc)
        return result
    result = Result(result_kind(status), status, data, error=f"HTTP {status}")
    result.headers = response_headers
    return result


def post_json(url: str, payload, token: str, timeout: float, gzip_over: int = 1024,
              headers: dict | None = None) -> Result:  # fmt: skip
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    merged = {"Content-Type": "application/json"}
    if token:
        merged["Authorization"] = f"Bearer {token}"
    merged.update(headers or {})
    if len(body) > gzip_over:
        import gzip

        body = gzip.compress(body, compresslevel=6)
        merged["Content-Encoding"] = "gzip"
    return http_request("POST", url, body, merged, timeout)


# ------------------------------ hookclient/breaker.py ---------------------------------
# The last outcome (status.json), shown by `status`, and the circuit breaker it feeds: a
# server that timed out is skipped for a while, so it costs one prompt its timeout, not
# every prompt.

import time


def record_result(result: Result) -> None:
    """Remember the last outcome. Last writer wins; losing an update to a concurrent run
    does no harm."""
    try:
        status = read_json(status_path(), {})
        now = time.time()
        status["last_attempt_at"] = now
        status["last_result"] = {"kind": result.kind, "status": result.status}
        if result.kind == "ok":
            status["last_ok_at"] = now
            status.pop("auth_error", None)
            status.pop("timeout_at", None)
        else:
            status["last_error"] = {"at": now, "error": result.error[:300]}
            if result.kind == "auth":
                status["auth_error"] = {"at": now, "status": result.status}
            if result.timed_out:
                status["timeout_at"] = now
        make_private_dir(state_dir())
        write_json(status_path(), status, sync=False)
    except (OSError, ValueError):
        pass


def breaker_open(config: dict) -> bool:
    """True for `breaker_seconds` after a request timed out."""
    seconds = float(config.get("breaker_seconds") or 0)
    if seconds <= 0:
        return False
    at = read_json(status_path(), {}).get("timeout_at")
    return isinstance(at, (int, float)) and 0 <= time.time() - at < seconds


# ------------------------------ hookclient/git.py -------------------------------------
# The repository around the session's folder (toplevel, remote.origin.url), asked of git
# and cached per folder, and the `msp` block every event carries.

# It runs git with fixed argument lists and no shell:

import os
import time


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


# ------------------------------ hookclient/transcript.py ------------------------------
# Transcript lines not sent before, read from the saved offset and trimmed of bulk (tool
# output, images, thinking signatures) before they leave the machine, in chunks.

import json
import os

TEXT_CAP = 8000  # prompt and assistant text blocks
TOOL_CAP = 2000  # any other string in an entry (tool input, tool output, ...)
ENTRY_CAP = 24 * 1024  # JSON size of one trimmed entry before it is trimmed harder
CHUNK_CAP = 512 * 1024  # JSON size of the entries in one request
MAX_CHUNKS = 8  # requests per hook run; the rest waits for the next run
MAX_READ = 32 * 1024 * 1024  # transcript bytes read per hook run
SKIP_TYPES = ("file-history-snapshot", "progress", "queue-operation")


def _trim_str(s: str, cap: int) -> str:
    if len(s) <= cap:
        return s
    head = cap * 3 // 4
    tail = cap - head
    end = s[-tail:] if tail else ""
    return f"{s[:head]}\n[... {len(s) - cap} characters trimmed by msp-claude ...]\n{end}"


def _trim(value, cap: int, depth: int = 0):
    if isinstance(value, str):
        return _trim_str(value, cap)
    if depth > 12:
        return "[nested too deep: trimmed by msp-claude]"
    if isinstance(value, list):
        items = [_trim(v, cap, depth + 1) for v in value[:200]]
        if len(value) > 200:
            items.append(f"[{len(value) - 200} more items trimmed by msp-claude]")
        return items
    if isinstance(value, dict):
        if value.get("type") in ("image", "document") and "source" in value:
            source = value.get("source")
            kind = source.get("type") if isinstance(source, dict) else None
            return {"type": value["type"], "source": {"type": kind, "omitted": True}}
        return {k: _trim(v, cap, depth + 1) for k, v in value.items() if k != "signature"}
    return value


def _trim_block(block, cap_text: int, cap_tool: int):
    if not isinstance(block, dict):
        return _trim(block, cap_tool)
    kind = block.get("type")
    out = _trim(block, cap_tool)
    if kind == "text" and isinstance(block.get("text"), str):
        out["text"] = _trim_str(block["text"], cap_text)
    return out


def trim_entry(entry: dict, cap_text: int = TEXT_CAP, cap_tool: int = TOOL_CAP) -> dict:
    """Keep the conversation, trim the bulk: prompts and assistant text up to cap_text
    characters, every other string (tool input, tool output, toolUseResult, thinking) up
    to cap_tool, images replaced by a placeholder, thinking signatures dropped."""
    out = {}
    for key, value in entry.items():
        if key == "message" and isinstance(value, dict):
            message = {k: _trim(v, cap_tool) for k, v in value.items() if k != "content"}
            content = value.get("content")
            if isinstance(content, str):
                message["content"] = _trim_str(content, cap_text)
            elif isinstance(content, list):
                message["content"] = [_trim_block(b, cap_text, cap_tool) for b in content]
            elif content is not None:
                message["content"] = _trim(content, cap_tool)
            out[key] = message
        elif key == "toolUseResult":
            out[key] = _trim(value, min(cap_tool, 500))
        else:
            out[key] = _trim(value, cap_tool)
    size = len(json.dumps(out, ensure_ascii=False))
    if size > ENTRY_CAP:
        if cap_tool > 300:
            return trim_entry(entry, cap_text=2000, cap_tool=300)
        keep = ("type", "uuid", "parentUuid", "sessionId", "timestamp", "isSidechain")
        out = {k: entry[k] for k in keep if k in entry}
        out["msp_trimmed"] = {"reason": "entry too large", "bytes": size}
    return out


def read_new_entries(path: str, offset: int):
    """Complete lines after `offset` (a line still being written is left for later).
    Returns ([(end_offset, trimmed_entry_or_None)], eof_offset, restarted)."""
    size = os.path.getsize(path)
    restarted = False
    if size < offset:  # truncated or replaced: start over
        offset, restarted = 0, True
    if size == offset:
        return [], offset, restarted
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read(min(MAX_READ, size - offset))
    out = []
    pos = offset
    start = 0
    while True:
        nl = data.find(b"\n", start)
        if nl < 0:
            break
        line = data[start:nl].strip()
        pos = offset + nl + 1
        start = nl + 1
        entry = None
        if line:
            try:
                parsed = json.loads(line.decode("utf-8", "replace"))
            except ValueError:
                parsed = None
            if isinstance(parsed, dict) and parsed.get("type") not in SKIP_TYPES:
                entry = trim_entry(parsed)
        out.append((pos, entry))
    if not out and len(data) >= MAX_READ:  # one line longer than MAX_READ: skip it
        out.append((offset + len(data), None))
    return out, pos, restarted


def chunk_entries(items, start: int):
    """Group (end_offset, entry) into chunks of at most CHUNK_CAP bytes of JSON.
    Returns [(start, end, [entries])], at most MAX_CHUNKS of them."""
    chunks = []
    current, size, chunk_start, end = [], 0, start, start
    for pos, entry in items:
        cost = len(json.dumps(entry, ensure_ascii=False)) + 1 if entry is not None else 0
        if current and size + cost > CHUNK_CAP:
            chunks.append((chunk_start, end, current))
            if len(chunks) >= MAX_CHUNKS:
                return chunks
            current, size, chunk_start = [], 0, end
        if entry is not None:
            current.append(entry)
            size += cost
        end = pos
    chunks.append((chunk_start, end, current))
    return chunks


# ------------------------------ hookclient/spool.py -----------------------------------
# The spool: saves are written here (one gzip'd JSON payload per file) before anything is
# sent, and deleted only once the server answered 2xx; a payload the server refuses for
# good moves to rejected/. Each file is locked while it is sent, so concurrent runs never
# send one twice at once.

import json
import os
import time


def spool_files(directory: str = "") -> list:
    directory = directory or spool_dir()
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(os.path.join(directory, n) for n in names if n.endswith(".json.gz"))


def spool_write(payload: dict) -> str:
    import gzip

    make_private_dir(spool_dir())
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    name = f"{time.time_ns():020d}-{payload['msp']['delivery_id']}.json.gz"
    path = os.path.join(spool_dir(), name)
    atomic_write(path, gzip.compress(body, compresslevel=6))
    return path


def _prune(directory: str, max_files: int, max_bytes: int) -> int:
    """Drop the oldest files beyond the bounds; also temp files left by a killed run."""
    now = time.time()
    try:
        for name in os.listdir(directory):
            if name.endswith(".tmp"):
                path = os.path.join(directory, name)
                try:
                    if now - os.path.getmtime(path) > 600:
                        os.unlink(path)
                except OSError:
                    pass
    except OSError:
        return 0
    files = []
    for path in spool_files(directory):
        with suppress(OSError):
            files.append((path, os.path.getsize(path)))
    total = sum(size for _, size in files)
    dropped = 0
    while files and (len(files) > max_files or total > max_bytes):
        path, size = files.pop(0)
        try:
            os.unlink(path)
            dropped += 1
        except OSError:
            pass
        total -= size
    return dropped


def spool_prune(config: dict) -> int:
    dropped = _prune(spool_dir(), int(config["spool_max_files"]), int(config["spool_max_bytes"]))
    if dropped:
        status = read_json(status_path(), {})
        status["spool_dropped"] = int(status.get("spool_dropped", 0)) + dropped
        write_json(status_path(), status, sync=False)
    return dropped


def deliver_file(path: str, config: dict, timeout: float) -> str:
    """Send one spool file unless another run is sending it. Returns the result kind, or
    'busy' / 'gone'. The file is deleted only after a 2xx (or moved to rejected/ on a
    permanent 4xx), so an interrupted run leaves it for the next one."""
    import gzip

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return "gone"
    locked = False
    action = ""
    try:
        if not try_lock(fd):
            return "busy"
        locked = True
        try:  # sent and deleted by another run between our open and our lock?
            if os.name != "nt" and os.stat(path).st_ino != os.fstat(fd).st_ino:
                return "gone"
        except OSError:
            return "gone"
        with os.fdopen(os.dup(fd), "rb") as f:
            raw = f.read()
        try:
            json.loads(gzip.decompress(raw).decode("utf-8"))
        except (OSError, ValueError, EOFError):
            action = "reject"
            return "rejected"
        headers = {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Authorization": f"Bearer {config.get('token', '')}",
        }
        result = http_request("POST", hook_url(config), raw, headers, timeout)
        record_result(result)
        debug(f"delivered {os.path.basename(path)}: {result.kind} {result.error}")
        action = {"ok": "delete", "rejected": "reject"}.get(result.kind, "")
        return "timeout" if result.timed_out else result.kind
    finally:
        if action and os.name != "nt":  # POSIX: while still holding the file's lock
            _settle(path, action)
            action = ""
        if locked:
            unlock(fd)
        os.close(fd)
        if action:  # Windows cannot delete or move a file that is still open
            _settle(path, action)


def _settle(path: str, action: str) -> None:
    if action == "delete":
        with suppress(OSError):
            os.unlink(path)
    elif action == "reject":
        with suppress(OSError):
            make_private_dir(rejected_dir())
            os.replace(path, os.path.join(rejected_dir(), os.path.basename(path)))
            _prune(rejected_dir(), 20, 5 * 1024 * 1024)


def deliver_spool(config: dict, budget: float, stop_on_failure: bool = True) -> dict:
    """Replay spool files oldest first within `budget` seconds; stop at the first failure
    that says the server is unreachable or refuses our token."""
    counts = {"ok": 0, "rejected": 0, "failed": 0, "busy": 0, "last_error": ""}
    deadline = time.monotonic() + budget
    timeout = float(config["timeout_save"])
    for path in spool_files():
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            break
        kind = deliver_file(path, config, min(timeout, remaining))
        if kind == "ok":
            counts["ok"] += 1
        elif kind == "rejected":
            counts["rejected"] += 1
        elif kind == "busy":
            counts["busy"] += 1
        elif kind != "gone":
            counts["failed"] += 1
            counts["last_error"] = kind
            if stop_on_failure:
                break
    return counts


# ------------------------------ hookclient/hook.py ------------------------------------
# `client.py hook`: what Claude Code runs for each event. Prompt events ask the server for
# context and print it; save events spool the new transcript lines, then send the spool.
# Always exits 0, prints nothing on stderr and ends by a hard deadline.

import json
import os
import sys
import time


CONTEXT_CAP = 9500  # characters of additionalContext printed (Claude Code's limit: 10,000)


def _read_stdin() -> bytes:
    try:
        if sys.stdin is None or sys.stdin.isatty():
            return b""
        return sys.stdin.buffer.read(16 * 1024 * 1024)
    except (OSError, ValueError):
        return b""


def _start_watchdog(seconds: float) -> None:
    """Whatever hangs (DNS, a disk, git), the hook process ends by this deadline."""
    import _thread  # threading (a few imports more) is not needed for one sleeping thread

    def _bail() -> None:
        time.sleep(seconds)
        debug(f"hard deadline reached after {seconds:.1f}s")
        with suppress(Exception):
            sys.stdout.flush()
        os._exit(0)

    _thread.start_new_thread(_bail, ())


def _print_hook_output(event_name: str, answer) -> None:
    if not isinstance(answer, dict):
        return
    specific = answer.get("hookSpecificOutput")
    if not isinstance(specific, dict):
        return
    context = specific.get("additionalContext")
    if not isinstance(context, str) or not context.strip():
        return
    if len(context) > CONTEXT_CAP:
        context = context[: CONTEXT_CAP - 40].rstrip() + "\n[... trimmed by msp-claude]"
    out = {"hookSpecificOutput": {"hookEventName": event_name, "additionalContext": context}}
    sys.stdout.buffer.write(json.dumps(out).encode("ascii") + b"\n")
    sys.stdout.flush()


def _prompt_event(event: dict, name: str, config: dict) -> None:
    if breaker_open(config):
        debug("server timed out recently: skipping")
        return
    payload = dict(event)
    payload["msp"] = context_block(event, config)
    result = post_json(hook_url(config), payload, config.get("token", ""),
                       float(config["timeout_prompt"]))  # fmt: skip
    record_result(result)
    debug(f"{name}: {result.kind} {result.error}")
    if result.kind != "ok":
        return
    if name in PROMPT_EVENTS:
        _print_hook_output(name, result.json())
    if name == "SessionStart" and spool_files():  # the server is up: send what waits
        deliver_spool(config, budget=2.0)


def _save_event(event: dict, raw: bytes, config: dict) -> None:
    msp = context_block(event, config)
    try:
        _spool_new_entries(event, raw, msp, config)
    except TimeoutError:
        # Other runs hold the state lock for too long: save the event itself (its
        # last_assistant_message, reason...) now; its transcript lines go with a later run.
        debug("state lock busy: spooling the event without transcript lines")
        block = dict(msp, transcript_entries=[], transcript_deferred=True)
        block["delivery_id"] = sha256_hex(raw + b"|deferred")[:32]
        spool_write(dict(event, msp=block))
    if breaker_open(config):
        debug("server timed out recently: spooled only")
        return
    deliver_spool(config, budget=float(config["timeout_save"]) + 2.0)


def _spool_new_entries(event: dict, raw: bytes, msp: dict, config: dict) -> None:
    """Under the state lock: read the transcript lines after the saved offset, spool them
    (one file per chunk), and only then move the offset."""
    path = event.get("transcript_path")
    key = os.path.realpath(path) if isinstance(path, str) and path else ""
    with StateLock(float(config.get("lock_wait", LOCK_WAIT))):
        state = read_json(os.path.join(state_dir(), "state.json"), {})
        transcripts = state.setdefault("transcripts", {})
        record = transcripts.get(key) if key else None
        offset = int(record.get("offset", 0)) if isinstance(record, dict) else 0
        chunks, restarted = [(offset, offset, [])], False
        if key and os.path.isfile(key):
            items, _, restarted = read_new_entries(key, offset)
            if restarted:
                offset = 0
            if items:
                chunks = chunk_entries(items, offset)
        seed = raw + msp["machine_fingerprint"].encode("ascii")
        for index, (start, end, entries) in enumerate(chunks):
            block = dict(msp)
            block["transcript_entries"] = entries
            block["transcript_range"] = [start, end]
            block["chunk"] = [index + 1, len(chunks)]
            if restarted:
                block["transcript_restarted"] = True
            block["delivery_id"] = sha256_hex(seed + b"|%d|%d|%d" % (start, end, index))[:32]
            payload = dict(event)
            payload["msp"] = block
            spool_write(payload)  # safely on disk before the offset moves
        if key:
            transcripts[key] = {"offset": chunks[-1][1], "updated": time.time()}
            if len(transcripts) > 2000:  # forget the least recently used transcripts
                ordered = sorted(transcripts.items(), key=lambda kv: kv[1].get("updated", 0))
                state["transcripts"] = dict(ordered[-2000:])
            write_json(os.path.join(state_dir(), "state.json"), state)
        spool_prune(config)


def run_hook() -> int:
    if env_flag("MSP_CLAUDE_DISABLED"):
        return 0
    if not DEBUG:  # nothing on stderr, whatever happens
        with suppress(OSError):
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    try:
        raw = _read_stdin()
        config = load_config()
        if not config.get("server"):
            debug("not set up: run `client.py setup --server URL`")
            return 0
        event = json.loads(raw.decode("utf-8", "replace")) if raw.strip() else {}
        if not isinstance(event, dict):
            return 0
        name = str(event.get("hook_event_name") or "")
        if name not in EVENTS:  # Claude Code runs us only for these; by hand, anything
            debug(f"not an event of ours: {name!r}")
            return 0
        if name in SAVE_EVENTS:
            lock_wait = float(config.get("lock_wait", LOCK_WAIT))
            _start_watchdog(float(config["timeout_save"]) * 2 + lock_wait + 4)
            _save_event(event, raw, config)
        else:
            _start_watchdog(float(config["timeout_prompt"]) + 3)
            _prompt_event(event, name, config)
    except BaseException as exc:  # never break Claude Code
        if DEBUG:
            import traceback

            traceback.print_exception(type(exc), exc, exc.__traceback__, file=_REAL_STDERR)
    return 0


# ------------------------------ hookclient/mcp.py -------------------------------------
# The server's MCP endpoint, registered for Claude Code at user scope.
#
# Claude Code keeps user-scope MCP servers in ~/.claude.json, top-level "mcpServers" (what
# `claude mcp add --transport http --scope user NAME URL --header ...` writes). We write
# that entry ourselves, so that setup needs no `claude` binary: the rest of the file (it
# also holds Claude Code's own state) is kept as it is, the file is replaced atomically and
# kept at mode 0600, since our entry holds the machine token.

import json
import os


MCP_NAME = "msp"  # Claude Code names the tools mcp__msp__<tool>
MCP_PATH = "/mcp/"
MCP_PROTOCOL = "2025-06-18"


def claude_json_path() -> str:
    return os.path.join(home_dir(), ".claude.json")


def mcp_url(server: str) -> str:
    return server.rstrip("/") + MCP_PATH


def mcp_entry(server: str, token: str) -> dict:
    return {"type": "http", "url": mcp_url(server),
            "headers": {"Authorization": f"Bearer {token}"}}  # fmt: skip


def _write_claude_json(path: str, data: dict) -> None:
    body = json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    atomic_write(path, body, mode=0o600)


def register_mcp(server: str, token: str, path: str = "") -> str:
    """Add or update our entry; returns "added", "updated" or "unchanged"."""
    path = path or claude_json_path()
    data = load_json_object(path)
    servers = data.get("mcpServers")
    if not isinstance(servers, dict):
        servers = data["mcpServers"] = {}
    entry = mcp_entry(server, token)
    before = servers.get(MCP_NAME)
    if before == entry:
        if os.name != "nt" and os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)  # it holds our token: not readable by others
        return "unchanged"
    servers[MCP_NAME] = entry
    _write_claude_json(path, data)
    return "added" if before is None else "updated"


def unregister_mcp(path: str = "") -> bool:
    """Remove our entry; True when there was one."""
    path = path or claude_json_path()
    if not os.path.exists(path):
        return False
    data = load_json_object(path)
    servers = data.get("mcpServers")
    if not isinstance(servers, dict) or MCP_NAME not in servers:
        return False
    del servers[MCP_NAME]
    _write_claude_json(path, data)
    return True


def registered_mcp(path: str = "") -> dict | None:
    try:
        servers = load_json_object(path or claude_json_path()).get("mcpServers")
    except (OSError, ValueError):
        return None
    entry = servers.get(MCP_NAME) if isinstance(servers, dict) else None
    return entry if isinstance(entry, dict) else None


def initialize_request() -> dict:
    return {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": MCP_PROTOCOL,
            "capabilities": {},
            "clientInfo": {"name": "msp-claude-status", "version": "1"},
        },
    }


def parse_mcp_answer(result: Result):
    """The JSON-RPC message in an answer sent as JSON or as a Server-Sent Events stream."""
    if "text/event-stream" in result.headers.get("content-type", ""):
        for line in result.body.decode("utf-8", "replace").splitlines():
            if line.startswith("data:"):
                try:
                    return json.loads(line[5:].strip())
                except ValueError:
                    continue
        return None
    return result.json()


def probe_mcp(server: str, token: str, timeout: float = 5.0) -> tuple:
    """(kind, text) for `status`: does the MCP endpoint answer an `initialize`? kind is
    ok, down, absent (no MCP endpoint on the server), auth or bad."""
    result = post_json(mcp_url(server), initialize_request(), token, timeout,
                       gzip_over=1 << 30,
                       headers={"Accept": "application/json, text/event-stream"})  # fmt: skip
    if result.kind == "down":
        return "down", f"not reachable ({result.error})"
    if result.status in (404, 405):
        return "absent", f"not enabled on the server (HTTP {result.status})"
    if result.kind == "auth":
        return "auth", f"token refused (HTTP {result.status})"
    if result.kind != "ok":
        return "bad", f"not usable ({result.error})"
    answer = parse_mcp_answer(result)
    info = answer.get("result") if isinstance(answer, dict) else None
    if not isinstance(info, dict):
        return "bad", "not usable (no initialize result)"
    server_info = info.get("serverInfo") if isinstance(info.get("serverInfo"), dict) else {}
    name = server_info.get("name") or "?"
    return "ok", f"answers ({name}, protocol {info.get('protocolVersion', '?')})"


# ------------------------------ hookclient/setup.py -----------------------------------
# What `setup` and `uninstall` change on the machine: the command hooks merged into Claude
# Code's settings.json (every other setting and hook kept), the installed copy of the
# client, and the login that gets a machine token.

import json
import os
import sys
import time


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


# ------------------------------ hookclient/main.py ------------------------------------
# The command line: `client.py setup | status | flush | uninstall | hook`.

import os
import sys
import time


DESCRIPTION = "MSP Claude Code hook client: one stdlib-only file (Python 3.8+), holds no secret."


def _fail(msg: str) -> int:
    sys.stderr.write(f"msp-claude: {msg}\n")
    return 1


def cmd_setup(args) -> int:
    server = args.server.rstrip("/")
    if not server.startswith(("http://", "https://")):
        return _fail("--server must start with http:// or https://")
    config = read_json(config_path(), {})
    timeout = 15.0
    machine = config.get("machine") if config.get("server") == server else None
    if args.token:
        token = args.token
        machine = None
    elif config.get("token") and config.get("server") == server and not args.relogin:
        token = config["token"]
        print(f"Keeping the machine token already configured for {server}.")
    else:
        try:
            access = login(server, args.username, timeout)
            answer = register_machine(server, access, timeout)
        except (RuntimeError, EOFError, KeyboardInterrupt) as exc:
            return _fail(str(exc) or "cancelled")
        token = str(answer["token"])
        machine = {"token_id": answer.get("id"), **(answer.get("machine") or {})}
        print("Machine registered: %s." % (machine.get("hostname") or hostname()))
    config.update({"server": server, "token": token, "client_version": CLIENT_VERSION})
    if machine:
        config["machine"] = machine
    for key in ("timeout_prompt", "timeout_save"):
        value = getattr(args, key)
        if value is not None:
            config[key] = value
    if args.project:
        config["project"] = args.project
    make_private_dir(config_dir())
    if os.name != "nt":
        os.chmod(config_dir(), 0o700)
    write_json(config_path(), config, mode=0o600)
    print(f"Config written: {config_path()} (mode 0600).")
    machine_fingerprint()
    script = own_script() if args.no_copy else install_self()
    path = claude_settings_path(args.project_dir)
    try:
        backup = update_settings(path, lambda s: add_our_hooks(s, hook_command(script)))
    except (OSError, ValueError) as exc:
        return _fail(f"cannot update {path}: {exc}")
    if backup is None:
        print(f"Hooks already in {path}.")
    else:
        print(f"Hooks added to {path}" + (f" (backup: {backup})." if backup else "."))
    mcp_path = claude_json_path()
    try:
        if args.no_mcp:
            if unregister_mcp(mcp_path):
                print(f"MCP server '{MCP_NAME}' removed from {mcp_path}.")
        else:
            change = register_mcp(server, token, mcp_path)
            print(f"MCP server '{MCP_NAME}' ({mcp_url(server)}) {change} in {mcp_path}"
                  " (user scope, mode 0600).")  # fmt: skip
    except (OSError, ValueError) as exc:
        return _fail(f"cannot update {mcp_path}: {exc}")
    print("Restart Claude Code (hooks and MCP servers are read at session start).")
    print(f"Check with: {sys.executable} {script} status")
    return 0


def cmd_uninstall(args) -> int:
    paths = [claude_settings_path(None)]
    if args.project_dir:
        paths = [claude_settings_path(args.project_dir)]
    for path in paths:
        if not os.path.exists(path):
            continue
        try:
            backup = update_settings(path, remove_our_hooks)
        except (OSError, ValueError) as exc:
            return _fail(f"cannot update {path}: {exc}")
        if backup is None:
            print(f"No msp-claude hooks in {path}.")
        else:
            print(f"Removed the msp-claude hooks from {path} (backup: {backup}).")
    if not args.project_dir:  # the MCP server is registered at user scope only
        mcp_path = claude_json_path()
        try:
            if unregister_mcp(mcp_path):
                print(f"Removed the MCP server '{MCP_NAME}' from {mcp_path}.")
        except (OSError, ValueError) as exc:
            return _fail(f"cannot update {mcp_path}: {exc}")
    if args.purge:
        import shutil

        for directory in (config_dir(), state_dir()):
            shutil.rmtree(directory, ignore_errors=True)
        print(f"Removed {config_dir()} and {state_dir()}.")
        print("The machine token stays valid on the server until it is revoked there.")
    return 0


def _spool_summary() -> tuple:
    files = spool_files()
    size = 0
    oldest = None
    for path in files:
        try:
            size += os.path.getsize(path)
            mtime = os.path.getmtime(path)
            oldest = mtime if oldest is None else min(oldest, mtime)
        except OSError:
            pass
    return len(files), size, oldest


def _ago(ts) -> str:
    if not isinstance(ts, (int, float)):
        return "never"
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))
    return f"{when} ({int(time.time() - ts)}s ago)"


def cmd_status(args) -> int:
    config = load_config()
    problems = 0
    print(f"client:      {own_script()} (version {CLIENT_VERSION})")
    missing = "" if os.path.exists(config_path()) else " (missing: run setup)"
    print(f"config:      {config_path()}{missing}")
    print(f"state/spool: {state_dir()}")
    if env_flag("MSP_CLAUDE_DISABLED"):
        print("disabled:    MSP_CLAUDE_DISABLED is set: hooks do nothing")
    hooked = []
    for path in (claude_settings_path(None), claude_settings_path(os.getcwd())):
        try:
            settings = load_json_object(path)
        except (OSError, ValueError):
            continue
        hooks = settings.get("hooks") if isinstance(settings.get("hooks"), dict) else {}
        events = [e for e, groups in hooks.items() if isinstance(groups, list) and any(
            isinstance(g, dict) and any(is_ours(h) for h in g.get("hooks") or [])
            for g in groups)]  # fmt: skip
        if events:
            hooked.append(f"{path} ({', '.join(events)})")
    print("hooks:       %s" % ("; ".join(hooked) if hooked else "none registered"))
    if not hooked:
        problems += 1
    count, size, oldest = _spool_summary()
    print(f"spool:       {count} file(s), {size} bytes, oldest {_ago(oldest)}")
    status = read_json(status_path(), {})
    if status.get("spool_dropped"):
        print(f"spool:       {status['spool_dropped']} payload(s) dropped (spool full)")
    print(f"last ok:     {_ago(status.get('last_ok_at'))}")
    if isinstance(status.get("last_error"), dict):
        err = status["last_error"]
        print(f"last error:  {err.get('error')} at {_ago(err.get('at'))}")
    if not config.get("server"):
        print("server:      not configured")
        return 1
    print(f"server:      {config['server']}")
    print("token:       %s" % ("set" if config.get("token") else "MISSING"))
    health = http_request("GET", config["server"] + "/healthz", None, {}, 5.0)
    print("reachable:   %s" % ("yes" if health.kind == "ok" else f"NO ({health.error})"))
    if health.kind != "ok":
        problems += 1
    probe = post_json(hook_url(config), {"hook_event_name": STATUS_EVENT,
                                         "session_id": "", "msp": {
                                             "client_version": CLIENT_VERSION,
                                             "machine_fingerprint": machine_fingerprint()}},
                      config.get("token", ""), 5.0)  # fmt: skip
    if probe.kind == "auth":
        record_result(probe)
        print(f"auth:        REFUSED (HTTP {probe.status}): the machine token is revoked or")
        print("             invalid; run: setup --server URL --relogin")
        problems += 1
    elif probe.kind == "ok":
        print("auth:        ok")
    else:
        print(f"auth:        unknown ({probe.error})")
    if probe.kind != "auth" and isinstance(status.get("auth_error"), dict):
        refused = status["auth_error"]
        print(f"auth:        a hook call was refused (HTTP {refused.get('status')}) "
              f"{_ago(refused.get('at'))}")  # fmt: skip
    problems += mcp_status(config)
    return 1 if problems else 0


def mcp_status(config: dict) -> int:
    """Print whether the MCP server is registered and answers; 1 when it is registered
    but unusable (token refused or different from the config), else 0."""
    entry = registered_mcp()
    if entry is None:
        print(f"mcp:         not registered in {claude_json_path()}")
        return 0
    expected = mcp_entry(config["server"], config.get("token", ""))
    if entry != expected:
        print(f"mcp:         '{MCP_NAME}' in {claude_json_path()} differs from this config"
              " (another server or token): run setup again")  # fmt: skip
        return 1
    print(f"mcp:         '{MCP_NAME}' registered ({entry.get('url')})")
    kind, text = probe_mcp(config["server"], config.get("token", ""))
    print(f"mcp server:  {text}")
    return 1 if kind == "auth" else 0


def cmd_flush(args) -> int:
    config = load_config()
    if not config.get("server"):
        return _fail("not set up: run setup --server URL")
    before = len(spool_files())
    counts = deliver_spool(config, budget=float(args.budget), stop_on_failure=True)
    left = len(spool_files())
    error = f" ({counts['last_error']})" if counts["last_error"] else ""
    print(f"spool: {before} before, {counts['ok']} sent, {counts['rejected']} rejected "
          f"(moved to {rejected_dir()}), {left} left{error}")  # fmt: skip
    return 0 if left == 0 else 1


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["hook"]:  # the hot path: no argparse
        return run_hook()
    import argparse

    parser = argparse.ArgumentParser(prog="client.py", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("setup", help="register this machine and add the Claude Code hooks")
    p.add_argument("--server", required=True, help="e.g. https://msp.example.com")
    p.add_argument("--token", help="a machine token (scripted installs); skips the login")
    p.add_argument("--username", help="technician login (asked otherwise)")
    p.add_argument("--relogin", action="store_true", help="get a new machine token")
    p.add_argument("--project-dir", help="use <dir>/.claude/settings.json instead of ~/.claude")
    p.add_argument("--project", help="explicit project for every event from this machine")
    p.add_argument("--timeout-prompt", type=float, help="seconds (default 5)")
    p.add_argument("--timeout-save", type=float, help="seconds (default 8)")
    p.add_argument("--no-copy", action="store_true", help="hooks run this file where it is")
    p.add_argument(
        "--no-mcp",
        action="store_true",
        help="do not register (and remove) the MSP MCP server in ~/.claude.json",
    )
    p = sub.add_parser("uninstall", help="remove our hooks and MCP server (others are kept)")
    p.add_argument("--project-dir", help="the project whose .claude/settings.json to clean")
    p.add_argument("--purge", action="store_true", help="also delete config, token and spool")
    sub.add_parser("status", help="config, server reachability, spool")
    p = sub.add_parser("flush", help="send the spooled saves now")
    p.add_argument("--budget", type=float, default=120.0, help="seconds (default 120)")
    sub.add_parser("hook", help="run by Claude Code with the event on stdin")
    args = parser.parse_args(argv)
    commands = {"setup": cmd_setup, "uninstall": cmd_uninstall, "status": cmd_status,
                "flush": cmd_flush}  # fmt: skip
    if args.command not in commands:
        parser.print_help()
        return 2
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
