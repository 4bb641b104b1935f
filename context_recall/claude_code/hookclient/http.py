"""HTTP/1.1 requests over a plain or TLS socket, with one total deadline.

Why not ``http.client``: importing it pulls in ``email.parser`` and ``ssl``, about 30 ms
on the machine of docs/benchmarks.md against about 5 ms for ``socket`` alone, and a
prompt hook pays its imports at every prompt inside an 80 ms budget. What is hand-written
is small and tested on its own (tests/hookclient/test_http.py, against real servers):
one request per connection (``Connection: close``), responses framed by Content-Length,
chunked transfer coding (with trailers) or the end of the connection, 1xx interim
responses skipped, 204/304 bodiless, and the answer cut at MAX_RESPONSE.
"""

# It must run on Python 3.8, where socket.timeout is not yet an alias of TimeoutError:
# ruff: noqa: UP041
from __future__ import annotations

import json
import time

from .base import CLIENT_VERSION

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
