"""Against the live three-node Galera cluster of bench/cluster/cluster.sh (skipped
without it): a desynced node fails /healthz, a node that rejects queries gives a JSON 503
and a new connection for the next request, and an audit append that loses certification
to another node's commit runs again and writes its row once.

    bash bench/cluster/cluster.sh start
    export $(grep ^DATABASE_URL= /tmp/msp-galera/app.env)    # HAProxy's writer port
    MSP_GALERA_DIR=/tmp/msp-galera .venv/bin/pytest -n 0 msp/tests/test_galera_cluster.py
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from audit import appending
from audit.models import AuditEvent, ChainHead
from audit.services import record
from audit.verification import verify_chain
from msp.testing.outage import connection_settings

GALERA_DIR = os.environ.get("MSP_GALERA_DIR", "")
NODES = (1, 2, 3)

pytestmark = [
    pytest.mark.skipif(
        not GALERA_DIR or not Path(GALERA_DIR, "node1", "mysqld.sock").exists(),
        reason="needs the Galera cluster of bench/cluster/cluster.sh (MSP_GALERA_DIR unset "
        "or not running); .ci/run starts it after the two suite runs",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _on_the_cluster():
    if connection.vendor != "mysql" or int(connection.settings_dict["PORT"] or 0) != 3400:
        pytest.skip("DATABASE_URL must point at the cluster's writer port (app.env)")


def root_sql(node: int, sql: str) -> list[tuple]:
    """As root, over the node's own socket (auth by socket: the tests run as root)."""
    import MySQLdb

    db = MySQLdb.connect(unix_socket=f"{GALERA_DIR}/node{node}/mysqld.sock", user="root")
    try:
        cursor = db.cursor()
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        db.close()


def node_status(node: int) -> dict[str, str]:
    return dict(root_sql(node, "SHOW GLOBAL STATUS LIKE 'wsrep_%'"))


def wait_synced(node: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if node_status(node).get("wsrep_local_state") == "4":
            return
        time.sleep(0.2)
    raise AssertionError(f"node{node} not synced within {seconds} s")


def writer_node() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT @@wsrep_node_name")
        return int(cursor.fetchone()[0].removeprefix("node"))


def other_node() -> int:
    writer = writer_node()
    return next(n for n in NODES if n != writer)


def connected_to(node: int):
    """The default connection to one node directly, past HAProxy, then back."""
    return connection_settings(HOST="127.0.0.1", PORT=str(3400 + node))


def test_healthz_answers_503_on_a_desynced_node_and_200_once_it_is_synced_again():
    node = other_node()
    with connected_to(node):
        assert Client().get("/healthz").status_code == 200
        root_sql(node, "SET GLOBAL wsrep_desync = ON")
        try:
            response = Client().get("/healthz")
            assert response.status_code == 503, response.content
            assert response["Retry-After"]
            assert "not synced" in response.json()["database"]
            # The probe drops the connection: the next one may go to a synced node.
            assert connection.connection is None
        finally:
            root_sql(node, "SET GLOBAL wsrep_desync = OFF")
        wait_synced(node)
        assert Client().get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_a_node_rejecting_queries_gives_a_json_503_and_the_next_request_a_new_connection():
    node = other_node()
    body = {"username": "nobody", "password": "wrong password"}
    with connected_to(node):
        client = Client()
        with connection.cursor() as cursor:  # open the connection before the node refuses
            cursor.execute("SELECT 1")
        root_sql(node, "SET GLOBAL wsrep_reject_queries = ALL")
        try:
            response = client.post("/api/v1/auth/token/", body, content_type="application/json")
            assert response.status_code == 503, response.content
            assert response["Content-Type"].startswith("application/json")
            assert response["Retry-After"]
            assert response.json()["code"] == "database_unavailable"
            # The node still answers pings: without closing, the persistent connection
            # would keep failing until CONN_MAX_AGE.
            assert connection.connection is None
        finally:
            root_sql(node, "SET GLOBAL wsrep_reject_queries = NONE")
        response = client.post("/api/v1/auth/token/", body, content_type="application/json")
        assert response.status_code in (400, 401), response.content


def test_an_append_that_lost_certification_runs_again_and_writes_one_row(monkeypatch):
    import MySQLdb

    record("before")
    other = other_node()
    settings_dict = connection.settings_dict
    head_table = ChainHead._meta.db_table
    attempts: list[int] = []
    original = appending._locked_head

    def conflicting_commit_on_another_node() -> None:
        # Changes the head row and puts it back: the write set carries the row's key, so
        # the writer's transaction, which holds the same row, loses certification.
        db = MySQLdb.connect(
            host="127.0.0.1",
            port=3400 + other,
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"],
            database=settings_dict["NAME"],
        )
        try:
            cursor = db.cursor()
            cursor.execute("START TRANSACTION")
            for delta in ("+ 1", "- 1"):
                cursor.execute(
                    f"UPDATE {head_table} SET last_seq = last_seq {delta} WHERE name = %s",
                    [AuditEvent.CHAIN],
                )
            cursor.execute("COMMIT")
        finally:
            db.close()

    def locked_head(*args, **kwargs):
        head = original(*args, **kwargs)
        attempts.append(1)
        if len(attempts) == 1:
            conflicting_commit_on_another_node()
        return head

    monkeypatch.setattr(appending, "_locked_head", locked_head)
    event = record("after a certification failure")
    assert len(attempts) == 2, "the first attempt should have lost certification"
    assert list(AuditEvent.objects.order_by("seq").values_list("event_type", "seq")) == [
        ("before", 1),
        ("after a certification failure", 2),
    ]
    assert event.seq == 2
    report = verify_chain(AuditEvent)
    assert report.ok, report.problem
