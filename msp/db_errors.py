"""Which database errors mean "the database cannot be reached" (503, retry later) and
which are faults of this server (500, logged with their cause).

A missing table or a bad query is an ``OperationalError`` too on SQLite (and a
``ProgrammingError`` on MariaDB): answering those with 503 would send clients into
retries that can never succeed and hide the real fault from the operator.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

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
    args = getattr(cause, "args", ())
    if args and isinstance(args[0], int):
        return args[0] in MYSQL_UNAVAILABLE
    return False
