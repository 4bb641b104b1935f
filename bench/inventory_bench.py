"""Inventory list latency: ``GET /api/v1/infrastructure/`` at 10,000 rows vs 100 rows.

    .venv/bin/python bench/inventory_bench.py [--rows 10000] [--baseline-rows 100]
                                              [--requests 30]

Standalone: sets DJANGO_SETTINGS_MODULE=msp.settings, points MSP_VAR_DIR at a throwaway
directory and creates a throwaway test database (Django's ``create_test_db``: SQLite in
that directory, or ``test_<name>_bench`` on the server of a ``mysql://`` DATABASE_URL),
migrated, destroyed at the end. It reads and writes no real database.

Requests go through Django's test client with a real JWT, so the whole stack is timed:
middleware (including the audit request log write), authentication, permissions,
filtering, pagination, serialization. Rows are bulk-created (clients with two sites
each, 100 assets per client).

For each database size it prints the median and p95 of ``--requests`` timed requests
(after 3 warm-up requests) for page_size 50 and 500, the number of SQL queries per
request, and the ratio of the 10,000-row latency to the 100-row baseline measured in the
same run. Vault encrypt/decrypt throughput is bench/vault_bench.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msp.settings")
_VAR_DIR = tempfile.TemporaryDirectory(prefix="inventory-bench-")
os.environ["MSP_VAR_DIR"] = _VAR_DIR.name

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ASSETS_PER_CLIENT = 100
PAGE_SIZES = (50, 500)


def create_database() -> str:
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor != "sqlite":
        test_settings["NAME"] = f"test_{connection.settings_dict['NAME']}_bench"
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)


def grow_to(rows: int) -> None:
    """Bulk-create clients, sites and infrastructure until there are ``rows`` assets."""
    from msp.models import AssetType, Client, Infrastructure, Site

    have = Infrastructure.objects.count()
    types = [
        AssetType.SERVER,
        AssetType.VM,
        AssetType.WORKSTATION,
        AssetType.SWITCH,
        AssetType.PRINTER,
    ]
    while have < rows:
        n = Client.objects.count()
        client = Client(name=f"Bench client {n:05d}", domain=f"client{n}.example")
        Client.objects.bulk_create([client])
        sites = [Site(client=client, name=f"Site {s}") for s in range(2)]
        Site.objects.bulk_create(sites)
        batch = min(ASSETS_PER_CLIENT, rows - have)
        Infrastructure.objects.bulk_create(
            [
                Infrastructure(
                    client=client,
                    site=sites[i % 2],
                    asset_type=types[i % len(types)],
                    hostname=f"host{i:04d}",
                    ip_address=f"10.{n % 250}.{i // 250}.{i % 250 + 1}",
                    os="Windows Server",
                    os_version="2022",
                    role="bench",
                    notes="bulk-created for the list benchmark",
                )
                for i in range(batch)
            ],
            batch_size=1000,
        )
        have += batch


def measure(api, page_size: int, requests: int) -> dict[str, float]:
    path = "/api/v1/infrastructure/"
    params = {"page_size": page_size}
    for _ in range(3):
        response = api.get(path, params)
        assert response.status_code == 200, response.content[:300]
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        api.get(path, params)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = api.get(path, params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == min(page_size, body["count"])
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
        "queries": len(queries),
        "count": body["count"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--baseline-rows", type=int, default=100)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    setup_test_environment()
    settings.DEBUG = False
    create_database()
    try:
        from msp.testing.auth import client_for
        from msp.testing.factories import UserFactory

        api = client_for(UserFactory(is_superuser=True, is_staff=True))
        results: dict[int, dict[int, dict[str, float]]] = {}
        for rows in (args.baseline_rows, args.rows):
            started = time.perf_counter()
            grow_to(rows)
            created = time.perf_counter() - started
            results[rows] = {size: measure(api, size, args.requests) for size in PAGE_SIZES}
            print(f"[{rows} rows ready in {created:.1f} s]", file=sys.stderr)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)

    print(
        f"GET /api/v1/infrastructure/ via Django test client, JWT, full middleware; "
        f"{args.requests} timed requests each after 3 warm-up"
    )
    print(
        f"database: {connection.vendor} {connection.Database.__name__}; "
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPU(s)"
    )
    print(
        f"{'rows':>7} {'page':>5} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x baseline':>11}"
    )
    for rows, by_size in results.items():
        for size, figures in by_size.items():
            base = results[args.baseline_rows][size]["median"]
            print(
                f"{rows:>7} {size:>5} {figures['median']:>10.2f} {figures['p95']:>8.2f} "
                f"{figures['queries']:>8} {figures['median'] / base:>10.2f}x"
            )


if __name__ == "__main__":
    main()
