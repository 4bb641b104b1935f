"""What the app does with the errors a Galera cluster adds to a single server's: the
health check's reading of a node's state, and which errors are retried or answered 503.
The live counterparts (a desynced node, a node rejecting queries, a lost certification)
are in test_galera_cluster.py, run against bench/cluster/cluster.sh."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, OperationalError

from msp.db_errors import is_retryable_conflict, is_unavailable
from msp.health import galera_problem

SYNCED = {
    "wsrep_local_state": "4",
    "wsrep_local_state_comment": "Synced",
    "wsrep_cluster_status": "Primary",
    "wsrep_ready": "ON",
}


def test_a_standalone_server_has_no_galera_problem():
    assert galera_problem({}) is None
    # What a MariaDB without the provider answers to the health check's query.
    assert galera_problem({"wsrep_cluster_status": "Disconnected", "wsrep_ready": "OFF"}) is None


def test_only_a_synced_primary_ready_node_is_healthy():
    assert galera_problem(SYNCED) is None
    assert galera_problem({k.upper(): v for k, v in SYNCED.items()}) is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"wsrep_local_state": "2", "wsrep_local_state_comment": "Donor/Desynced"}, "Donor"),
        ({"wsrep_local_state": "1", "wsrep_local_state_comment": "Joining"}, "Joining"),
        ({"wsrep_local_state": "3", "wsrep_local_state_comment": "Joined"}, "Joined"),
        ({"wsrep_cluster_status": "non-Primary"}, "primary component"),
        ({"wsrep_cluster_status": "Disconnected"}, "primary component"),
        ({"wsrep_ready": "OFF"}, "not ready"),
    ],
)
def test_a_node_that_is_not_synced_in_the_primary_component_is_unhealthy(changes, reason):
    problem = galera_problem({**SYNCED, **changes})
    assert problem is not None
    assert reason in problem


def _django_error(code: int) -> OperationalError:
    # As Django's wrapper raises it: the driver's exception (mysqlclient's, with the
    # same arguments; not importable where only SQLite is installed) is the cause.
    error = OperationalError(code, "message")
    error.__cause__ = Exception(code, "message")
    return error


@pytest.mark.parametrize("code", [1205, 1213])
def test_a_lost_race_is_retried_and_otherwise_a_503(code):
    assert is_retryable_conflict(_django_error(code))
    assert is_unavailable(_django_error(code))


@pytest.mark.parametrize("code", [1047, 2006, 2013, 1927])
def test_a_lost_connection_or_a_node_not_ready_is_a_503_but_never_rerun(code):
    # A COMMIT may have happened before the connection was lost: running the work again
    # could write it twice. The client retries after the 503 instead (the hook client
    # resends the same delivery, which the server merges).
    assert not is_retryable_conflict(_django_error(code))
    assert is_unavailable(_django_error(code))


def test_other_errors_are_neither():
    assert not is_retryable_conflict(IntegrityError(1062, "Duplicate entry"))
    assert not is_retryable_conflict(_django_error(1146))  # no such table: a 500
    assert not is_unavailable(_django_error(1146))
