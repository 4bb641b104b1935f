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
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import free_port, manage, start_gunicorn, throwaway_env


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
        env = throwaway_env(tmp, MSP_ACCESS_TOKEN_MINUTES="60")
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
            "on": start_gunicorn({**env, "MSP_AUDIT_REQUESTS": "1"}, ports["on"], args.workers),
            "off": start_gunicorn({**env, "MSP_AUDIT_REQUESTS": "0"}, ports["off"], args.workers),
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
