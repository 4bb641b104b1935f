"""Throughput of ``GET /api/v1/auth/me/`` through gunicorn on loopback, audit middleware on
versus off, measured in the same run (rounds interleaved, so machine noise hits both).

    .venv/bin/python bench/auth_me_bench.py [--rounds 5] [--requests 400] [--concurrency 4]

Uses a throwaway SQLite database (or ``DATABASE_URL`` if set) and generated keys.
Prints requests/s per round, the medians and the ratio on/off (target >= 0.85).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.stdout


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            GUNICORN,
            "msp.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn did not start on port {port}")


def get_me(port: int, token: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/api/v1/auth/me/", headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def load(port: int, token: str, total: int, concurrency: int) -> float:
    """Requests per second for ``total`` requests sent by ``concurrency`` threads."""
    per_thread = total // concurrency
    failures: list[int] = []

    def worker() -> None:
        for _ in range(per_thread):
            status = get_me(port, token)
            if status != 200:
                failures.append(status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed, e.g. status {failures[0]}")
    return per_thread * concurrency / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="msp-bench-") as tmp:
        env = {
            **os.environ,
            "MSP_VAR_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "msp.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "MSP_JWT_SIGNING_KEY": secrets.token_urlsafe(50),
            "MSP_AUDIT_HMAC_KEY": secrets.token_urlsafe(50),
            "MSP_ACCESS_TOKEN_MINUTES": "60",
            "DJANGO_DEBUG": "0",
        }
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        manage(env, "migrate", "--noinput")
        token = (
            manage(
                env,
                "shell",
                "-c",
                (
                    "from msp.testing.factories import UserFactory;"
                    "from msp.testing.auth import token_pair_for;"
                    "print(token_pair_for(UserFactory(username='bench'))[0])"
                ),
            )
            .strip()
            .splitlines()[-1]
        )

        ports = {"on": free_port(), "off": free_port()}
        servers = {
            "on": start_server({**env, "MSP_AUDIT_REQUESTS": "1"}, ports["on"], args.workers),
            "off": start_server({**env, "MSP_AUDIT_REQUESTS": "0"}, ports["off"], args.workers),
        }
        try:
            for mode in ("on", "off"):  # warm-up: imports, connections, caches
                load(ports[mode], token, args.concurrency * 10, args.concurrency)
            results: dict[str, list[float]] = {"on": [], "off": []}
            for round_number in range(args.rounds):
                order = ("on", "off") if round_number % 2 == 0 else ("off", "on")
                for mode in order:
                    results[mode].append(load(ports[mode], token, args.requests, args.concurrency))
                print(
                    f"round {round_number + 1}: audit on {results['on'][-1]:7.1f} req/s"
                    f"   audit off {results['off'][-1]:7.1f} req/s",
                    flush=True,
                )
        finally:
            for server in servers.values():
                server.terminate()
                server.wait(timeout=30)

    median_on = statistics.median(results["on"])
    median_off = statistics.median(results["off"])
    database = env["DATABASE_URL"].split(":", 1)[0]
    summary = {
        "database": database,
        "workers": args.workers,
        "concurrency": args.concurrency,
        "requests_per_round": args.requests,
        "rounds": args.rounds,
        "median_rps_audit_on": round(median_on, 1),
        "median_rps_audit_off": round(median_off, 1),
        "ratio_on_off": round(median_on / median_off, 3),
    }
    print(json.dumps(summary, indent=2))
    print(f"ratio audit on/off = {summary['ratio_on_off']} (target >= 0.85)")


if __name__ == "__main__":
    main()
