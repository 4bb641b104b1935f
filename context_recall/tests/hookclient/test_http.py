"""hookclient.http against real local servers: framing (Content-Length, chunked with
trailers, end of connection), keep-alive answers, 1xx, timeouts, garbage."""

from __future__ import annotations

import gzip
import json
import socket
import time

import pytest

from context_recall.claude_code.hookclient import http
from context_recall.tests.hookclient.conftest import reply


def ok_head(extra: str = "") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{extra}".encode()


def test_content_length_on_a_kept_alive_connection_returns_without_waiting(raw_server):
    # The server keeps the connection open after the body: the client must stop at
    # Content-Length instead of waiting for the close (or its timeout).
    def respond(request: bytes, conn: socket.socket) -> None:
        conn.sendall(
            ok_head("Content-Length: 11\r\nConnection: keep-alive\r\n\r\n") + b'{"a": "ok"}'
        )
        time.sleep(3)

    server = raw_server(respond)
    started = time.monotonic()
    result = http.http_request("GET", server.url + "/x", None, {}, timeout=2.5)
    assert time.monotonic() - started < 1.0
    assert (result.kind, result.status, result.json()) == ("ok", 200, {"a": "ok"})


def test_chunked_body_with_extensions_and_trailers(raw_server):
    body = (
        b"4;ext=1\r\n" + b'{"a"' + b"\r\n"
        + b"6\r\n" + b': "b"}' + b"\r\n"
        + b"0\r\nX-Trailer: yes\r\n\r\n"
    )  # fmt: skip

    def respond(request: bytes, conn: socket.socket) -> None:
        conn.sendall(ok_head("Transfer-Encoding: chunked\r\n\r\n") + body)
        time.sleep(3)  # kept alive: only the framing says where the answer ends

    server = raw_server(respond)
    started = time.monotonic()
    result = http.http_request("GET", server.url + "/", None, {}, timeout=2.5)
    assert time.monotonic() - started < 1.0
    assert result.kind == "ok" and result.json() == {"a": "b"}


def test_chunk_whose_data_ends_like_the_last_chunk_is_not_the_end(raw_server):
    # A chunk whose data ends in "0\r\n" (JSON whitespace), then its CRLF, looks like the
    # last chunk "0\r\n\r\n": the old client stopped there and lost the rest.
    def respond(request: bytes, conn: socket.socket) -> None:
        conn.sendall(ok_head("Transfer-Encoding: chunked\r\n\r\n") + b"5\r\n[10\r\n\r\n")
        time.sleep(0.2)
        conn.sendall(b"4\r\n,20]\r\n0\r\n\r\n")

    server = raw_server(respond)
    result = http.http_request("GET", server.url + "/", None, {}, timeout=3)
    assert result.json() == [10, 20]


def test_body_delimited_by_the_end_of_the_connection(raw_server):
    server = raw_server(reply(ok_head("\r\n") + b'{"closed": true}'))
    result = http.http_request("GET", server.url + "/", None, {}, timeout=3)
    assert result.json() == {"closed": True}


def test_interim_100_continue_is_skipped(raw_server):
    raw = b"HTTP/1.1 100 Continue\r\n\r\n" + ok_head("Content-Length: 2\r\n\r\n") + b"{}"
    server = raw_server(reply(raw))
    result = http.http_request("POST", server.url + "/", b"{}", {}, timeout=3)
    assert (result.status, result.json()) == (200, {})


def test_no_content_has_no_body(raw_server):
    def respond(request: bytes, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")
        time.sleep(3)

    server = raw_server(respond)
    started = time.monotonic()
    result = http.http_request("POST", server.url + "/", b"{}", {}, timeout=2.5)
    assert time.monotonic() - started < 1.0
    assert (result.kind, result.status, result.body) == ("ok", 204, b"")


def test_server_that_never_answers_costs_the_timeout_and_is_marked(raw_server):
    server = raw_server(lambda request, conn: time.sleep(3))
    started = time.monotonic()
    result = http.http_request("GET", server.url + "/", None, {}, timeout=0.5)
    elapsed = time.monotonic() - started
    assert 0.4 < elapsed < 1.5
    assert result.kind == "down" and result.timed_out


def test_trickling_server_is_bounded_by_one_total_deadline(raw_server):
    # A byte every 0.2 s never trips a per-read timeout: the total deadline ends it.
    def respond(request: bytes, conn: socket.socket) -> None:
        conn.sendall(ok_head("Content-Length: 100\r\n\r\n"))
        for _ in range(50):
            conn.sendall(b" ")
            time.sleep(0.2)

    server = raw_server(respond)
    started = time.monotonic()
    result = http.http_request("GET", server.url + "/", None, {}, timeout=1.0)
    assert time.monotonic() - started < 2.0
    assert result.kind == "down" and result.timed_out


def test_connection_refused_is_down_not_timed_out():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nobody listens there now
    result = http.http_request("GET", f"http://127.0.0.1:{port}/", None, {}, timeout=2)
    assert result.kind == "down" and not result.timed_out
    assert "ConnectionRefused" in result.error


@pytest.mark.parametrize(
    "raw",
    [
        b"SSH-2.0-OpenSSH_9.6\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort",
    ],
    ids=["not-http", "bad-chunk-size", "cut-short"],
)
def test_garbage_or_cut_answers_are_down(raw_server, raw):
    server = raw_server(reply(raw))
    result = http.http_request("GET", server.url + "/", None, {}, timeout=2)
    assert result.kind == "down" and not result.timed_out


def test_too_large_answer_is_refused(raw_server, monkeypatch):
    monkeypatch.setattr(http, "MAX_RESPONSE", 10)
    server = raw_server(reply(ok_head("Content-Length: 11\r\n\r\n") + b'{"a": "ok"}'))
    assert http.http_request("GET", server.url + "/", None, {}, timeout=2).kind == "down"


@pytest.mark.parametrize(
    ("status", "kind"),
    [(200, "ok"), (201, "ok"), (401, "auth"), (403, "auth"), (400, "rejected"),
     (413, "rejected"), (408, "retry"), (429, "retry"), (500, "retry"), (503, "retry")],
)  # fmt: skip
def test_status_kinds(http_server, status, kind):
    http_server.answers["/s"] = (status, "application/json", b"{}")
    result = http.http_request("GET", http_server.url + "/s", None, {}, timeout=3)
    assert (result.status, result.kind) == (status, kind)


def test_request_line_headers_and_body_as_sent(raw_server):
    server = raw_server(reply(ok_head("Content-Length: 2\r\n\r\n") + b"{}"))
    http.http_request("POST", server.url + "/p?q=1", b"abc", {"X-A": "b"}, timeout=2)
    head, _, body = server.requests[0].partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST /p?q=1 HTTP/1.1"
    assert f"Host: 127.0.0.1:{server.port}" in lines
    assert "Content-Length: 3" in lines and "X-A: b" in lines and "Connection: close" in lines
    assert body == b"abc"


def test_post_json_gzips_large_bodies_and_sends_the_token(http_server):
    http_server.answers["/j"] = (200, "application/json", b"{}")
    http.post_json(http_server.url + "/j", {"small": 1}, "tok", timeout=3)
    http.post_json(http_server.url + "/j", {"big": "x" * 5000}, "", timeout=3)
    (_, _, small_headers, small), (_, _, big_headers, big) = http_server.requests
    assert small_headers["Authorization"] == "Bearer tok"
    assert json.loads(small) == {"small": 1} and "Content-Encoding" not in small_headers
    assert "Authorization" not in big_headers
    assert big_headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(big)) == {"big": "x" * 5000}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://msp.example.com", (True, "msp.example.com", 443, "/", "msp.example.com")),
        ("http://h:8080/a/b?c#d", (False, "h", 8080, "/a/b?c", "h:8080")),
        ("http://user:pw@H/x", (False, "h", 80, "/x", "H")),
        ("http://[::1]:9/", (False, "::1", 9, "/", "[::1]:9")),
    ],
)
def test_split_url(url, expected):
    assert http.split_url(url) == expected


@pytest.mark.parametrize("url", ["ftp://h/", "h/x", "http:///x", "http://h:0/", "http://[::1/"])
def test_split_url_refuses(url):
    with pytest.raises(ValueError):
        http.split_url(url)
