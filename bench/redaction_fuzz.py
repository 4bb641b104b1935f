"""Unseeded runs of the redactor's "planted secret" properties: every kind that
``planted()`` in msp/tests/test_redaction.py draws, between random text, once as plain
text and once inside a JSON string (a hook or API body). The test suite runs a fixed set
of examples so that it is repeatable; this explores new ones on every run.

    .venv/bin/python bench/redaction_fuzz.py [--examples 15000]

Prints how many examples left a secret (or broke the JSON, or were not idempotent) and
the first few of them; exit code 1 if any did.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from standalone import setup_django

setup_django("redaction-fuzz-")

from hypothesis import HealthCheck, given, settings  # noqa: E402

from msp.redaction import redact  # noqa: E402
from msp.tests.test_redaction import PLANTED_IN_JSON, PLANTED_IN_TEXT  # noqa: E402


def run(examples: int) -> list[tuple]:
    failures: list[tuple] = []
    explore = settings(
        max_examples=examples,
        deadline=None,
        derandomize=False,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    @explore
    @given(**PLANTED_IN_TEXT)
    def plain(prefix, secret, suffix, left, right):
        text, core = secret
        if core in prefix + left or core in right + suffix:
            return
        out = redact(prefix + left + text + right + suffix)
        if core in out or redact(out) != out:
            failures.append(("plain", prefix, left, text, right, suffix))

    @explore
    @given(**PLANTED_IN_JSON)
    def in_json(prefix, secret, suffix, left, right, ensure_ascii):
        text, core = secret
        body = json.dumps(
            {"note": prefix + left + text + right + suffix, "id": 1}, ensure_ascii=ensure_ascii
        )
        # JSON escapes can spell the core elsewhere ("\\n" + "000" for core "n000").
        if core in body.replace(json.dumps(text, ensure_ascii=ensure_ascii)[1:-1], " "):
            return
        out = redact(body)
        if core in out or json.loads(out)["id"] != 1:
            failures.append(("json", prefix, left, text, right, suffix, ensure_ascii))

    plain()
    in_json()
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=15000, help="per property")
    args = parser.parse_args()
    failures = run(args.examples)
    print(f"{args.examples} unseeded examples per property, 2 properties: {len(failures)} failed")
    for failure in failures[:10]:
        print("  ", repr(failure))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
