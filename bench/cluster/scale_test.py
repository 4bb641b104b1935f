"""Scale and failover test on the Galera cluster of cluster.sh: both app servers under
concurrent hook saves (Stop events), recalls, time entries and credential reveals; the
writer node SIGKILLed in the middle, HAProxy failing over, the node restarted and
rejoining (IST); then the proof that nothing was lost, doubled or answered wrongly.

    python bench/cluster/scale_test.py                    # 120 s, starts and stops the cluster
    python bench/cluster/scale_test.py --seconds 40 --max-requests 400   # what CI runs
    python bench/cluster/scale_test.py --use-running      # on a cluster already started

Exits non-zero when any of these fails:
- every request was answered 2xx, 429, or 503 with a JSON body and Retry-After (counted
  per class; anything else, a timeout or a refused connection included, is a failure);
- every hook save the client was told failed is delivered afterwards by the hook client's
  own spool (saves are spooled before they are sent and the file deleted on a 2xx, as the
  client does; what is left is replayed with the client's ``deliver_spool``);
- on every node: one memory per save sent (no loss, no duplicate), every time entry
  answered 201 present, both audit chains verify (``verify_audit``), and the same recall
  answer (same ids) for the same question;
- writes succeed again after the kill (the time it took is printed).
Loopback only; every wait is bounded.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent
CLUSTER = HERE / "cluster.sh"
FIXTURES = ROOT / "context_recall" / "tests" / "fixtures" / "claude_code"
APP_PORTS = (8401, 8402)
NODES = (1, 2, 3)
QUESTIONS = ("phoenix tunnel phase 2", "firewall rule vpn", "backup job failed", "dns forwarder")
# The share of each operation in the mix.
MIX = {"hook_save": 4, "recall": 3, "time_entry": 2, "reveal": 1}
# Longer than gunicorn's worker timeout (30 s): a request the server never answers shows
# as a failure of its own, not as a client giving up early.
REQUEST_TIMEOUT = 35.0


class Failed(Exception):
    pass


@dataclass
class Sample:
    op: str
    port: int
    started: float
    ended: float
    status: int
    outcome: str  # "2xx", "429", "503" or "other"
    detail: str = ""


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    sessions_sent: list[str] = field(default_factory=list)
    sessions_accepted: set[str] = field(default_factory=set)
    time_entries: list[str] = field(default_factory=list)
    kill_at: float | None = None
    killed_node: int | None = None
    rejoined_at: float | None = None
    rejoin_error: str = ""


def cluster(env: dict, *args: str, timeout: float) -> str:
    result = subprocess.run(
        ["bash", str(CLUSTER), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise Failed(f"cluster.sh {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def child(env: dict, script: str, *args: str, stdin: str = "", timeout: float = 300) -> str:
    result = subprocess.run(
        [sys.executable, str(HERE / script), *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise Failed(f"{script} failed:\n{result.stderr[-4000:]}")
    return result.stdout.strip().splitlines()[-1]


def writer_node(app_env: dict) -> int:
    import MySQLdb

    url = urlsplit(app_env["DATABASE_URL"])
    db = MySQLdb.connect(
        host="127.0.0.1",
        port=url.port,
        user=url.username,
        password=url.password,
        database=url.path.lstrip("/"),
        connect_timeout=5,
    )
    try:
        cursor = db.cursor()
        cursor.execute("SELECT @@wsrep_node_name")
        return int(cursor.fetchone()[0].removeprefix("node"))
    finally:
        db.close()


def classify(result) -> tuple[str, str]:
    """The answer's class: 2xx, 429, a proper 503 (JSON, Retry-After) or other."""
    if result.kind == "down":
        return "other", result.error
    if 200 <= result.status < 300:
        return "2xx", ""
    if result.status == 429:
        return "429", ""
    if result.status == 503:
        json_body = result.headers.get("content-type", "").startswith("application/json")
        if json_body and result.json() is not None and result.headers.get("retry-after"):
            return "503", ""
        return "other", "503 without a JSON body and Retry-After"
    return "other", f"HTTP {result.status}: {result.body[:200]!r}"


class Load:
    def __init__(self, seeded: dict, run: Run, max_requests: int, deadline: float) -> None:
        from context_recall.claude_code.hookclient.config import HOOK_PATH
        from context_recall.claude_code.hookclient.http import http_request
        from context_recall.claude_code.hookclient.spool import spool_write

        self.http_request, self.spool_write, self.hook_path = http_request, spool_write, HOOK_PATH
        self.seeded, self.run = seeded, run
        self.max_requests, self.deadline = max_requests, deadline
        self.load_started = time.monotonic()
        self.interval = (deadline - self.load_started) / max_requests
        self.counter = itertools.count()
        self.event = json.loads((FIXTURES / "payloads" / "Stop.json").read_text())
        lines = (FIXTURES / "transcript-example.jsonl").read_text().splitlines()
        self.entries = [json.loads(line) for line in lines if line.strip()]
        self.marker = f"scale-{uuid.uuid4().hex[:8]}"
        self.run_counter = itertools.count()

    def request(self, method: str, port: int, path: str, token: str, body: bytes | None, **headers):
        headers = {"Authorization": f"Bearer {token}", **headers}
        if body is not None:
            headers.setdefault("Content-Type", "application/json")
        url = f"http://127.0.0.1:{port}{path}"
        return self.http_request(method, url, body, headers, REQUEST_TIMEOUT)

    def hook_save(self, port: int):
        session = str(uuid.uuid4())
        payload = dict(self.event, session_id=session)
        payload["msp"] = {
            "git_remote_url": self.seeded["remote"],
            "git_toplevel": "/home/tech/src/scale-firewall",
            "machine_fingerprint": "f" * 64,
            "hostname": "scale-laptop",
            "client_version": "scale-test",
            "transcript_entries": self.entries,
            "transcript_range": [0, len(self.entries)],
            "chunk": [1, 1],
            "delivery_id": uuid.uuid4().hex,
        }
        # As the hook client does: written to the spool first, deleted on a 2xx only.
        path = self.spool_write(payload)
        self.run.sessions_sent.append(session)
        with open(path, "rb") as f:
            raw = f.read()
        result = self.request(
            "POST", port, self.hook_path, self.seeded["machine_token"], raw,
            **{"Content-Encoding": "gzip"},
        )  # fmt: skip
        if result.kind == "ok":
            os.unlink(path)
            self.run.sessions_accepted.add(session)
        return result

    def recall(self, port: int):
        question = random.choice(QUESTIONS).replace(" ", "+")
        path = f"/api/v1/recall/?project={self.seeded['project']}&q={question}&record_usage=false"
        return self.request("GET", port, path, self.seeded["tech_jwt"], None)

    def time_entry(self, port: int):
        body = {
            "client": self.seeded["client"],
            "started_at": datetime.now(UTC).isoformat(),
            "actual_minutes": random.randint(5, 90),
            "description": f"{self.marker} {next(self.counter)}",
        }
        result = self.request(
            "POST", port, "/api/v1/time-entries/", self.seeded["manager_jwt"],
            json.dumps(body).encode(),
        )  # fmt: skip
        if result.status == 201:
            self.run.time_entries.append(str(result.json()["id"]))
        return result

    def reveal(self, port: int):
        path = f"/api/v1/credentials/{self.seeded['credential']}/reveal/"
        return self.request("POST", port, path, self.seeded["manager_jwt"], b"{}")

    def worker(self, index: int) -> None:
        rng = random.Random(index)
        ops = [name for name, weight in MIX.items() for _ in range(weight)]
        n = 0
        while time.monotonic() < self.deadline:
            number = next(self.run_counter)
            if number >= self.max_requests:
                return
            # Paced: the bounded number of requests is spread over the whole run, so that
            # a short run still has load before, during and after the failover.
            not_before = self.load_started + number * self.interval
            if (wait := not_before - time.monotonic()) > 0:
                time.sleep(wait)
            op = rng.choice(ops)
            port = APP_PORTS[(index + n) % len(APP_PORTS)]
            n += 1
            started = time.monotonic()
            result = getattr(self, op)(port)
            ended = time.monotonic()
            outcome, detail = classify(result)
            self.run.samples.append(
                Sample(op, port, started, ended, result.status, outcome, detail)
            )

    def start(self, concurrency: int) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self.worker, args=(i,), daemon=True) for i in range(concurrency)
        ]
        for thread in threads:
            thread.start()
        return threads


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(q * len(ordered) + 0.999999) - 1))]


def failover(app_env: dict, cluster_env: dict, run: Run, kill_after: float, rejoin_after: float):
    """Kill the writer after ``kill_after`` s, restart it ``rejoin_after`` s later."""
    time.sleep(kill_after)
    node = writer_node(app_env)
    run.killed_node = node
    run.kill_at = time.monotonic()
    cluster(cluster_env, "kill-node", str(node), timeout=30)
    print(f"  SIGKILLed the writer, node{node}, at t={kill_after:.0f} s", flush=True)
    time.sleep(rejoin_after)
    try:
        cluster(cluster_env, "start-node", str(node), "240", timeout=300)
        run.rejoined_at = time.monotonic()
        after = run.rejoined_at - run.kill_at
        print(f"  node{node} rejoined and synced {after:.1f} s after the kill", flush=True)
    except (Failed, subprocess.TimeoutExpired) as exc:
        run.rejoin_error = str(exc)[-2000:]


def replay_spool(seeded: dict, budget: float) -> dict:
    """What the hook client does on its next run: replay the spool, oldest first."""
    from context_recall.claude_code.hookclient.config import DEFAULTS
    from context_recall.claude_code.hookclient.spool import deliver_spool, spool_files

    config = dict(
        DEFAULTS, server=f"http://127.0.0.1:{APP_PORTS[0]}", token=seeded["machine_token"]
    )
    totals = {"ok": 0, "rejected": 0, "failed": 0, "rounds": 0}
    deadline = time.monotonic() + budget
    while spool_files() and time.monotonic() < deadline:
        counts = deliver_spool(config, deadline - time.monotonic(), stop_on_failure=False)
        totals["rounds"] += 1
        for key in ("ok", "rejected", "failed"):
            totals[key] += counts[key]
        if counts["failed"]:
            time.sleep(1)
    totals["left"] = len(spool_files())
    return totals


def report(run: Run, started: float, ended: float, failures: list[str]) -> None:
    samples = run.samples
    print("\nAnswers by class (any 'other' fails the run):")
    for op in MIX:
        counts = {c: 0 for c in ("2xx", "429", "503", "other")}
        for s in samples:
            if s.op == op:
                counts[s.outcome] += 1
        print(f"  {op:<11} " + "  ".join(f"{k}={v}" for k, v in counts.items()))
    others = [s for s in samples if s.outcome == "other"]
    if others:
        failures.append(f"{len(others)} answers neither 2xx, 429 nor a JSON 503: {others[:5]}")
    seconds = ended - started
    print(f"\nThroughput over {seconds:.0f} s (2xx answers per second):")
    for port in APP_PORTS:
        ok = sum(1 for s in samples if s.port == port and s.outcome == "2xx")
        total = sum(1 for s in samples if s.port == port)
        print(f"  app server :{port}  {ok / seconds:6.1f}/s  ({ok} of {total} requests)")
    kill = run.kill_at or ended
    rejoin = run.rejoined_at or ended
    phases = {
        "before the kill": [s for s in samples if s.started < kill],
        "kill -> rejoined": [s for s in samples if kill <= s.started < rejoin],
        "after rejoining": [s for s in samples if s.started >= rejoin],
    }
    print("\nLatency, all operations (ms):")
    for name, group in phases.items():
        ms = [(s.ended - s.started) * 1000 for s in group]
        print(
            f"  {name:<17} n={len(ms):<5} p50={percentile(ms, 0.5):7.1f}  "
            f"p95={percentile(ms, 0.95):7.1f}  max={max(ms) if ms else float('nan'):7.1f}"
        )
    if run.kill_at is not None:
        writes = [
            s
            for s in samples
            if s.op in ("hook_save", "time_entry") and s.outcome == "2xx" and s.started >= kill
        ]
        if writes:
            first = min(writes, key=lambda s: s.ended)
            print(f"\nWrites succeeded again {first.ended - kill:.2f} s after the kill")
        else:
            failures.append("no write succeeded after the kill")
        # Answered after the kill: the requests in flight at the kill included.
        unavailable = [s for s in samples if s.outcome == "503" and s.ended >= kill]
        if unavailable:
            last = max(s.ended for s in unavailable) - kill
            print(f"  503s answered after the kill: {len(unavailable)}, the last at {last:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120, help="load duration (120)")
    parser.add_argument("--max-requests", type=int, default=20000, help="bound on requests")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (8)")
    parser.add_argument(
        "--rejoin-after",
        type=float,
        default=None,
        help="seconds from the kill to the restart (default: a sixth of the run)",
    )
    parser.add_argument("--memories", type=int, default=300, help="memories seeded (300)")
    parser.add_argument(
        "--cluster-dir", default=os.environ.get("MSP_GALERA_DIR", "/tmp/msp-galera")
    )
    parser.add_argument(
        "--use-running",
        action="store_true",
        help="use the cluster already started (and leave it running)",
    )
    parser.add_argument("--keep", action="store_true", help="leave the cluster running")
    args = parser.parse_args()  # fmt: skip

    cluster_env = {**os.environ, "MSP_GALERA_DIR": args.cluster_dir, "PYTHON": sys.executable}
    failures: list[str] = []
    started_cluster = False
    with tempfile.TemporaryDirectory(prefix="msp-scale-") as tmp:
        # The hook client's spool and status live under XDG_STATE_HOME.
        os.environ["XDG_STATE_HOME"] = str(Path(tmp) / "state")
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        try:
            if not args.use_running:
                t0 = time.monotonic()
                print("starting the cluster (3 Galera nodes, HAProxy, 2 app servers)", flush=True)
                started_cluster = True
                cluster(cluster_env, "start", timeout=600)
                print(f"  up in {time.monotonic() - t0:.0f} s", flush=True)
            app_env = {**os.environ, **read_env_file(Path(args.cluster_dir) / "app.env")}
            seeded = json.loads(child(app_env, "seed.py", str(args.memories)))
            run = Run()
            load_started = time.monotonic()
            deadline = load_started + args.seconds
            load = Load(seeded, run, args.max_requests, deadline)
            load_avg = os.getloadavg()
            print(
                f"load: {args.seconds:.0f} s (at most {args.max_requests} requests), "
                f"{args.concurrency} client threads over app servers {APP_PORTS}; "
                f"load average before {load_avg[0]:.2f} on {os.cpu_count()} cores",
                flush=True,
            )
            threads = load.start(args.concurrency)
            rejoin_after = args.rejoin_after or max(5.0, args.seconds / 6)
            orchestrator = threading.Thread(
                target=failover,
                args=(app_env, cluster_env, run, args.seconds / 2 - rejoin_after / 2, rejoin_after),
                daemon=True,
            )
            orchestrator.start()
            for thread in threads:
                thread.join(args.seconds + REQUEST_TIMEOUT + 10)
            load_ended = time.monotonic()
            orchestrator.join(max(1.0, 330 - (load_ended - load_started)))
            if run.killed_node is None:
                failures.append("the writer was never killed (the run ended before)")
            if run.rejoined_at is None:
                failures.append(f"the killed node did not rejoin: {run.rejoin_error}")
            print(f"load average after {os.getloadavg()[0]:.2f}", flush=True)
            report(run, load_started, load_ended, failures)

            spool = replay_spool(seeded, 120)
            sent, accepted = run.sessions_sent, run.sessions_accepted
            print(
                f"\nHook saves: {len(sent)} sent, {len(accepted)} accepted at once, "
                f"{len(sent) - len(accepted)} told failed and spooled; replayed by the client's "
                f"spool: {spool['ok']} delivered, {spool['rejected']} rejected, "
                f"{spool['left']} left"
            )
            if spool["left"] or spool["rejected"] or spool["ok"] != len(sent) - len(accepted):
                failures.append(f"spooled saves not all delivered: {spool}")
            expected = {
                "sessions": sent,
                "marker": load.marker,
                "time_entries": run.time_entries,
                "project": seeded["project_slug"],
                "question": QUESTIONS[0],
            }
            url = urlsplit(app_env["DATABASE_URL"])
            answers = []
            print("\nOn every node, read directly (wsrep_sync_wait=1):")
            for node in NODES:
                node_url = url._replace(
                    netloc=url.netloc.replace(f":{url.port}", f":{3400 + node}")
                )
                node_env = {**app_env, "DATABASE_URL": node_url.geturl()}
                found = json.loads(child(node_env, "node_check.py", stdin=json.dumps(expected)))
                answers.append(found)
                print(
                    f"  {found['node']}: memories {found['contexts']} of {len(sent)} saves "
                    f"(distinct {found['distinct_contexts']}), time entries {found['time_entries']}"
                    f" (answered 201: {len(run.time_entries)}), audit chains "
                    f"{'verify' if found['verify_audit'] else 'DO NOT VERIFY'} "
                    f"(requests {found['requests_chain']}, events {found['events_chain']} rows), "
                    f"recall {len(found['recall_ids'])} items"
                )
                if found["contexts"] != len(sent) or found["distinct_contexts"] != len(sent):
                    failures.append(
                        f"{found['node']}: {found['contexts']} memories for {len(sent)} saves"
                    )
                if found["time_entries_missing"]:
                    failures.append(f"{found['node']}: time entries answered 201 missing")
                if found["time_entries"] != len(run.time_entries):
                    # A POST answered 503 whose COMMIT had reached the node before the
                    # connection broke: not lost, not doubled (the client did not resend).
                    extra = found["time_entries"] - len(run.time_entries)
                    print(f"    {extra} time entries committed though answered 503")
                if not found["verify_audit"]:
                    failures.append(
                        f"{found['node']}: verify_audit failed: {found['verify_output']}"
                    )
            # The request log has a row per API request: none twice (at most every answer
            # plus the replays), and none missing from before the kill. Requests during
            # the outage may have theirs only in the server log (the audit middleware's
            # policy when the database cannot take it).
            logged = answers[0]["requests_chain"] - seeded["requests_logged"]
            before_kill = sum(1 for s in run.samples if s.ended < (run.kill_at or 0))
            most = len(run.samples) + spool["ok"] + spool["failed"] + spool["rejected"]
            print(f"  request log: {logged} rows for {len(run.samples)} answers + "
                  f"{spool['ok']} replays ({before_kill} answered before the kill)")  # fmt: skip
            if not before_kill <= logged <= most:
                failures.append(f"request log has {logged} rows, expected {before_kill}..{most}")
            for key in ("requests_chain", "events_chain", "recall_ids", "time_entries"):
                if len({json.dumps(a[key]) for a in answers}) != 1:
                    failures.append(f"nodes differ in {key}: {[a[key] for a in answers]}")
            if not answers[0]["recall_ids"]:
                failures.append("recall found nothing")
        except (Failed, subprocess.TimeoutExpired) as exc:
            failures.append(str(exc))
        finally:
            if started_cluster and not args.keep:
                try:
                    cluster(cluster_env, "stop", timeout=120)
                except (Failed, subprocess.TimeoutExpired) as exc:
                    failures.append(f"stop: {exc}")
    if failures:
        print("\nFAILED:\n- " + "\n- ".join(failures), flush=True)
        return 1
    print("\nOK: every answer 2xx/429/JSON 503, every save delivered once, chains verify and "
          "recall agrees on every node")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
