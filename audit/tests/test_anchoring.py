"""Cutting off the end of a chain, or deleting the whole of it with its head, is found:
by the other chain's anchors, by the events' request ids, or by an anchor file kept
outside the database. What cannot be found is stated in docs/security.md."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.anchoring import ANCHOR_EVENT, REQUEST_GRACE, cross_anchor
from audit.models import ApiRequestLog, AuditEvent, ChainHead
from audit.tests.factories import make_event, make_request_log

pytestmark = pytest.mark.django_db


def verify(*args) -> str:
    """verify_audit's failure message, or "" when it passes."""
    try:
        call_command("verify_audit", *args, stdout=StringIO(), stderr=StringIO())
    except CommandError as exc:
        return str(exc)
    return ""


def wipe(model) -> None:
    """What an intruder with database access does: the rows and the head, all gone."""
    model.objects.all().delete()
    ChainHead.objects.filter(name=model.CHAIN).delete()


@pytest.fixture
def trails():
    for n in range(3):
        make_request_log(request_id=f"req-{n}")
        make_event(details={"n": n})
    assert verify("--record-anchors") == ""
    # Work after the anchors.
    make_request_log(request_id="req-after")
    make_event(details={"n": "after"})


def test_record_anchors_puts_each_head_in_the_other_chain(trails):
    anchor = AuditEvent.objects.get(event_type=ANCHOR_EVENT)
    assert anchor.details == {"requests": {"seq": 3, "mac": ApiRequestLog.objects.get(seq=3).mac}}
    row = ApiRequestLog.objects.get(http_method="ANCHOR")
    assert json.loads(row.request_body) == {"events": {"seq": anchor.seq, "mac": anchor.mac}}
    assert verify() == ""


def test_record_anchors_needs_every_chain():
    assert "--record-anchors needs --chain all" in verify("--chain", "events", "--record-anchors")


def test_whole_request_log_deleted_with_its_head_is_found(trails):
    wipe(ApiRequestLog)
    failure = verify()
    assert "requests: the events chain's last anchor records seq 3" in failure
    assert "the chain has no head" in failure


def test_whole_events_chain_deleted_with_its_head_is_found(trails):
    wipe(AuditEvent)
    assert "events: the request log's last anchor records seq 4" in verify()


def test_events_tail_cut_and_an_older_sealed_head_put_back_is_found():
    for n in range(3):
        make_event(details={"n": n})
    old_head = ChainHead.objects.values().get(name="events")  # a backup of the head row
    make_event(details={"n": "to hide"})
    cross_anchor()  # the request log now records the events chain up to seq 5
    anchors = AuditEvent.objects.filter(seq__gt=old_head["last_seq"])
    anchors.delete()
    ChainHead.objects.filter(name="events").update(**old_head)
    assert "events: seqs 4..5 deleted" in verify()


def test_events_whose_requests_are_gone_show_a_wiped_request_log():
    long_ago = datetime.now(UTC) - REQUEST_GRACE - timedelta(minutes=1)
    make_request_log(request_id="abc123", timestamp=long_ago)
    make_event("credential.reveal", request_id="abc123", timestamp=long_ago)
    assert verify() == ""
    wipe(ApiRequestLog)
    assert "request abc123 of event seq 1 is not in the request log" in verify()


def test_an_event_of_a_request_still_being_answered_is_not_a_finding():
    make_event("credential.reveal", request_id="in-flight")
    assert verify() == ""


def test_requests_pruned_on_purpose_are_not_findings():
    long_ago = datetime.now(UTC) - timedelta(days=400)
    make_request_log(request_id="old-request", timestamp=long_ago)
    make_event("credential.reveal", request_id="old-request", timestamp=long_ago)
    make_request_log(request_id="new-request")
    call_command("prune_audit", "--older-than", "365", "--chain", "requests", stdout=StringIO())
    assert verify() == ""


# --- anchor files kept outside the database ---------------------------------------------


def export_anchor(path) -> str:
    err = StringIO()
    call_command("export_audit", "--anchor", str(path), "--anchor-only", stderr=err)
    return err.getvalue()


def test_export_audit_writes_and_prints_the_heads(tmp_path):
    events = [make_event() for _ in range(2)]
    make_request_log()
    printed = export_anchor(tmp_path / "anchor.json")
    assert f"anchor events: seq 2 mac {events[-1].mac}" in printed
    document = json.loads((tmp_path / "anchor.json").read_text())
    assert document["chains"]["events"]["last_seq"] == 2
    assert document["chains"]["requests"]["last_mac"] == ApiRequestLog.objects.get().mac


def test_export_with_rows_and_an_anchor(tmp_path):
    make_event()
    out = StringIO()
    call_command(
        "export_audit", "--anchor", str(tmp_path / "a.json"), stdout=out, stderr=StringIO()
    )
    assert json.loads(out.getvalue().splitlines()[0])["seq"] == 1
    assert (tmp_path / "a.json").exists()


def test_anchor_file_proves_nothing_was_removed_before_it(tmp_path):
    for _ in range(3):
        make_event()
        make_request_log()
    export_anchor(tmp_path / "anchor.json")
    make_event()
    out = StringIO()
    call_command("verify_audit", "--anchor", str(tmp_path / "anchor.json"), stdout=out)
    assert "every anchored row is there" in out.getvalue()


@pytest.mark.parametrize("chain", [AuditEvent, ApiRequestLog])
def test_anchor_file_finds_a_whole_chain_deleted(tmp_path, chain):
    for _ in range(3):
        make_event()
        make_request_log()
    export_anchor(tmp_path / "anchor.json")
    wipe(chain)
    failure = verify("--anchor", str(tmp_path / "anchor.json"))
    assert f"{chain.CHAIN}: the anchor file records seq 3, but the chain has no head" in failure


def test_anchor_file_finds_a_tail_cut_with_a_consistent_old_head(tmp_path):
    for _ in range(2):
        make_event()
    old_head = ChainHead.objects.values().get(name="events")
    make_event()
    make_event()
    export_anchor(tmp_path / "anchor.json")
    AuditEvent.objects.filter(seq__gt=2).delete()
    ChainHead.objects.filter(name="events").update(**old_head)
    assert verify() == ""  # without the file, this rollback is invisible
    failure = verify("--anchor", str(tmp_path / "anchor.json"))
    assert "events: seqs 3..4 deleted: the anchor file records seq 4" in failure


def test_anchor_file_finds_a_replaced_row(tmp_path):
    make_event()
    export_anchor(tmp_path / "anchor.json")
    document = json.loads((tmp_path / "anchor.json").read_text())
    document["chains"]["events"]["last_mac"] = "f" * 64
    (tmp_path / "anchor.json").write_text(json.dumps(document))
    assert "row seq 1 is not the one the anchor file records" in verify(
        "--anchor", str(tmp_path / "anchor.json")
    )


def test_pruning_past_an_anchor_is_not_a_finding(tmp_path):
    long_ago = datetime.now(UTC) - timedelta(days=400)
    for _ in range(2):
        make_event(timestamp=long_ago)
    export_anchor(tmp_path / "anchor.json")
    make_event()
    call_command("prune_audit", "--older-than", "365", "--chain", "events", stdout=StringIO())
    assert verify("--anchor", str(tmp_path / "anchor.json")) == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read"), ("{", "not JSON"), ('{"version": 9}', "not an anchor")],
)
def test_bad_anchor_files_are_one_line_errors(tmp_path, content, message):
    path = tmp_path / "anchor.json"
    if content is not None:
        path.write_text(content)
    assert "--anchor: " in verify("--anchor", str(path))
    assert message in verify("--anchor", str(path))
