"""Appending a row to a chain: the hot path, run on every API request.

Appends are serialised by the chain's ``ChainHead`` row: ``SELECT ... FOR UPDATE`` on
MariaDB (a row lock; READ COMMITTED reads the committed head once the lock is granted)
and, on SQLite, the ``BEGIN IMMEDIATE`` that the settings give every transaction (one
writer at a time; SQLite has no ``FOR UPDATE``). Either way each appender sees the head
the previous appender committed, so concurrent requests form one gap-free chain.

The three statements are plain SQL built once from the models' metadata: through the
ORM they cost several times more than the database work itself, on every request.
Audit rows therefore send no ``pre_save``/``post_save`` signals.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from django.db import OperationalError, connections, router, transaction
from django.db.models import Field, JSONField

try:
    import fcntl
except ImportError:  # Windows: SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]

from audit.chain import (
    ChainError,
    canonical_fields,
    head_mac,
    head_problem,
    hmac_key,
    link_mac,
)
from audit.models import ChainedRecord, ChainHead
from msp.db_errors import is_retryable_conflict

R = TypeVar("R", bound=ChainedRecord)

logger = logging.getLogger(__name__)

# An append that is its own transaction runs again when it lost a race (deadlock, lock
# wait timeout, and on Galera a certification failure at COMMIT when another node wrote
# the head first): the server rolled it back whole, so the row was not written and the
# next attempt links it to the head as it is then. A row is neither lost nor written twice.
APPEND_ATTEMPTS = 4

_HEAD_FIELDS = tuple(ChainHead._meta.concrete_fields)


@dataclass(frozen=True)
class _Statements:
    select_head: str
    insert_row: str
    update_head: str
    row_fields: tuple[Field, ...]
    # Where seq, prev_mac and mac go in the insert's parameters.
    link_params: dict[str, int]


@lru_cache(maxsize=16)
def _statements(model: type[ChainedRecord], alias: str) -> _Statements:
    connection = connections[alias]
    quote = connection.ops.quote_name
    head_table = quote(ChainHead._meta.db_table)

    def head_column(name: str) -> str:
        return quote(ChainHead._meta.get_field(name).column)

    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    row_fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    head_columns = ", ".join(quote(f.column) for f in _HEAD_FIELDS)
    row_table = quote(model._meta.db_table)
    row_columns = ", ".join(quote(f.column) for f in row_fields)
    placeholders = ", ".join(["%s"] * len(row_fields))
    last_seq, last_mac, mac, pk, name = (
        head_column(n) for n in ("last_seq", "last_mac", "head_mac", "id", "name")
    )
    assignments = f"{last_seq} = %s, {last_mac} = %s, {mac} = %s"
    # Only quoted identifiers from model metadata go into the text; values are parameters.
    return _Statements(
        select_head=f"SELECT {head_columns} FROM {head_table} WHERE {name} = %s{lock}",  # noqa: S608
        insert_row=f"INSERT INTO {row_table} ({row_columns}) VALUES ({placeholders})",  # noqa: S608
        update_head=f"UPDATE {head_table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
        row_fields=row_fields,
        link_params={
            f.attname: i
            for i, f in enumerate(row_fields)
            if f.attname in ("seq", "prev_mac", "mac")
        },
    )


def _create_head(model: type[ChainedRecord], alias: str) -> None:
    # Heads come from the initial migration; this covers a database flushed since (as
    # transactional tests do). An upsert, not get_or_create: inside a caller's
    # transaction, on InnoDB, a plain INSERT that meets a concurrent creator's row keeps
    # a shared lock, and two appenders then upgrading to FOR UPDATE deadlock; ON
    # DUPLICATE KEY UPDATE locks exclusively, so concurrent creators queue instead.
    features = connections[alias].features
    ChainHead.objects.using(alias).bulk_create(
        [ChainHead(name=model.CHAIN)],
        update_conflicts=True,
        update_fields=["name"],
        unique_fields=["name"] if features.supports_update_conflicts_with_target else None,
    )


class _HeadMissing(Exception):
    pass


def _locked_head(
    model: type[ChainedRecord], alias: str, sql: _Statements, created: bool
) -> ChainHead:
    """The chain's head, locked until the surrounding transaction ends."""
    with connections[alias].cursor() as cursor:
        cursor.execute(sql.select_head, [model.CHAIN])
        values = cursor.fetchone()
    if values is None:
        raise _HeadMissing
    head = ChainHead.from_db(alias, [f.attname for f in _HEAD_FIELDS], values)
    # A head created over existing rows would restart the chain at seq 1 and hide
    # whatever removed the old head. Checked under the lock, so that a concurrent first
    # append is not mistaken for that. (A head reset by hand is caught by the unique seq
    # and by verify_audit, without a query on every append.)
    if created and head.is_genesis and model.objects.using(alias).exists():
        raise ChainError(f"chain {model.CHAIN!r} has rows but no head row")
    return head


@contextmanager
def _transaction(alias: str) -> Iterator[None]:
    """``transaction.atomic``, minus one round trip on MariaDB/MySQL when no transaction
    is open: there Django turns autocommit off and back on around it (three round trips
    with the COMMIT), while START TRANSACTION ... COMMIT takes two. On every request,
    over a network, that round trip is worth saving."""
    connection = connections[alias]
    if (
        connection.vendor != "mysql"
        or connection.in_atomic_block
        or not connection.get_autocommit()
    ):
        with transaction.atomic(using=alias):
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("START TRANSACTION")
        try:
            yield
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")


@contextmanager
def _sqlite_append_lock(alias: str) -> Iterator[None]:
    """On SQLite, appenders of every process queue on an OS file lock before BEGIN.

    Without it they queue in SQLite's busy handler, which polls with sleeps of 1, 2, 5...
    ms: far longer than an append holds the write lock, so under concurrent requests the
    waiting, not the writing, dominated. ``flock`` wakes the next appender as soon as
    the lock is released. Skipped inside a caller's transaction, which may already hold
    SQLite's write lock: waiting for the file lock while holding it could deadlock with
    an appender that holds the file lock and waits for SQLite's."""
    connection = connections[alias]
    path = _sqlite_lock_path(connection.settings_dict.get("NAME"))
    if fcntl is None or connection.vendor != "sqlite" or connection.in_atomic_block or path is None:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _sqlite_lock_path(name: Any) -> str | None:
    text = str(name or "")
    if not text or text == ":memory:" or text.startswith("file:"):
        return None
    return f"{text}-audit.lock"


def _normalised(model: type[R], fields: dict[str, Any]) -> R:
    row = model(**fields)
    opts = model._meta
    for name in model.MAC_FIELDS:
        # What the database will hand back (e.g. "5" for 5, {"3": x} for {3: x}), so
        # that the MAC still matches when the row is read back.
        field = opts.get_field(name)
        value = field.to_python(getattr(row, name))
        if isinstance(field, JSONField):
            value = json.loads(json.dumps(value, cls=field.encoder, allow_nan=False))
        setattr(row, name, value)
    return row


def _append_locked(
    model: type[ChainedRecord],
    row: ChainedRecord,
    key: bytes,
    alias: str,
    sql: _Statements,
    mac_fields: bytes,
    params: list[Any],
    created: bool,
) -> None:
    connection = connections[alias]
    with _transaction(alias):
        head = _locked_head(model, alias, sql, created)
        if problem := head_problem(key, head):
            # Re-sealing a tampered head would launder the tampering: refuse, loudly.
            raise ChainError(f"chain {model.CHAIN!r}: {problem}")
        row.seq = head.last_seq + 1
        row.prev_mac = head.last_mac
        row.mac = link_mac(key, model.CHAIN, row.seq, row.prev_mac, mac_fields)
        for name, index in sql.link_params.items():
            params[index] = getattr(row, name)
        head.last_seq, head.last_mac = row.seq, row.mac
        head.head_mac = head_mac(key, head)
        with connection.cursor() as cursor:
            cursor.execute(sql.insert_row, params)
            row.pk = connection.ops.last_insert_id(
                cursor, model._meta.db_table, model._meta.pk.column
            )
            cursor.execute(sql.update_head, [head.last_seq, head.last_mac, head.head_mac, head.pk])


def append(model: type[R], fields: dict[str, Any]) -> R:
    """Insert one row at the end of ``model``'s chain and return it (saved, with pk)."""
    key = hmac_key()
    row = _normalised(model, fields)
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql = _statements(model, alias)
    # Everything that does not depend on the row's place in the chain is done before the
    # lock is taken: the lock serialises every API request's append.
    mac_fields = canonical_fields(row.chain_values())
    params = [f.get_db_prep_save(getattr(row, f.attname), connection) for f in sql.row_fields]
    created = False
    # Inside a caller's transaction a conflict rolls back the caller's work too: only the
    # caller can run it again, so the error goes up (a 503 with Retry-After for a request).
    attempts = 1 if connection.in_atomic_block else APPEND_ATTEMPTS
    attempt = 1
    while True:
        try:
            with _sqlite_append_lock(alias):
                _append_locked(model, row, key, alias, sql, mac_fields, params, created)
            break
        except OperationalError as exc:
            if attempt >= attempts or not is_retryable_conflict(exc):
                raise
            logger.info("audit append to %s: retrying after a conflict (%s)", model.CHAIN, exc)
            # A little jitter, so that the losers of one race do not meet again at once.
            time.sleep(random.uniform(0.005, 0.02) * attempt)  # noqa: S311 - not a secret
            attempt += 1
        except _HeadMissing:
            if created:
                raise ChainError(f"chain {model.CHAIN!r}: head row vanished") from None
            # Outside the appending transaction: on MariaDB that one is begun by hand,
            # and the ORM write would commit it half-way.
            _create_head(model, alias)
            created = True
    row._state.adding = False
    row._state.db = alias
    return row
