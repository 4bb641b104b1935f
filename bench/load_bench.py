"""Load through gunicorn with wrk on loopback: ``GET auth/me/``, the Claude Code hook
endpoint (UserPromptSubmit, machine token) and ``GET recall/``, each for ``--seconds`` at
``--connections`` connections, on a throwaway database (SQLite, or a ``test_hookbench_*``
database on the ``DATABASE_URL`` server).

    .venv/bin/python bench/load_bench.py [--seconds 60] [--connections 32] [--contexts 2000]
    DATABASE_URL=mysql://... .venv/bin/python bench/load_bench.py

Checks, and exits non-zero when one fails: every response is 2xx or 429 (counted by
status in wrk's Lua hooks); every request is in the request log (wrk's count <= rows
logged <= wrk's count + connections, the requests in flight when wrk stops being answered
and logged but not counted); both audit chains verify afterwards (``verify_audit``).
Needs ``wrk`` (Debian: ``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hook_bench import FIXTURES, PROJECT_SLUG, REMOTE, child
from serving import free_port, start_gunicorn, throwaway_env

HOOK_BENCH = str(Path(__file__).resolve().with_name("hook_bench.py"))
ROOT = Path(__file__).resolve().parents[1]

# Counts responses by status per wrk thread and prints the totals once, at the end.
LUA = """
wrk.method = "{method}"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[{body}]==]
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {{}} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local totals = {{}}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  io.write("STATUSES")
  for status, count in pairs(totals) do io.write(" " .. status .. "=" .. count) end
  io.write("\\n")
  local p50, p99 = latency:percentile(50), latency:percentile(99)
  io.write(string.format("LATENCY p50=%d p99=%d\\n", p50, p99))
end
"""


def shell(env: dict, code: str) -> str:
    return child(env, "manage.py", "shell", "-c", code).strip().splitlines()[-1]


def logged_requests(env: dict) -> int:
    return int(
        shell(env, "from audit.models import ApiRequestLog; print(ApiRequestLog.objects.count())")
    )


def run_wrk(url: str, script: Path, seconds: int, connections: int) -> dict:
    threads = min(connections, 4)
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    out = done.stdout
    statuses = {
        int(code): int(count)
        for code, count in re.findall(r"(\d{3})=(\d+)", out.split("STATUSES", 1)[1].splitlines()[0])
    }
    errors = re.search(r"Socket errors: (.*)", out)
    latency = re.search(r"LATENCY p50=(\d+) p99=(\d+)", out)
    return {
        "requests": sum(statuses.values()),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "statuses": statuses,
        "socket_errors": errors.group(1) if errors else "",
        "p50_ms": int(latency.group(1)) / 1000,
        "p99_ms": int(latency.group(2)) / 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--contexts", type=int, default=2000, help="memories in the project")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2

    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="msp-load-") as tmp_name:
        tmp = Path(tmp_name)
        env = throwaway_env(tmp / "var", MSP_ACCESS_TOKEN_MINUTES="60")
        dropped = None
        if env.get("DATABASE_URL"):
            name = child(env, HOOK_BENCH, "_createdb").strip().splitlines()[-1]
            dropped = (name, dict(env))
            env["DATABASE_URL"] = urlunsplit(
                urlsplit(env["DATABASE_URL"])._replace(path="/" + name)
            )
        else:
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            child(env, "manage.py", "migrate", "--noinput")
        database = env["DATABASE_URL"].split(":", 1)[0]
        server = None
        try:
            seeded = json.loads(
                child(env, HOOK_BENCH, "_seed", "--contexts", str(args.contexts)).splitlines()[-1]
            )
            jwt, project = shell(
                env,
                "from django.contrib.auth import get_user_model;"
                "from msp.testing.auth import token_pair_for;"
                "from tracking.models import Project;"
                "user = get_user_model().objects.get(username='bench-tech');"
                f"print(token_pair_for(user)[0], Project.objects.get(slug={PROJECT_SLUG!r}).pk)",
            ).split()
            event = json.loads((FIXTURES / "payloads" / "UserPromptSubmit.json").read_text())
            event["msp"] = {"git_remote_url": REMOTE, "hostname": "bench-laptop"}
            targets = {
                "auth/me": ("GET", "/api/v1/auth/me/", jwt, ""),
                "hook UserPromptSubmit": (
                    "POST", "/api/v1/hooks/claude-code/", seeded["token"], json.dumps(event),
                ),
                "recall": (
                    "GET",
                    f"/api/v1/recall/?project={project}&q=phoenix+firewall+vpn+tunnel"
                    "&record_usage=false",
                    jwt, "",
                ),
            }  # fmt: skip
            port = free_port()
            server = start_gunicorn(env, port, args.workers)
            print(
                f"{database}: {args.workers} gunicorn workers, {args.contexts} memories, "
                f"wrk {args.seconds} s x {args.connections} connections per endpoint",
                flush=True,
            )
            results = {}
            for label, (method, path, token, body) in targets.items():
                script = tmp / f"{len(results)}.lua"
                script.write_text(LUA.format(method=method, token=token, body=body))
                before = logged_requests(env)
                result = run_wrk(f"http://127.0.0.1:{port}{path}", script, args.seconds,
                                 args.connections)  # fmt: skip
                time.sleep(2)  # the requests in flight when wrk stopped finish and log
                result["logged"] = logged_requests(env) - before
                results[label] = result
                bad = {
                    s: n for s, n in result["statuses"].items() if not (200 <= s < 300 or s == 429)
                }
                if bad:
                    failures.append(f"{label}: responses other than 2xx/429: {bad}")
                if result["socket_errors"]:
                    failures.append(f"{label}: socket errors {result['socket_errors']}")
                if (
                    not result["requests"]
                    <= result["logged"]
                    <= result["requests"] + args.connections
                ):
                    failures.append(
                        f"{label}: {result['requests']} answered but {result['logged']} logged"
                    )
                print(
                    f"{label:24s} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms"
                    f"  p99 {result['p99_ms']:7.1f} ms  statuses {result['statuses']}"
                    f"  logged {result['logged']}/{result['requests']}",
                    flush=True,
                )
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
        verified = subprocess.run(
            [sys.executable, "manage.py", "verify_audit"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if verified.returncode != 0:
            failures.append(
                f"verify_audit failed: {verified.stdout[-500:]} {verified.stderr[-500:]}"
            )
        else:
            print(f"verify_audit: {verified.stdout.strip().splitlines()[-1]}")
        if dropped is not None:
            child(dropped[1], HOOK_BENCH, "_dropdb", dropped[0])
    print(f"uptime: {os.getloadavg()[0]:.1f} (1-min load)")
    for failure in failures:
        print(f"FAILED: {failure}")
    print("all checks passed" if not failures else f"{len(failures)} checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
