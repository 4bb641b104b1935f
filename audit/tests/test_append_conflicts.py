"""An audit append that loses a race on MariaDB (a deadlock, a lock wait timeout, on
Galera a certification failure) runs again when it is its own transaction, and leaves the
retry to the caller inside the caller's transaction: never a lost row, never a row twice.
The race here is a real one: another connection holds the chain head's row lock."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, transaction

from audit import appending
from audit.models import AuditEvent, ChainHead
from audit.services import record
from audit.verification import verify_chain
from msp.db_errors import is_retryable_conflict

pytestmark = pytest.mark.django_db(transaction=True)


def _skip_unless_mariadb() -> None:
    if connection.vendor != "mysql":
        pytest.skip("needs a MariaDB DATABASE_URL: SQLite appenders queue on a file lock")


def _hold_head_lock(ready: threading.Event, seconds: float) -> threading.Thread:
    """Another client locks the events chain's head row for ``seconds``."""
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"],
        "port": int(settings["PORT"] or 3306),
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "database": settings["NAME"],
    }

    import MySQLdb  # only installed with requirements-mysql.txt

    def hold() -> None:
        other = MySQLdb.connect(**params)
        try:
            cursor = other.cursor()
            cursor.execute("START TRANSACTION")
            cursor.execute(
                f"SELECT id FROM {ChainHead._meta.db_table} WHERE name = %s FOR UPDATE",
                [AuditEvent.CHAIN],
            )
            ready.set()
            threading.Event().wait(seconds)
            cursor.execute("ROLLBACK")
        finally:
            other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    return thread


def _short_lock_wait() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION innodb_lock_wait_timeout = 1")


def test_an_append_that_timed_out_on_the_head_lock_runs_again_and_writes_one_row():
    _skip_unless_mariadb()
    record("before")  # the head exists and the chain has a row
    _short_lock_wait()
    ready = threading.Event()
    # Held longer than one lock wait (1 s) and shorter than all attempts together.
    holder = _hold_head_lock(ready, 1.6)
    assert ready.wait(10)
    try:
        event = record("after a lock wait timeout")
    finally:
        holder.join(10)
    rows = list(AuditEvent.objects.order_by("seq").values_list("event_type", "seq"))
    assert rows == [("before", 1), ("after a lock wait timeout", 2)]
    assert event.seq == 2
    report = verify_chain(AuditEvent)
    assert report.ok, report.problem


def test_inside_a_callers_transaction_the_conflict_goes_to_the_caller(monkeypatch):
    _skip_unless_mariadb()
    record("before")
    _short_lock_wait()
    ready = threading.Event()
    holder = _hold_head_lock(ready, 3)
    assert ready.wait(10)
    try:
        # Only the caller can run its own work again: the append must not retry within it.
        with pytest.raises(OperationalError) as raised, transaction.atomic():
            record("inside the caller's transaction")
    finally:
        holder.join(10)
    assert is_retryable_conflict(raised.value)
    assert list(AuditEvent.objects.values_list("event_type", flat=True)) == ["before"]
    assert verify_chain(AuditEvent).ok


def test_retries_are_bounded(monkeypatch):
    _skip_unless_mariadb()
    record("before")
    _short_lock_wait()
    monkeypatch.setattr(appending, "APPEND_ATTEMPTS", 2)
    ready = threading.Event()
    holder = _hold_head_lock(ready, 4)  # longer than two lock waits
    assert ready.wait(10)
    try:
        with pytest.raises(OperationalError) as raised:
            record("never written")
    finally:
        holder.join(10)
    assert is_retryable_conflict(raised.value)
    assert list(AuditEvent.objects.values_list("event_type", flat=True)) == ["before"]
    assert verify_chain(AuditEvent).ok
