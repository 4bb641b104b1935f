"""A database outage for tests: the default connection pointed where no database is,
then put back. Real failures of the real driver, not a mock: the code under test meets
the same OperationalError a stopped server gives."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def database_unreachable() -> Iterator[None]:
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-dir/msp.sqlite3"
    else:
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", 1  # nothing listens there
    try:
        yield
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)
