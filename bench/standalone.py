"""Django set up for a bench that runs in-process (``python bench/<name>.py``): the
project on the path, production settings (``DEBUG`` off: with it on, Django logs every
query, and on SQLite has the database quote every parameter, which weighs on what the
benches time), and a throwaway var directory so that development keys, if any get
generated, never land in the checkout."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def setup_django(var_prefix: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msp.settings")
    os.environ.setdefault("MSP_VAR_DIR", tempfile.mkdtemp(prefix=var_prefix))
    os.environ.setdefault("DJANGO_DEBUG", "0")

    import django

    django.setup()


@contextmanager
def throwaway_database() -> Iterator[None]:
    """Django's test database (``test_<name>``), created for the block and dropped after
    it, so that a bench never touches real data."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
