"""``/healthz``: public liveness and database readiness for load balancers."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Present only where the Galera provider is loaded: on a standalone MariaDB (and on MySQL)
# the query answers without ``wsrep_local_state`` and the node counts as ready.
GALERA_STATUS_SQL = (
    "SHOW GLOBAL STATUS WHERE Variable_name IN "
    "('wsrep_local_state', 'wsrep_local_state_comment', 'wsrep_cluster_status', 'wsrep_ready')"
)
GALERA_SYNCED = "4"


def galera_problem(status: Mapping[str, str]) -> str | None:
    """Why a Galera node must not serve the application, or None when it may: only a
    node that is Synced (wsrep_local_state 4) in the Primary component with wsrep_ready
    ON answers reads that are current and accepts writes. A joiner, a donor, a desynced
    node or one cut off from the majority is taken out, like an unreachable one."""
    status = {name.lower(): value for name, value in status.items()}
    if "wsrep_local_state" not in status:
        return None
    cluster = status.get("wsrep_cluster_status", "")
    state = status.get("wsrep_local_state_comment") or status["wsrep_local_state"]
    if cluster != "Primary":
        return f"galera node not in the primary component ({cluster or 'unknown'})"
    if status["wsrep_local_state"] != GALERA_SYNCED:
        return f"galera node not synced ({state})"
    if status.get("wsrep_ready") != "ON":
        return "galera node not ready"
    return None


def _unavailable(reason: str) -> JsonResponse:
    return JsonResponse(
        {"status": "unavailable", "database": reason},
        status=503,
        headers={"Retry-After": "5"},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
            status: dict[str, str] = {}
            if connection.vendor == "mysql":
                cursor.execute(GALERA_STATUS_SQL)
                status = dict(cursor.fetchall())
    except DatabaseError:
        # Drop the broken connection so the next probe reconnects by itself.
        connection.close_if_unusable_or_obsolete()
        return _unavailable("unreachable")
    if problem := galera_problem(status):
        # A new connection (through the load balancer) may reach a node that is synced;
        # this one would stay on the node that is not.
        if not connection.in_atomic_block:
            connection.close()
        return _unavailable(problem)
    return JsonResponse({"status": "ok", "database": "ok"})
