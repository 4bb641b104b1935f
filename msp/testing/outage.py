"""The default connection pointed elsewhere for a test, then put back: at no database at
all (an outage), or at one node of a cluster past its load balancer. Real failures of
the real driver, not a mock: the code under test meets the same OperationalError a
stopped server gives."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from django.db import connection


@contextmanager
def connection_settings(**overrides: Any) -> Iterator[None]:
    """The default connection with ``overrides`` of its settings (``HOST``, ``PORT``,
    ``NAME``...), reconnected on first use and restored afterwards."""
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    settings_dict.update(overrides)
    try:
        yield
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)


def database_unreachable() -> AbstractContextManager[None]:
    if connection.vendor == "sqlite":
        return connection_settings(NAME="/nonexistent-dir/msp.sqlite3")
    return connection_settings(HOST="127.0.0.1", PORT=1)  # nothing listens there
