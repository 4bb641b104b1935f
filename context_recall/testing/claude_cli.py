"""The real Claude Code CLI for end-to-end tests: installed from the npm registry at a
pinned version into a cache outside the repository, reused while it is there.

``ensure_claude_cli()`` answers the path of the ``claude`` executable, or raises
``RegistryUnreachable`` when it is not cached and the registry cannot be reached (the
only case in which a test may skip), or ``CliInstallError`` for any other failure.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

# Pinned: a new CLI release may change what it sends; moving the pin is a deliberate
# change, checked by these tests.
CLAUDE_CODE_VERSION = "2.1.332"
PACKAGE = "@anthropic-ai/claude-code"
INSTALL_TIMEOUT = 600  # seconds; the package and its native binary are about 100 MB


class RegistryUnreachable(Exception):
    """The npm registry did not answer: the CLI cannot be installed here."""


class CliInstallError(Exception):
    """npm is missing, or the install failed while the registry was reachable."""


def cache_dir() -> Path:
    """``$MSP_TEST_CACHE`` or ``$XDG_CACHE_HOME/msp-tests`` (``~/.cache/msp-tests``)."""
    if os.environ.get("MSP_TEST_CACHE"):
        return Path(os.environ["MSP_TEST_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "msp-tests"


def _installed(prefix: Path, version: str) -> Path | None:
    claude = prefix / "node_modules" / ".bin" / "claude"
    if not claude.exists():
        return None
    try:
        proc = subprocess.run(  # noqa: S603 (our own install)
            [str(claude), "--version"], capture_output=True, timeout=60, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0 or not proc.stdout.decode(errors="replace").startswith(version):
        return None
    return claude


def _registry() -> str:
    try:
        proc = subprocess.run(
            ["npm", "config", "get", "registry"],  # noqa: S607 (npm from PATH, as in a shell)
            capture_output=True,
            timeout=60,
            text=True,
        )
        url = proc.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        url = ""
    return url if url.startswith(("http://", "https://")) else "https://registry.npmjs.org/"


def registry_reachable(registry: str, timeout: float = 15) -> bool:
    """True when the registry answers HTTP at all (any status: it is there)."""
    url = registry.rstrip("/") + "/" + PACKAGE.replace("/", "%2f")  # http(s), checked above
    request = urllib.request.Request(url, method="HEAD")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def _run_postinstall(prefix: Path, version: str) -> None:
    """The package's postinstall puts the native binary in place of a stub; npm skips it
    where install scripts are off (``ignore-scripts``, or a newer npm's ``allowScripts``).
    Then run it ourselves, as the stub's own message says to."""
    package = prefix / "node_modules" / PACKAGE
    claude = prefix / "node_modules" / ".bin" / "claude"
    if not (package / "install.cjs").exists() or _installed(prefix, version):
        return
    proc = subprocess.run(
        ["node", "install.cjs"],  # noqa: S607 (node from PATH, as npm runs it)
        cwd=package,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode != 0:
        raise CliInstallError(f"{claude}: its postinstall failed:\n{proc.stdout}{proc.stderr}")


def ensure_claude_cli(version: str = CLAUDE_CODE_VERSION) -> Path:
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    prefix = cache / f"claude-code-{version}"
    # Several test processes (pytest-xdist) may arrive at once: one installs, the others
    # wait for it and reuse the result.
    with open(cache / f"claude-code-{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        claude = _installed(prefix, version)
        if claude:
            return claude
        if shutil.which("npm") is None:
            raise CliInstallError("npm is not installed (needed to install the Claude Code CLI)")
        registry = _registry()
        if not registry_reachable(registry):
            raise RegistryUnreachable(f"the npm registry {registry} is unreachable")
        shutil.rmtree(prefix, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f"claude-code-{version}.", dir=cache))
        try:
            command = ["npm", "install", "--prefix", str(staging), "--no-audit", "--no-fund",
                       "--no-save", "--loglevel=error", f"{PACKAGE}@{version}"]  # fmt: skip
            try:
                proc = subprocess.run(  # noqa: S603 (fixed arguments)
                    command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
                    stdin=subprocess.DEVNULL,
                )  # fmt: skip
            except subprocess.TimeoutExpired as exc:
                raise CliInstallError(f"npm took over {INSTALL_TIMEOUT} s: {command}") from exc
            if proc.returncode != 0:
                if not registry_reachable(registry):  # it went away during the install
                    raise RegistryUnreachable(
                        f"the npm registry {registry} is unreachable: {proc.stderr[-500:]}"
                    )
                raise CliInstallError(f"`{' '.join(command)}` failed:\n{proc.stderr[-2000:]}")
            _run_postinstall(staging, version)
            staging.rename(prefix)  # complete or absent, never half there
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        claude = _installed(prefix, version)
        if claude is None:
            raise CliInstallError(f"{prefix}: installed, but `claude --version` is not {version}")
        return claude
