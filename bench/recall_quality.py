"""Recall quality on the held-out labelled set (context_recall/testing/eval_set.py):
hit@1 / hit@3 / MRR per question kind for this server's recall, beside a plain BM25
baseline (SQLite FTS5) and an embedding-only baseline (wordllama), all scoped the same
way. Prints a markdown table and the count of cross-client results; not a test.

    .venv/bin/python bench/recall_quality.py
    .venv/bin/python bench/recall_quality.py --misses     # list what this server missed
    DATABASE_URL=mysql://... .venv/bin/python bench/recall_quality.py

It creates a throwaway test database (Django's test-database machinery: ``test_<name>``)
and drops it at the end, so it never touches real data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from standalone import setup_django, throwaway_database

setup_django("recall-quality-")

from django.db import connection  # noqa: E402

from context_recall.testing import eval_runner  # noqa: E402


def old_relevance_set() -> None:
    """hit@3 of this server on the older set in bench/relevance_set.py (same database;
    its two projects are separate clients from the new set's)."""
    from recall_bench import bench_relevance

    bench_relevance(seed=7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="List this server's misses.")
    parser.add_argument("--skip-old-set", action="store_true")
    args = parser.parse_args()

    with throwaway_database():
        data = eval_runner.load_eval_set()
        reports = eval_runner.run_all(data)
        print(
            f"Recall quality on {connection.vendor}: {len(data.docs)} memories, "
            f"{len(data.questions)} questions\n"
        )
        print(eval_runner.format_report(reports))
        for name, report in reports.items():
            print(f"{name}: MRR {report.overall.mrr:.3f}")
            for example in report.cross_client_examples:
                print(f"  cross-client: {example}")
        if args.misses:
            print("\nMisses of this server (answer not first):")
            print(eval_runner.format_misses(reports["this server"], limit=200))
        if not args.skip_old_set:
            print("\nOlder set (bench/relevance_set.py):")
            old_relevance_set()


if __name__ == "__main__":
    main()
