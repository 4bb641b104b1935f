"""Prints the bench's haproxy.cfg for the cluster under the directory given (its pid file
and admin socket live there). The same file, with real addresses, is the reference
configuration in docs/deployment.md."""

from __future__ import annotations

import sys

TEMPLATE = """\
global
    maxconn 4000
    stats socket {root}/haproxy.sock mode 600 level admin

defaults
    mode tcp
    timeout connect 3s
    # Longer than the app's CONN_MAX_AGE (60 s): idle persistent connections are not cut
    # under the app; a dead one is found by Django's health check before reuse anyway.
    timeout client 10m
    timeout server 10m
    retries 2
    option redispatch

# One writer at a time. node1 is the writer while it is Synced/Primary; when it fails,
# one backup takes over. The stick table (one entry for every connection: they all have
# the same destination) keeps the writer where it is when node1 returns, so that the
# cluster never has two writers at once and there is no second switch. Connections to a
# server marked down are closed at once, so that no client keeps writing to it.
listen galera_writer
    bind 127.0.0.1:3400
    option httpchk GET /
    http-check expect status 200
    stick-table type ip size 1
    stick on dst
    default-server inter 1s fall 2 rise 3 on-marked-down shutdown-sessions
    server node1 127.0.0.1:3401 check port 9201
    server node2 127.0.0.1:3402 check port 9202 backup
    server node3 127.0.0.1:3403 check port 9203 backup

# Reads that tolerate a few milliseconds of replication lag (reports, exports).
listen galera_reader
    bind 127.0.0.1:3399
    balance leastconn
    option httpchk GET /
    http-check expect status 200
    default-server inter 1s fall 2 rise 3 on-marked-down shutdown-sessions
    server node1 127.0.0.1:3401 check port 9201
    server node2 127.0.0.1:3402 check port 9202
    server node3 127.0.0.1:3403 check port 9203
"""


def main() -> None:
    sys.stdout.write(TEMPLATE.format(root=sys.argv[1]))


if __name__ == "__main__":
    main()
