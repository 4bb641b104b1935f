"""Fresh, empty databases and ``manage.py`` runs in child processes: for tests that must
see what an operator sees (``migrate`` on an empty database, a server started for real)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


@contextmanager
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """A ``DATABASE_URL`` of an empty database on the backend the tests run on; dropped
    afterwards (MariaDB) or left in ``tmp_path`` (SQLite)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    name = f"msp_fresh_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        yield urlunsplit(urlsplit(settings.DATABASE_URL)._replace(path="/" + name))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")


def child_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSP_", "DJANGO_"))}
    env.update(
        DATABASE_URL=database_url,
        MSP_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="msp.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """``manage.py *args`` in a child process; output captured, never raises on failure."""
    return subprocess.run(  # noqa: S603  (this interpreter, this repository's manage.py)
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def current_database_url() -> str:
    """A ``DATABASE_URL`` of the database this test runs on (the test database), for a
    child process that must see what a transactional test committed."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    return urlunsplit(urlsplit(settings.DATABASE_URL)._replace(path="/" + config["NAME"]))
