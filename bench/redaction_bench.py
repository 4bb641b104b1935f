"""Secret redaction: the hand-written regex redactor (``msp.redaction``) versus the
plugins of detect-secrets 1.5, measured on the same generated corpus.

    .venv/bin/python bench/redaction_bench.py [--seed 7] [--lines 2000] [--quick]
        [--baseline main] [--plain-only]

Standalone: needs no Django settings and no database. Every "secret" is generated at
run time from a random alphabet in the right shape; none is real.

Approaches:
  regex             msp.redaction.redact on the whole text.
  ds-plugins        detect-secrets pattern plugins + KeywordDetector (file type YAML, the
                    most permissive keyword rules), ``analyze_line`` per line, no filters.
                    Redaction = replace each reported secret value in the line.
  ds-plugins+entropy  the same plus the two high-entropy plugins at their default limits.
  ds-scan_line      the documented ad-hoc API ``detect_secrets.core.scan.scan_line`` with
                    default_settings() (all plugins, default filters); timed on a sample.

Baseline: the redactor of a git ref (``--baseline main``, read with ``git show``) is timed
on the same clean 1 KB bodies in the same run, interleaved with the current one, and the
ratio printed: the budget is 1.5x. ``--plain-only`` prints only that and the
plain-language corpus (msp/testing/plain_secrets.py: passwords said in prose or passed
on command lines, and clean sentences that only talk about passwords).

Recall: a planted secret counts as caught only if no 8-character window of its random
part survives redaction (a partial redaction that leaves the tail is a miss).
False positives: clean records whose text the approach changed.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import importlib.util
import os
import platform
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from msp.redaction import redact
from msp.testing.plain_secrets import (
    CLEAN_TEMPLATES,
    PLANTED_TEMPLATES,
    clean_records,
    held_out_records,
    planted_records,
)

LETTERS = string.ascii_letters
ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"
PW_CHARS = ALNUM + "!#%^*-_+."
URL_PW_CHARS = ALNUM + "-_.~!*"


class Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def pw(self, alphabet: str = PW_CHARS) -> str:
        # Start with a letter so it is never mistaken for a $VAR / *** placeholder.
        return self.r.choice(LETTERS) + self.s(alphabet, self.r.randint(11, 17))

    def uuid(self) -> str:
        h = self.s(HEX, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def host(self) -> str:
        return (
            self.r.choice(["srv", "dc", "fs", "sql", "web", "fw", "nas"])
            + f"{self.r.randint(1, 40):02d}."
            + self.r.choice(["contoso.local", "acme.lan", "client-a.example.com", "corp.example"])
        )

    def ip4(self) -> str:
        return f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"

    def ip6(self) -> str:
        return "fe80::" + ":".join(self.s(HEX, 4) for _ in range(3))

    def sha(self) -> str:
        return self.s(HEX, 40)


# --- planted secrets: each returns (record text, random core that must not survive) -----


def _pem_body(g: Gen, lines: int) -> list[str]:
    return [g.s(B64, 64) for _ in range(lines)]


def _pem_line(edge: str, kind: str) -> str:
    # Assembled at run time so that no private-key header sits in the source.
    return "-----" + edge + " " + (kind + " " if kind else "") + "PRIVATE" + " KEY-----"


def secret_generators() -> dict[str, Callable[[Gen], tuple[str, str]]]:
    def aws_key(g):
        core = g.s(UPPER_DIGITS, 16)
        return f"export AWS_ACCESS_KEY_ID=AKIA{core}", core

    def aws_secret(g):
        core = g.s(B64, 40)
        return f"aws_secret_access_key = {core}", core

    def gcp_api_key(g):
        core = g.s(B64URL, 35)
        return (
            f'curl -s "https://maps.googleapis.com/maps/api/geocode/json?address=Main+St'
            f'&key=AIza{core}"',
            core,
        )

    def gcp_sa_json(g):
        body = _pem_body(g, 4)
        pem = (
            _pem_line("BEGIN", "") + "\\n" + "\\n".join(body) + "\\n" + _pem_line("END", "") + "\\n"
        )
        return (
            '{"type": "service_account", "project_id": "msp-prod", "private_key_id": "'
            + g.s(HEX, 40)
            + '", "private_key": "'
            + pem
            + '", "client_email": '
            '"backup@msp-prod.iam.gserviceaccount.com"}',
            "".join(body),
        )

    def azure_conn(g):
        core = g.s(B64, 86)
        return (
            "DefaultEndpointsProtocol=https;AccountName=clientabackups;AccountKey="
            f"{core}==;EndpointSuffix=core.windows.net",
            core,
        )

    def azure_client_secret(g):
        core = g.s(ALNUM, 3) + str(g.r.randint(0, 9)) + "Q~" + g.s(ALNUM + "_~.-", 34)
        return f"AZURE_CLIENT_SECRET={core}", core

    def sas(g):
        core = g.s(B64URL, 43)
        return (
            f"azcopy copy db.bak 'https://clientabackups.blob.core.windows.net/sql/db.bak"
            f"?sv=2022-11-02&ss=b&srt=o&sp=rw&se=2031-01-01T00:00:00Z&sig={core}%3D'",
            core,
        )

    def github_classic(g):
        core = g.s(ALNUM, 36)
        return f"echo ghp_{core} | gh auth login --with-token", core

    def github_fine(g):
        core = g.s(ALNUM, 22) + "_" + g.s(ALNUM, 59)
        return f'{{"repo": "msp/tools", "token": "github_pat_{core}"}}', core

    def slack_token(g):
        core = g.s(string.digits, 12) + "-" + g.s(string.digits, 12) + "-" + g.s(ALNUM, 24)
        return f"SLACK_BOT_TOKEN=xoxb-{core}", core

    def slack_webhook(g):
        core = "T" + g.s(UPPER_DIGITS, 8) + "/B" + g.s(UPPER_DIGITS, 8) + "/" + g.s(ALNUM, 24)
        return (f"curl -X POST -d @msg.json https://hooks.slack.com/services/{core}", core)

    def stripe(g):
        core = g.s(ALNUM, 24)
        return f"export STRIPE_SK=sk_live_{core}", core

    def jwt(g):
        payload = (
            base64.urlsafe_b64encode(
                f'{{"sub":"{g.uuid()}","exp":{g.r.randint(1_700_000_000, 1_900_000_000)}}}'.encode()
            )
            .decode()
            .rstrip("=")
        )
        core = payload + "." + g.s(B64URL, 43)
        return f'{{"access": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{core}"}}', core

    def bearer(g):
        core = g.s(B64URL, 40)
        return (
            f'curl -H "Authorization: Bearer {core}" https://graph.example.com/v1.0/users',
            core,
        )

    def basic(g):
        core = base64.b64encode(f"svc_backup:{g.pw()}".encode()).decode()
        return f"Authorization: Basic {core}", core

    def password_env(g):
        core = g.pw()
        return f"DB_PASSWORD={core}", core

    def password_json(g):
        core = g.pw()
        return f'{{"username": "administrator", "password": "{core}", "site": "HQ"}}', core

    def password_yaml(g):
        core = g.pw()
        return f"  smtp:\n    host: mail.contoso.local\n    password: {core}\n", core

    def password_cli(g):
        core = g.pw()
        return f"mysqldump --user=backup --password {core} crm > /var/backups/crm.sql", core

    def password_prose(g):
        core = g.pw()
        return (
            f"Reset the kiosk account, temporary password={core} (user must change it "
            "at next logon).",
            core,
        )

    def url_postgres(g):
        core = g.pw(URL_PW_CHARS)
        return f"DATABASE_URL=postgres://app:{core}@{g.host()}:5432/crm", core

    def url_mysql(g):
        core = g.pw(URL_PW_CHARS)
        return f"connecting to mysql://root:{core}@{g.ip4()}:3306/erp ...", core

    def url_mongo(g):
        core = g.pw(URL_PW_CHARS)
        return (
            f'MONGO_URI="mongodb+srv://svc:{core}@cluster0.ab1cd.mongodb.net/prod'
            '?retryWrites=true"',
            core,
        )

    def sqlserver(g):
        core = g.pw()
        return (
            f"Server=tcp:{g.host()},1433;Database=ERP;User ID=sa;Password={core};Encrypt=True;",
            core,
        )

    def pem_rsa(g):
        body = _pem_body(g, 8)
        return (
            _pem_line("BEGIN", "RSA") + "\n" + "\n".join(body) + "\n" + _pem_line("END", "RSA"),
            "".join(body),
        )

    return {name: fn for name, fn in locals().items() if callable(fn)}


# --- clean records (with the usual look-alikes: ids, hashes, paths, addresses) ----------


def clean_generators() -> list[Callable[[Gen], str]]:
    words = [
        "the",
        "backup",
        "job",
        "on",
        "file",
        "server",
        "finished",
        "late",
        "because",
        "VPN",
        "tunnel",
        "to",
        "branch",
        "office",
        "dropped",
        "twice",
        "overnight",
        "and",
        "printer",
        "queue",
        "was",
        "stuck",
        "again",
        "after",
        "patch",
        "so",
        "we",
        "rebooted",
        "checked",
        "event",
        "log",
        "for",
        "errors",
    ]

    def prose(g):
        return " ".join(g.r.choice(words) for _ in range(g.r.randint(8, 30))).capitalize() + "."

    def password_prose(g):
        return g.r.choice(
            [
                "User called about a password reset; walked them through the self-service portal.",
                "Password expiry policy changed to 90 days for the accounting OU.",
                "Remember: never email a password, use the vault share link instead.",
                "The password field on the login form is now masked on mobile too.",
                "Added a password_reset_view test and fixed the redirect after reset.",
            ]
        )

    def shell(g):
        return g.r.choice(
            [
                f"$ ssh admin@{g.host()}",
                f"$ ping -c 3 {g.ip4()}",
                f"64 bytes from {g.ip4()}: icmp_seq=1 ttl=63 time={g.r.random() * 30:.2f} ms",
                f"$ git log -1 --format=%H\n{g.sha()}",
                f"commit {g.sha()}\nAuthor: Tech One <tech1@example.com>",
                "$ ls -la /var/log/nginx/\n-rw-r----- 1 www-data adm 48213 Mar  3 04:12 access.log",
                f"    inet6 {g.ip6()}/64 scope link",
                f"    inet {g.ip4()}/24 brd 10.0.0.255 scope global eth0",
                "PWD=/home/tech1\nOLDPWD=/tmp\nSHELL=/bin/bash",
                f"$ docker pull registry.example.com/msp/api@sha256:{g.s(HEX, 64)}",
                "$ systemctl status postgresql@15-main\n"
                f"   Active: active (running) since {g.uuid()}",
                "$ cat ~/.ssh/id_ed25519.pub\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"
                + g.s(B64, 43)
                + " tech1@laptop",
                "$ psql --no-password -h db01 crm -c 'select count(*) from tickets'",
                f"$ git push -u origin main\nTo git@github.com:msp/tools.git\n"
                f"   {g.sha()[:7]}..{g.sha()[:7]}  main -> main",
            ]
        )

    def json_body(g):
        return g.r.choice(
            [
                f'{{"id": "{g.uuid()}", "hostname": "{g.host()}", "ip_address": "{g.ip4()}", '
                f'"mac": "00:1a:2b:{g.s(HEX, 2)}:{g.s(HEX, 2)}:{g.s(HEX, 2)}", '
                '"notes": "replaced PSU"}',
                f'{{"token_type": "Bearer", "expires_in": 600, "max_tokens": 1024, "session_id": '
                f'"{g.uuid()}"}}',
                f'{{"commit": "{g.sha()}", "path": "/srv/app/releases/{g.sha()[:12]}/manage.py", '
                f'"status": "deployed"}}',
                f'{{"machine": "{g.uuid()}", "project": "{g.uuid()}", "summary": "Rotated the '
                f'firewall rules for {g.ip4()} and {g.ip6()}", "password_set": true}}',
                f'{{"username": "jdoe", "password": "", "must_change_password": true, '
                f'"password_last_set": {g.r.randint(1_600_000_000, 1_700_000_000)}}}',
            ]
        )

    def code(g):
        return g.r.choice(
            [
                "path('accounts/reset/', password_reset_view, name='password_reset'),",
                "def authenticate(self, request, username: str, password: str) -> User | None:",
                "    password = forms.CharField(widget=forms.PasswordInput)",
                "if not user.check_password(password):",
                "    api_key = os.environ['MSP_API_KEY']",
                "password=",
                "token = request.headers.get('Authorization', '').removeprefix('Bearer ')",
                f"    assert resp.json()['id'] == '{g.uuid()}'",
            ]
        )

    def log(g):
        return (
            f"2024-05-{g.r.randint(10, 28)}T{g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}"
            f":00Z INFO request_id={g.uuid()} GET /api/v1/clients/{g.uuid()}/ 200 "
            f'{g.r.randint(3, 90)}ms ua="curl/8.5.0" src={g.ip4()}'
        )

    return [prose, prose, password_prose, shell, shell, json_body, json_body, code, log]


def build_records(rng: random.Random, n_lines: int, secret_share: float):
    """Records (text, kind or None, core or None) until the corpus has ``n_lines`` lines."""
    g = Gen(rng)
    secrets = secret_generators()
    kinds = list(secrets)
    cleans = clean_generators()
    records, lines, k = [], 0, 0
    while lines < n_lines:
        if rng.random() < secret_share:
            kind = kinds[k % len(kinds)]
            k += 1
            text, core = secrets[kind](g)
            records.append((text, kind, core))
        else:
            text = rng.choice(cleans)(g)
            records.append((text, None, None))
        lines += text.count("\n") + 1
    return records


# --- detect-secrets redactors -----------------------------------------------------------


def ds_plugins(*, entropy: bool):
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    skip = {"IPPublicDetector"} | (
        set() if entropy else {"Base64HighEntropyString", "HexHighEntropyString"}
    )
    return [
        cls()
        for cls in get_mapping_from_secret_type_to_class().values()
        if cls.__name__ not in skip
    ]


def make_ds_redactor(plugins, filename: str = "request.yaml") -> Callable[[str], str]:
    def redact_line(line: str, number: int) -> str:
        values = set()
        for plugin in plugins:
            for found in plugin.analyze_line(filename=filename, line=line, line_number=number):
                if found.secret_value:
                    values.add(found.secret_value)
        for value in sorted(values, key=len, reverse=True):
            line = line.replace(value, "[REDACTED:detect_secrets]")
        return line

    def redact_text(text: str) -> str:
        return "\n".join(redact_line(line, i) for i, line in enumerate(text.split("\n"), 1))

    return redact_text


def make_ds_scan_line() -> Callable[[str], str]:
    from detect_secrets.core.scan import scan_line

    def redact_text(text: str) -> str:
        out = []
        for line in text.split("\n"):
            for found in list(scan_line(line)):
                if found.secret_value:
                    line = line.replace(found.secret_value, "[REDACTED:detect_secrets]")
            out.append(line)
        return "\n".join(out)

    return redact_text


# --- measurement -------------------------------------------------------------------------


def survived(core: str, output: str) -> bool:
    if len(core) < 8:
        return core in output
    return any(core[i : i + 8] in output for i in range(len(core) - 7))


def evaluate(fn: Callable[[str], str], records) -> tuple[Counter, Counter, int, int, list]:
    caught, planted = Counter(), Counter()
    false_pos, clean = 0, 0
    examples = []
    for text, kind, core in records:
        out = fn(text)
        if kind is None:
            clean += 1
            if out != text:
                false_pos += 1
                if len(examples) < 3:
                    pairs = zip(text + "\0", out + "\0", strict=False)
                    at = next(i for i, (a, b) in enumerate(pairs) if a != b)
                    lo = max(0, at - 40)
                    examples.append((text[lo : at + 50], out[lo : at + 50]))
        else:
            planted[kind] += 1
            if not survived(core, out):
                caught[kind] += 1
    return caught, planted, false_pos, clean, examples


def best_time(fn: Callable[[], object], repeat: int, number: int = 1) -> float:
    """Best wall time of one call, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def load_baseline(ref: str):
    """msp/redaction.py as it is at git ``ref``, imported under another name."""
    root = Path(__file__).resolve().parents[1]
    source = subprocess.run(
        ["git", "show", f"{ref}:msp/redaction.py"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location("baseline_redaction", handle.name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    os.unlink(handle.name)
    return module


def interleaved(fns: list[Callable[[], object]], rounds: int, number: int) -> list[float]:
    """Best CPU time per call of each function, measured in alternation. CPU time of
    this process, not wall time: on a machine shared with other jobs, time spent waiting
    for a core does not count, and alternation spreads what remains (caches, frequency)
    over both sides alike."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            start = time.process_time()
            for _ in range(number):
                fn()
            best[i] = min(best[i], (time.process_time() - start) / number)
    return best


def plain_language_report(seed: int, baseline, bodies: dict[str, str], quick: bool) -> None:
    planted = planted_records(random.Random(seed + 10))
    clean = clean_records(random.Random(seed + 11))
    print(
        f"[plain language] corpus: {len(planted)} planted secrets ({len(PLANTED_TEMPLATES)}"
        f" shapes x 3), {len(clean)} clean sentences ({len(set(clean))} distinct,"
        f" {len(CLEAN_TEMPLATES)} templates x 3)"
    )
    approaches = [("regex", redact)]
    if baseline is not None:
        approaches.append(("baseline", baseline.redact))
    for name, fn in approaches:
        caught = Counter()
        missed = []
        for kind, text, secret in planted:
            if survived(secret, fn(text)):
                missed.append((kind, text))
            else:
                caught[kind] += 1
        changed = [(t, fn(t)) for t in clean if fn(t) != t]
        print(
            f"  {name:9} recall {sum(caught.values())}/{len(planted)}"
            f" = {sum(caught.values()) / len(planted):.1%}   false positives"
            f" {len(changed)}/{len(clean)} clean sentences changed"
        )
        if name == "regex":
            for kind, text in missed[:5]:
                print(f"    missed {kind}: {text!r}")
            for before, after in changed[:5]:
                print(f"    changed {before!r}\n         -> {after!r}")
    held_planted, held_clean = held_out_records(random.Random(seed + 13))
    missed = [t for _, t, secret in held_planted if survived(secret, redact(t))]
    changed = [t for t in held_clean if redact(t) != t]
    print(
        f"  held out (never tuned against): recall {len(held_planted) - len(missed)}/"
        f"{len(held_planted)}, false positives {len(changed)}/{len(held_clean)}"
    )
    for text in missed:
        print(f"    missed {text!r}")
    for text in changed:
        print(f"    changed {text!r}")
    if baseline is None:
        print()
        return
    names = list(bodies)
    fns = [lambda t=bodies[n], f=f: f(t) for n in names for f in (redact, baseline.redact)]
    times = interleaved(fns, 10 if quick else 40, 300)
    print("  CPU time per call, current vs baseline, same run (interleaved, best of rounds):")
    for i, n in enumerate(names):
        now, before = times[2 * i], times[2 * i + 1]
        print(
            f"    {n:26} {now * 1e6:8.1f} us  vs {before * 1e6:8.1f} us   ratio {now / before:.2f}x"
            f"  (budget 1.50x)"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--baseline", default="main", help="git ref to compare with ('' = none)")
    parser.add_argument(
        "--plain-only", action="store_true", help="only the baseline ratio and plain language"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    rng = random.Random(args.seed)

    records = build_records(rng, args.lines, secret_share=0.02)
    corpus = "\n".join(text for text, _, _ in records)
    n_lines = corpus.count("\n") + 1
    n_secret = sum(1 for _, kind, _ in records if kind)
    # Recall suite: every kind, 12 fresh samples each, plus the clean look-alikes.
    suite_rng = random.Random(args.seed + 1)
    g = Gen(suite_rng)
    suite = [
        (t, k, c) for k, fn in secret_generators().items() for t, c in (fn(g) for _ in range(12))
    ]
    suite += [(fn(g), None, None) for fn in clean_generators() for _ in range(40)]
    # One 1 MB blob: more records of the same mix, as a single string.
    blob_records = build_records(random.Random(args.seed + 2), 14_000, secret_share=0.02)
    blob = "\n".join(t for t, _, _ in blob_records)
    blob = blob[:1_000_000]
    head = (
        '{"client": "' + g.uuid() + '", "machine": "' + g.uuid() + '", "site": "HQ", '
        '"tags": ["hardware", "network"], "summary": "'
    )
    summary = " ".join(
        [
            "Replaced the failing PSU in the core switch of 10.0.4.1 and updated "
            "the firmware; VPN to the branch office is stable again."
        ]
        * 10
    )
    body_clean = head + summary[: 1024 - len(head) - 2] + '"}'
    secret_tail = '", "password": "' + g.pw() + '"}'
    body_secret = head + summary[: 1024 - len(head) - len(secret_tail)] + secret_tail
    prose = (
        "The technician checked the backup logs, rotated the tapes and noted that the "
        "password policy reminder went out on time."
    )
    prose_clean = " ".join([prose] * 10)[:1024]

    print("Secret redaction benchmark")
    print(
        f"date {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}  python "
        f"{platform.python_version()}  {platform.machine()}  cpus {os.cpu_count()}  "
        f"load average {os.getloadavg()[0]:.1f}  seed {args.seed}"
    )
    print(
        f"corpus: {n_lines} lines, {len(corpus) / 1e6:.3f} MB, {len(records)} records, "
        f"{n_secret} planted secrets ({n_secret / len(records):.1%} of records)"
    )
    print(
        f"recall suite: {len(secret_generators())} kinds x 12 samples, "
        f"{sum(1 for r in suite if r[1] is None)} clean look-alike records"
    )
    print(
        f"blob: {len(blob) / 1e6:.2f} MB single string; API bodies {len(body_clean)} and "
        f"{len(body_secret)} chars; prose {len(prose_clean)} chars"
    )
    print()

    baseline = load_baseline(args.baseline) if args.baseline else None
    # A clean 1 KB note full of password talk: the new rules' worst clean case.
    talk = []
    for text in clean_records(random.Random(args.seed + 12)):
        if not text.startswith("{"):
            talk.append(text)
        if sum(len(t) + 2 for t in talk) > 1100:
            break
    talk_clean = ". ".join(talk)[:1024]
    assert redact(talk_clean) is talk_clean
    plain_language_report(
        args.seed,
        baseline,
        {
            "1KB API body, clean": body_clean,
            "1KB prose, clean": prose_clean,
            "1KB password talk, clean": talk_clean,
            "1KB API body, 1 password": body_secret,
        },
        args.quick,
    )
    if args.plain_only:
        print(f"total bench time {time.perf_counter() - started:.1f} s")
        return

    repeat = 3 if args.quick else 5
    approaches = [
        ("regex", redact, True),
        ("ds-plugins", make_ds_redactor(ds_plugins(entropy=False)), True),
        ("ds-plugins+entropy", make_ds_redactor(ds_plugins(entropy=True)), False),
    ]
    rows = []
    for name, fn, time_blob in approaches:
        fn(corpus[:2000])  # warm up
        heavy = name != "regex"
        big_repeat = (1 if args.quick else 2) if heavy else repeat
        t_corpus = best_time(lambda fn=fn: fn(corpus), big_repeat)
        t_blob = best_time(lambda fn=fn: fn(blob), big_repeat) if time_blob else None
        n = 20 if heavy else 2000
        t_body = best_time(lambda fn=fn: fn(body_clean), repeat, n)
        t_body_s = best_time(lambda fn=fn: fn(body_secret), repeat, n)
        t_prose = best_time(lambda fn=fn: fn(prose_clean), repeat, n)
        c_caught, c_planted, c_fp, c_clean, _ = evaluate(fn, records)
        s_caught, s_planted, s_fp, s_clean, s_examples = evaluate(fn, suite)
        rows.append((name, s_caught, s_planted, s_examples))
        print(f"[{name}]")
        print(f"  corpus   {len(corpus) / 1e6 / t_corpus:9.2f} MB/s  ({t_corpus * 1e3:.1f} ms)")
        if t_blob is not None:
            print(f"  1MB blob {len(blob) / 1e6 / t_blob:9.2f} MB/s  ({t_blob * 1e3:.1f} ms)")
        print(f"  1KB API body, clean      {t_body * 1e6:10.1f} us/call")
        print(f"  1KB API body, 1 password {t_body_s * 1e6:10.1f} us/call")
        print(f"  1KB prose, clean         {t_prose * 1e6:10.1f} us/call")
        print(
            f"  recall corpus {sum(c_caught.values())}/{sum(c_planted.values())}"
            f" = {sum(c_caught.values()) / max(1, sum(c_planted.values())):.1%}   "
            f"suite {sum(s_caught.values())}/{sum(s_planted.values())}"
            f" = {sum(s_caught.values()) / sum(s_planted.values()):.1%}"
        )
        print(
            f"  false positives: corpus {c_fp}/{c_clean} clean records changed, "
            f"suite {s_fp}/{s_clean}"
        )
        for before, after in s_examples:
            print(f"    e.g. {before!r}\n      -> {after!r}")
        print()

    # What the plugins hand back: values (sometimes a fragment), never positions.
    print("[ds-plugins] what analyze_line returns (type, value) for one sample each")
    print("  (values cut to 28 chars; PRIVATE KEY printed as PRIVATE_KEY so that scanners")
    print("  do not flag this output where it is quoted):")
    plugins = ds_plugins(entropy=False)
    sample_gen = Gen(random.Random(args.seed + 3))
    for kind in ("github_classic", "jwt", "bearer", "url_postgres", "password_cli", "pem_rsa"):
        text, _core = secret_generators()[kind](sample_gen)
        first = text.split("\n")[0]
        found = sorted(
            {
                (f.type, f.secret_value[:28])
                for plugin in plugins
                for f in plugin.analyze_line(filename="request.yaml", line=first, line_number=1)
            }
        )
        shown = f"  {kind:15} {first[:44]!r:48} -> {found or 'nothing'}"
        print(shown.replace("PRIVATE KEY", "PRIVATE_KEY"))
    print()

    # The documented ad-hoc API, on a sample only: it reconfigures its filters per call.
    sample = "\n".join(text for text, _, _ in records[:150])
    scan_fn = make_ds_scan_line()
    from detect_secrets.settings import default_settings

    with default_settings():
        t_sample = best_time(lambda: scan_fn(sample), 1)
        sc_caught, sc_planted, sc_fp, sc_clean, sc_examples = evaluate(scan_fn, suite)
    per_line = t_sample / (sample.count("\n") + 1)
    print("[ds-scan_line] (default_settings: all plugins + filters; 150-record sample)")
    print(f"  {per_line * 1e6:.0f} us/line  ->  {len(sample) / 1e6 / t_sample:.3f} MB/s")
    print(
        f"  recall suite {sum(sc_caught.values())}/{sum(sc_planted.values())}"
        f" = {sum(sc_caught.values()) / sum(sc_planted.values()):.1%}   "
        f"false positives: suite {sc_fp}/{sc_clean} clean records changed"
    )
    for before, after in sc_examples[:1]:
        print(f"    e.g. {before!r}\n      -> {after!r}")
    rows.append(("ds-scan_line", sc_caught, sc_planted, sc_examples))
    print()

    print("recall by kind on the suite (caught of 12):")
    names = [r[0] for r in rows]
    print("  " + f"{'kind':22}" + "".join(f"{n:>20}" for n in names))
    per_kind = defaultdict(list)
    for _, caught, planted, _ in rows:
        for kind in sorted(planted):
            per_kind[kind].append(caught[kind])
    for kind, values in per_kind.items():
        print("  " + f"{kind:22}" + "".join(f"{v:>20}" for v in values))
    print()
    per_record = [best_time(lambda t=t: redact(t), 1, 50) for t, _, _ in suite]
    print(
        f"regex: median {statistics.median(per_record) * 1e6:.1f} us per suite record "
        f"(records of {statistics.median(len(t) for t, _, _ in suite):.0f} chars median)"
    )
    print(f"total bench time {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
