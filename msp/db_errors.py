"""Which database errors mean "the database cannot be reached" (503, retry later) and
which are faults of this server (500, logged with their cause).

A missing table or a bad query is an ``OperationalError`` too on SQLite (and a
``ProgrammingError`` on MariaDB): answering those with 503 would send clients into
retries that can never succeed and hide the real fault from the operator.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError, connections

# MariaDB/MySQL client and server error numbers that mean the server is unreachable, gone,
# shutting down or (Galera) not part of the primary component.
MYSQL_UNAVAILABLE = frozenset(
    {
        1040,  # too many connections
        1047,  # WSREP has not yet prepared node for application use
        1053,  # server shutdown in progress
        1205,  # lock wait timeout: busy, a retry can succeed
        1213,  # deadlock: a retry can succeed
        1927,  # connection was killed
        2002,  # cannot connect through the socket
        2003,  # cannot connect to the server
        2005,  # unknown server host
        2006,  # server has gone away
        2013,  # lost connection during query
        2055,  # lost connection at the system error
        4031,  # disconnected by the server for inactivity
    }
)

# Errors after which the server has rolled the whole transaction back and running it again
# can succeed: a deadlock, a lock wait timeout (the transaction's work is rolled back by
# whoever catches it, before the retry), and on Galera a write set that lost
# certification to another node's commit (reported as a deadlock, at COMMIT).
MYSQL_RETRYABLE_CONFLICT = frozenset({1205, 1213})

# SQLite result codes (primary, low byte) of a file that cannot be opened or is busy.
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_CANTOPEN = 14
SQLITE_UNAVAILABLE = frozenset({SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN})


def is_unavailable(exc: BaseException | None) -> bool:
    """True if ``exc`` says the database is unreachable or too busy right now."""
    if isinstance(exc, InterfaceError):
        # The driver's connection object is closed or broken.
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    sqlite_code = getattr(cause, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return sqlite_code & 0xFF in SQLITE_UNAVAILABLE
    return mysql_error_code(exc) in MYSQL_UNAVAILABLE


def mysql_error_code(exc: BaseException | None) -> int | None:
    """The server's (or client library's) error number of a MariaDB/MySQL error."""
    if exc is None:
        return None
    cause = exc.__cause__ or exc
    args = getattr(cause, "args", ())
    if args and isinstance(args[0], int):
        return args[0]
    return None


def is_retryable_conflict(exc: BaseException | None) -> bool:
    """True if ``exc`` lost a race with another transaction (deadlock, lock wait timeout,
    Galera certification failure): the transaction was rolled back and a new attempt
    from its start can succeed. Never true for a lost connection, whose COMMIT may have
    happened: running the work again could do it twice."""
    return isinstance(exc, OperationalError) and mysql_error_code(exc) in MYSQL_RETRYABLE_CONFLICT


def close_connections_after(exc: BaseException | None) -> None:
    """After an error that says the database is unreachable or not ready, close this
    thread's connections that are outside a transaction, so the next request opens a new
    one. Django drops a connection after an error only when it no longer answers a ping,
    and a Galera node that left the primary component (error 1047) still does: the
    persistent connection would keep answering 503 for its whole CONN_MAX_AGE, while a
    new connection through the load balancer reaches a node that is synced."""
    if not is_unavailable(exc):
        return
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
