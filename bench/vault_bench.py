"""Credential vault: cost of msp.crypto encrypt/decrypt for typical secret sizes.

    .venv/bin/python bench/vault_bench.py [--seconds 0.1] [--repeats 7]

Standalone: sets DJANGO_SETTINGS_MODULE=msp.settings and calls django.setup() itself,
points MSP_VAR_DIR at a throwaway directory and runs under a keyring generated at run
time (``override_keyring``), so it reads and writes no real key. No database.

Rows: a 32-byte password, a 200-byte connection string and a 2 KB PEM private key, all
generated at run time. Columns, each the best of ``--repeats`` timed runs of about
``--seconds`` each (best, not mean: the floor is what the code costs, the rest is noise):

  encrypt / decrypt   msp.crypto.encrypt / decrypt (format, base64url, AAD, checks)
  enc+dec             one encrypt then one decrypt, the cost of a save plus a reveal
  raw GCM enc+dec     AESGCM.encrypt + decrypt on bytes: the floor under our wrapper
  HMAC-SHA256         hmac.new(key, data, sha256).digest() of the same UTF-8 data:
                      the baseline; "x HMAC" = enc+dec time / HMAC time
"""

from __future__ import annotations

import argparse
import hmac
import os
import platform
import secrets
import string
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msp.settings")
# Before settings load: development keys, if any get generated, go to a throwaway dir.
_VAR_DIR = tempfile.TemporaryDirectory(prefix="vault-bench-")
os.environ["MSP_VAR_DIR"] = _VAR_DIR.name

import cryptography  # noqa: E402  (standalone script: environment set above)
import django  # noqa: E402
from cryptography.hazmat.backends.openssl import backend as openssl_backend  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

django.setup()

from msp import crypto  # noqa: E402


def make_password() -> str:
    return "".join(
        secrets.choice(string.ascii_letters + string.digits + "!#%^*-_+.") for _ in range(32)
    )


def make_connection_string() -> str:
    head = (
        f"Server=tcp:sql-{secrets.token_hex(4)}.database.windows.net,1433;"
        f"Database=erp_{secrets.token_hex(3)};User ID=svc_{secrets.token_hex(3)};"
        f"Password={secrets.token_urlsafe(24)};Encrypt=True;"
    )
    return (head + "TrustServerCertificate=False;Connection Timeout=30;" + "x" * 200)[:200]


def make_private_key() -> str:
    body = "\n".join(
        textwrap.wrap(secrets.token_urlsafe(1600).replace("-", "+").replace("_", "/"), 64)
    )
    head, tail = "-----BEGIN PRIVATE KEY-----\n", "\n-----END PRIVATE KEY-----\n"
    return head + body[: 2048 - len(head) - len(tail)] + tail


def loop_count(fn: Callable[[], object], seconds: float) -> int:
    """How many calls of ``fn`` take about ``seconds``."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds / 4:
            return max(1, int(number * seconds / elapsed))
        number *= 4


def best_per_op(
    cases: dict[str, Callable[[], object]], seconds: float, repeats: int
) -> dict[str, float]:
    """Seconds per call of each case, best of ``repeats`` runs. The runs are interleaved
    (round r times every case before round r+1), so that a burst of load from another
    process slows one run of every case rather than every run of one case."""
    numbers = {name: loop_count(fn, seconds) for name, fn in cases.items()}
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(repeats):
        for name, fn in cases.items():
            number = numbers[name]
            start = time.perf_counter()
            for _ in range(number):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / number)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.1, help="per timed run")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    ring = crypto.Keyring.generate("bench1")
    raw_gcm = AESGCM(os.urandom(crypto.KEY_BYTES))
    mac_key = os.urandom(32)
    samples = [
        ("password 32 B", make_password()),
        ("conn string 200 B", make_connection_string()),
        ("private key 2 KB", make_private_key()),
    ]

    started = time.perf_counter()
    rows = []
    cases: dict[str, Callable[[], object]] = {}
    with crypto.override_keyring(ring):
        for label, plaintext in samples:
            data = plaintext.encode("utf-8")
            aad = crypto.associated_data_for("msp.credential", "password", uuid.uuid4())
            stored = crypto.encrypt(plaintext, aad=aad)
            assert crypto.decrypt(stored, aad=aad) == plaintext

            def enc(plaintext: str = plaintext, aad: bytes = aad) -> str:
                return crypto.encrypt(plaintext, aad=aad)

            def dec(stored: str = stored, aad: bytes = aad) -> str:
                return crypto.decrypt(stored, aad=aad)

            def both(plaintext: str = plaintext, aad: bytes = aad) -> str:
                return crypto.decrypt(crypto.encrypt(plaintext, aad=aad), aad=aad)

            def raw(data: bytes = data, aad: bytes = aad) -> bytes:
                n = os.urandom(12)
                return raw_gcm.decrypt(n, raw_gcm.encrypt(n, data, aad), aad)

            def mac(data: bytes = data) -> bytes:
                return hmac.new(mac_key, data, sha256).digest()

            for name, fn in (
                ("enc", enc),
                ("dec", dec),
                ("both", both),
                ("raw", raw),
                ("mac", mac),
            ):
                cases[f"{label}/{name}"] = fn
            rows.append((label, len(data), len(stored)))
        best = best_per_op(cases, args.seconds, args.repeats)
    total = time.perf_counter() - started

    print(
        f"Python {platform.python_version()} on {platform.machine()} "
        f"({platform.system()}), Django {django.get_version()}, "
        f"cryptography {cryptography.__version__}, "
        f"{openssl_backend.openssl_version_text()}"
    )
    print(
        f"best of {args.repeats} interleaved runs of ~{args.seconds:.2f} s each; "
        "us = microseconds per operation"
    )
    header = (
        f"{'secret':<18} {'bytes':>5} {'stored':>6} | {'encrypt us':>10} "
        f"{'decrypt us':>10} {'enc+dec us':>10} {'enc+dec/s':>10} | "
        f"{'raw GCM us':>10} {'HMAC us':>8} {'x HMAC':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, size, stored_len in rows:
        t = {name: best[f"{label}/{name}"] for name in ("enc", "dec", "both", "raw", "mac")}
        print(
            f"{label:<18} {size:>5} {stored_len:>6} | {t['enc'] * 1e6:>10.2f} "
            f"{t['dec'] * 1e6:>10.2f} {t['both'] * 1e6:>10.2f} {1 / t['both']:>10,.0f} | "
            f"{t['raw'] * 1e6:>10.2f} {t['mac'] * 1e6:>8.2f} "
            f"{t['both'] / t['mac']:>7.1f}"
        )
    print(f"(measured in {total:.1f} s)")


if __name__ == "__main__":
    main()
