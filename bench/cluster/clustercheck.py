"""A clustercheck for one Galera node: HTTP 200 while the node is Synced in the Primary
component, 503 otherwise (joining, donor, desynced, non-primary, unreachable).

HAProxy's health checks call it (``option httpchk`` + ``check port 920N``), so that a
node that cannot serve consistent reads and writes is taken out of both backends even
while its SQL port still accepts connections. Runs next to each database server and
reads only ``SHOW GLOBAL STATUS``, as a user without privileges, over the local socket:

    python clustercheck.py --socket /run/mysqld/mysqld.sock \
        --defaults-file /etc/mysql/clustercheck.cnf --port 9200
"""

from __future__ import annotations

import argparse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import MySQLdb

# wsrep_local_state 4 = Synced. A donor (2) serving an rsync SST is blocked, so it is down.
SYNCED = "4"


def node_state(socket_path: str, defaults_file: str) -> tuple[bool, str]:
    try:
        connection = MySQLdb.connect(
            unix_socket=socket_path, read_default_file=defaults_file, connect_timeout=2
        )
    except MySQLdb.Error as exc:
        return False, f"unreachable: {exc.args[0] if exc.args else exc}"
    try:
        cursor = connection.cursor()
        cursor.execute(
            "SHOW GLOBAL STATUS WHERE Variable_name IN "
            "('wsrep_local_state', 'wsrep_cluster_status', 'wsrep_ready')"
        )
        status = {name.lower(): value for name, value in cursor.fetchall()}
    except MySQLdb.Error as exc:
        return False, f"status query failed: {exc.args[0] if exc.args else exc}"
    finally:
        connection.close()
    ok = (
        status.get("wsrep_local_state") == SYNCED
        and status.get("wsrep_cluster_status") == "Primary"
        and status.get("wsrep_ready") == "ON"
    )
    summary = ", ".join(f"{k}={v}" for k, v in sorted(status.items()))
    return ok, summary


def handler(socket_path: str, defaults_file: str) -> type[BaseHTTPRequestHandler]:
    class Check(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            ok, summary = node_state(socket_path, defaults_file)
            body = f"{'synced' if ok else 'not synced'}: {summary}\n".encode()
            try:
                self.send_response(200 if ok else 503)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # HAProxy closes the check's connection once it has read the status

        do_OPTIONS = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass  # a probe every second per backend: the log would be only noise

    return Check


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", required=True)
    parser.add_argument("--defaults-file", required=True)
    parser.add_argument("--port", type=int, default=9200)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.bind, args.port), handler(args.socket, args.defaults_file))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
