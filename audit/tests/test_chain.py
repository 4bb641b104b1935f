from datetime import UTC, datetime, timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.test import RequestFactory

from audit.appending import append
from audit.chain import ChainError
from audit.models import GENESIS_MAC, ApiRequestLog, AuditEvent, ChainHead
from audit.services import record
from audit.tests.factories import make_event, make_request_log
from audit.verification import verify_chain

pytestmark = pytest.mark.django_db


def verify(*args) -> str:
    """verify_audit's failure message, or "" when it passes."""
    try:
        call_command("verify_audit", *args, stdout=StringIO())
    except CommandError as exc:
        return str(exc)
    return ""


def test_appends_form_a_chain_that_verifies(capsys):
    events = [make_event(details={"n": n}) for n in range(5)]
    logs = [make_request_log() for _ in range(3)]
    assert [e.seq for e in events] == list(range(events[0].seq, events[0].seq + 5))
    assert events[0].prev_mac == GENESIS_MAC or events[0].seq > 1
    for before, after in pairwise(events):
        assert after.prev_mac == before.mac
    head = ChainHead.objects.get(name="events")
    assert (head.last_seq, head.last_mac) == (events[-1].seq, events[-1].mac)
    assert logs[-1].seq == ChainHead.objects.get(name="requests").last_seq
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "OK events: 5 rows verified" in out
    assert "OK requests: 3 rows verified" in out


def test_values_read_back_from_the_database_still_verify():
    """What is MACed on append must be what either database hands back."""
    make_event(
        "x.y",
        actor_id=42,
        actor_repr="Zoë 🦄",
        ip_address="2001:db8::1",
        target_type="msp.credential",
        target_id="7",
        timestamp=datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=UTC),
        details={
            "float": 0.1 + 0.2,
            "big": 2**62,
            3: "int key",
            "nested": [{"b": None, "a": True}, "trailing  ", "é"],
        },
    )
    user = get_user_model().objects.create_user(username="zoë")
    record(
        "x" * 70,
        actor=user,
        target=user,
        details={
            "float": 0.1 + 0.2,
            "big": 2**62,
            3: "int key",
            "nested": [{"b": None, "a": True}, "trailing  ", "nul\x00byte", "lone \udc80"],
            "inf": float("inf"),
            "when": datetime(2024, 1, 1, tzinfo=UTC),
            "set": {1},
        },
        request=RequestFactory().get("/", REMOTE_ADDR="2001:DB8:0:0::1"),
    )
    make_request_log(
        timestamp=datetime(2024, 3, 1, 0, 0, 0, tzinfo=UTC),
        response_time_ms=(0.1 + 0.2) * 1000 / 3,
        request_body="é\x00\udc80𝄞 ",
        ip_address="::ffff:198.51.100.7",
        user_agent="ua " * 300,
    )
    assert verify() == ""
    row = ApiRequestLog.objects.latest("seq")
    assert row.ip_address == "198.51.100.7"
    event = AuditEvent.objects.latest("seq")
    assert event.ip_address == "2001:db8::1"
    assert event.details["3"] == "int key" and event.details["inf"] == "inf"
    assert len(event.event_type) == 64
    assert len(row.user_agent) <= 512


def test_edited_row_is_named():
    events = [make_event() for _ in range(5)]
    AuditEvent.objects.filter(pk=events[2].pk).update(actor_repr="somebody else")
    message = verify("--chain", "events")
    assert f"events: seq {events[2].seq} edited" in message


def test_edited_request_log_is_named():
    logs = [make_request_log() for _ in range(4)]
    ApiRequestLog.objects.filter(pk=logs[1].pk).update(response_status=200 + 1)
    assert f"requests: seq {logs[1].seq} edited" in verify()


def test_deleted_middle_row_is_named():
    events = [make_event() for _ in range(5)]
    events[2].delete()
    assert f"events: seq {events[2].seq} deleted" in verify()


def test_deleted_tail_rows_are_named():
    events = [make_event() for _ in range(5)]
    AuditEvent.objects.filter(seq__gte=events[3].seq).delete()
    message = verify()
    assert f"events: seq {events[3].seq} deleted" in message
    assert "head says" in message


def test_forged_row_past_the_head_is_named():
    events = [make_event() for _ in range(3)]
    forged = AuditEvent.objects.create(
        seq=events[-1].seq + 1,
        prev_mac=events[-1].mac,
        mac="f" * 64,
        timestamp=events[-1].timestamp,
        event_type="auth.login_succeeded",
    )
    assert f"events: seq {forged.seq} inserted" in verify()


def test_forged_replacement_row_is_named():
    events = [make_event() for _ in range(3)]
    events[1].delete()
    AuditEvent.objects.create(
        seq=events[1].seq,
        prev_mac=events[0].mac,
        mac=events[1].mac,
        timestamp=events[1].timestamp,
        event_type="nothing.happened",
    )
    assert f"events: seq {events[1].seq} edited" in verify()


def test_relinked_row_is_named():
    events = [make_event() for _ in range(3)]
    AuditEvent.objects.filter(pk=events[2].pk).update(prev_mac="0" * 64)
    assert f"events: seq {events[2].seq} inserted" in verify()


def test_head_moved_back_to_hide_deleted_tail_is_named():
    events = [make_event() for _ in range(4)]
    AuditEvent.objects.filter(seq=events[-1].seq).delete()
    ChainHead.objects.filter(name="events").update(last_seq=events[-2].seq, last_mac=events[-2].mac)
    assert "events: seq" in verify() and "head row edited" in verify()


def test_tampered_head_refuses_appends():
    make_event()
    ChainHead.objects.filter(name="events").update(last_seq=0)
    with pytest.raises(ChainError, match="head row edited"):
        make_event()


def test_missing_head_is_recreated_only_for_an_empty_chain():
    ChainHead.objects.filter(name="events").delete()
    first = make_event()
    assert first.seq == 1 and first.prev_mac == GENESIS_MAC
    ChainHead.objects.filter(name="events").delete()
    with pytest.raises(ChainError, match="has rows but no head row"):
        make_event()
    assert "events: seq 1 head" in verify()


def test_prune_keeps_the_rest_verifiable(capsys):
    now = datetime.now(UTC)
    old = [make_event(timestamp=now - timedelta(days=40 - n)) for n in range(5)]
    young = [make_event(timestamp=now - timedelta(days=1)) for _ in range(3)]
    # An old row after a young one stays: rows only ever go from the start of a chain.
    late = make_event(timestamp=now - timedelta(days=90))
    logs = [make_request_log(timestamp=now - timedelta(days=60)) for _ in range(3)]
    call_command("prune_audit", "--older-than", "30")
    out = capsys.readouterr().out
    assert "events: 5 rows older than 30 days deleted" in out
    assert "requests: 3 rows" in out
    remaining = set(AuditEvent.objects.values_list("seq", flat=True))
    assert not remaining & {e.seq for e in old}
    assert {e.seq for e in young} | {late.seq} <= remaining
    head = ChainHead.objects.get(name="events")
    assert (head.anchor_seq, head.anchor_mac) == (old[-1].seq, old[-1].mac)
    assert not ApiRequestLog.objects.filter(seq__lte=logs[-1].seq).exists()
    pruned = AuditEvent.objects.get(event_type="audit.pruned")
    assert pruned.details["deleted"] == {"requests": 3, "events": 5}
    assert verify() == ""
    # The rows before the anchor are gone for good: one put back is an insertion.
    AuditEvent.objects.create(
        seq=old[0].seq,
        prev_mac=old[0].prev_mac,
        mac=old[0].mac,
        timestamp=old[0].timestamp,
        event_type=old[0].event_type,
    )
    assert f"events: seq {old[0].seq} inserted" in verify()


def test_prune_in_batches_and_one_chain_only():
    from audit.pruning import prune_chain

    old = datetime.now(UTC) - timedelta(days=10)
    events = [make_event(timestamp=old) for _ in range(7)]
    make_request_log(timestamp=old)
    assert prune_chain(AuditEvent, datetime.now(UTC), batch_size=3) == 7
    head = ChainHead.objects.get(name="events")
    assert head.anchor_seq == head.last_seq == events[-1].seq
    assert ApiRequestLog.objects.count() == 1
    make_event()
    assert verify() == ""


def test_prune_refuses_to_delete_tampered_rows():
    old = datetime.now(UTC) - timedelta(days=10)
    events = [make_event(timestamp=old) for _ in range(3)]
    AuditEvent.objects.filter(pk=events[1].pk).update(event_type="edited")
    with pytest.raises(CommandError, match=f"seq {events[1].seq}"):
        call_command("prune_audit", "--older-than", "1", "--chain", "events")
    assert AuditEvent.objects.filter(pk=events[1].pk).exists()


def test_export_writes_json_lines(tmp_path):
    import json

    make_event("auth.login_failed", details={"username": "bob"})
    make_event(timestamp=datetime(2020, 1, 1, tzinfo=UTC))
    make_request_log(request_body='{"a": 1}')
    target = tmp_path / "audit.jsonl"
    call_command("export_audit", "--output", str(target), stderr=StringIO())
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert [row["chain"] for row in rows] == ["requests", "events", "events"]
    assert rows[1]["details"] == {"username": "bob"}
    assert {"seq", "prev_mac", "mac", "timestamp"} <= set(rows[0])
    assert rows[2]["timestamp"] == "2020-01-01T00:00:00.000000Z"
    assert rows[2]["prev_mac"] == rows[1]["mac"]

    call_command(
        "export_audit",
        "--chain",
        "events",
        "--since",
        "2021-01-01",
        "--output",
        str(target),
        stderr=StringIO(),
    )
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert [row["event_type"] for row in rows] == ["auth.login_failed"]
    with pytest.raises(CommandError, match="not an ISO 8601"):
        call_command("export_audit", "--since", "yesterday")


def test_verify_streams_in_batches(monkeypatch):
    monkeypatch.setattr("audit.verification.BATCH_SIZE", 2)
    from audit import verification

    events = [make_event() for _ in range(7)]
    rows = list(verification.chain_rows(AuditEvent, after_seq=0, batch_size=2))
    assert [row[0] for row in rows][-7:] == [e.seq for e in events]
    assert verify_chain(AuditEvent).ok


def test_append_normalises_what_the_database_would():
    event = append(AuditEvent, {"timestamp": datetime.now(UTC), "event_type": "x", "target_id": 5})
    assert event.target_id == "5"
    assert verify() == ""


def test_head_reset_by_hand_is_caught():
    events = [make_event() for _ in range(3)]
    ChainHead.objects.filter(name="events").update(last_seq=0, last_mac=GENESIS_MAC, head_mac="")
    with pytest.raises(IntegrityError):
        make_event()
    assert f"events: seq {events[0].seq} head" in verify()


def test_every_append_costs_the_same_queries(django_assert_num_queries):
    # Savepoint, locked head, insert, head update, release: the first append included.
    with django_assert_num_queries(5):
        make_event()
    with django_assert_num_queries(5):
        make_event()
