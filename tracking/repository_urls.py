"""Repository URL normalisation: every spelling of one repository maps to one key.

Pure (standard library only) because the Claude Code hook client resolves projects from
``git remote get-url origin`` with the same function. ``git@GitHub.com:Org/Repo.git``,
``https://github.com/Org/Repo``, ``ssh://git@github.com:22/Org/Repo/`` and
``https://user:token@github.com/Org/Repo.git`` all give ``github.com/Org/Repo``.

The host is lower-cased (DNS is case-insensitive); the path keeps its case because some
hosts (self-hosted Gitea, plain SSH servers) treat it as case-sensitive, except on the big
hosted forges, whose paths are case-insensitive (``CASE_INSENSITIVE_HOSTS``). Credentials and
default ports are dropped so that a token in a remote URL never reaches the database.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# scp-like syntax: [user@]host:path (no scheme, and the part before ":" has no "/").
_SCP_LIKE = re.compile(r"^(?:[^@/\s]+@)?(?P<host>[^:/\s]+):(?P<path>(?!//)[^\s]+)$")
_DEFAULT_PORTS = {"ssh": "22", "git+ssh": "22", "https": "443", "http": "80", "git": "9418"}
_SCHEMES = set(_DEFAULT_PORTS) | {"ssh+git", "file"}
MAX_KEY_LENGTH = 300
CASE_INSENSITIVE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org"})


class InvalidRepositoryURL(ValueError):
    pass


def _clean_path(path: str) -> str:
    path = path.strip().strip("/")
    while path.endswith(".git"):
        path = path[: -len(".git")].rstrip("/")
    parts = [part for part in path.split("/") if part]
    if not parts or any(part in {".", ".."} for part in parts):
        raise InvalidRepositoryURL("The repository URL names no repository path.")
    return "/".join(parts)


def normalize_repository_url(url: str) -> str:
    """The canonical key ``host[:port]/path`` of a git remote URL.

    Raises :class:`InvalidRepositoryURL` for text that is not a repository URL.
    """
    text = (url or "").strip()
    if not text or any(ch.isspace() for ch in text):
        raise InvalidRepositoryURL("Enter a repository URL without spaces.")
    scp = None if "://" in text else _SCP_LIKE.match(text)
    if scp:
        host, port, path = scp["host"], "", scp["path"]
    else:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in _SCHEMES or not parts.hostname:
            raise InvalidRepositoryURL(
                "Enter a git remote URL such as https://host/org/repo or git@host:org/repo.git."
            )
        host = parts.hostname
        try:
            port = str(parts.port or "")
        except ValueError as exc:
            raise InvalidRepositoryURL("The repository URL has an invalid port.") from exc
        if port == _DEFAULT_PORTS.get(scheme):
            port = ""
        path = parts.path
    host = host.lower().rstrip(".")
    if not host:
        raise InvalidRepositoryURL("The repository URL names no host.")
    path = _clean_path(path)
    if host in CASE_INSENSITIVE_HOSTS:
        path = path.lower()
    key = f"{host}:{port}/{path}" if port else f"{host}/{path}"
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidRepositoryURL("The repository URL is too long.")
    return key
