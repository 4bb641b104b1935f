"""Evidence that a chain's end, or the whole of it, was deleted.

A chain proves that no row inside it was touched, but its head row is in the same
database: whoever deletes the last rows of a chain (or all of it) together with its head,
or puts back an older, validly sealed head, leaves a chain that verifies. Three kinds of
evidence catch that, each where the data allows:

- **Cross anchors**: ``cross_anchor`` records each chain's head in the other chain (an
  ``audit.anchor`` event in the events chain, an ``ANCHOR`` row in the request log). A
  chain that no longer reaches the head the other one recorded was cut. ``verify_audit``
  writes them after every successful run, so cron makes them periodic.
- **Request ids**: security events raised by an API request carry its id, and that
  request is in the request log; an event whose request is missing (past a grace period
  for requests still being answered, and not pruned) shows a wiped request log.
- **Outside anchors**: ``export_audit --anchor FILE`` writes the heads to a file the
  operator keeps away from the database; ``verify_audit --anchor FILE`` proves every row
  up to those heads is still there (or was pruned, which moves the anchor and is itself
  recorded).

Not detectable without an outside anchor: rows appended after the last cross anchor and
deleted with both heads rolled back in step, or both chains wiped with their heads.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from audit.appending import append
from audit.chain import CHAINS
from audit.models import ApiRequestLog, AuditEvent, AuthKind, ChainedRecord, ChainHead

ANCHOR_EVENT = "audit.anchor"
ANCHOR_METHOD = "ANCHOR"
ANCHOR_ENDPOINT = "audit:anchor"
# The request id of every anchor row: one the middleware never gives a request (it makes
# 32 hex digits, or keeps a caller's id, which cannot contain ":"), so that a caller
# cannot forge an anchor, and one value, so that the indexed column finds them all.
ANCHOR_REQUEST_ID = "audit:anchor"
# An event is written during its request, the request's row after the response: the
# gap is one request's duration, which the server's timeout bounds far below this.
REQUEST_GRACE = timedelta(minutes=5)
ANCHOR_FILE_VERSION = 1


@dataclass(frozen=True)
class Finding:
    chain: str
    seq: int
    reason: str


def head_state(name: str) -> dict[str, Any] | None:
    head = ChainHead.objects.filter(name=name).first()
    if head is None:
        return None
    return {
        "last_seq": head.last_seq,
        "last_mac": head.last_mac,
        "anchor_seq": head.anchor_seq,
        "anchor_mac": head.anchor_mac,
    }


def heads_document() -> dict[str, Any]:
    """What ``export_audit --anchor`` writes: every chain's head, now."""
    return {
        "version": ANCHOR_FILE_VERSION,
        "written_at": timezone.now().isoformat(),
        "chains": {name: head_state(name) for name in CHAINS},
    }


def _short(state: dict[str, Any] | None) -> dict[str, Any]:
    if state is None:
        return {"seq": 0, "mac": ""}
    return {"seq": state["last_seq"], "mac": state["last_mac"]}


def cross_anchor() -> None:
    """Record the request log's head in the events chain and the events chain's head
    (that record included) in the request log."""
    now = timezone.now()
    append(
        AuditEvent,
        {
            "timestamp": now,
            "event_type": ANCHOR_EVENT,
            "actor_id": None,
            "actor_repr": "",
            "ip_address": None,
            "target_type": "",
            "target_id": "",
            "target_repr": "",
            # Written as is, not redacted: seqs and MACs only, and a MAC redacted as a
            # high-entropy string would anchor nothing.
            "details": {ApiRequestLog.CHAIN: _short(head_state(ApiRequestLog.CHAIN))},
            "request_id": "",
        },
    )
    append(
        ApiRequestLog,
        {
            "timestamp": now,
            "request_id": ANCHOR_REQUEST_ID,
            "user_id": None,
            "auth_kind": AuthKind.UNKNOWN,
            "endpoint": ANCHOR_ENDPOINT,
            "http_method": ANCHOR_METHOD,
            "ip_address": None,
            "user_agent": "",
            "request_body": json.dumps({AuditEvent.CHAIN: _short(head_state(AuditEvent.CHAIN))}),
            "response_status": 200,
            "response_time_ms": 0.0,
            "error_message": "",
        },
    )


def reaches(model: type[ChainedRecord], seq: int, mac: str, label: str) -> Finding | None:
    """None if ``model``'s chain still holds row ``seq`` with ``mac`` (or pruned past it)."""
    chain = model.CHAIN
    if seq <= 0:
        return None
    head = ChainHead.objects.filter(name=chain).first()
    if head is None:
        return Finding(chain, seq, f"{label} records seq {seq}, but the chain has no head")
    if seq <= head.anchor_seq:
        if seq == head.anchor_seq and not hmac.compare_digest(head.anchor_mac, mac):
            return Finding(chain, seq, f"{label}: the prune anchor's mac differs at seq {seq}")
        return None  # pruned past it; pruning is recorded in the events chain
    if head.last_seq < seq:
        return Finding(
            chain,
            head.last_seq + 1,
            f"seqs {head.last_seq + 1}..{seq} deleted: {label} records seq {seq}, "
            f"the chain ends at seq {head.last_seq}",
        )
    row_mac = model.objects.filter(seq=seq).values_list("mac", flat=True).first()
    if row_mac is None or not hmac.compare_digest(row_mac, mac):
        return Finding(chain, seq, f"row seq {seq} is not the one {label} records")
    return None


def _last_anchor_event() -> dict[str, Any] | None:
    details = (
        AuditEvent.objects.filter(event_type=ANCHOR_EVENT)
        .order_by("-seq")
        .values_list("details", flat=True)
        .first()
    )
    return details if isinstance(details, dict) else None


def _last_anchor_request() -> dict[str, Any] | None:
    body = (
        ApiRequestLog.objects.filter(
            request_id=ANCHOR_REQUEST_ID, endpoint=ANCHOR_ENDPOINT, http_method=ANCHOR_METHOD
        )
        .order_by("-seq")
        .values_list("request_body", flat=True)
        .first()
    )
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def cross_findings() -> list[Finding]:
    """What the chains say about each other's ends."""
    findings: list[Finding] = []
    for label, anchored, model in (
        ("the events chain's last anchor", _last_anchor_event(), ApiRequestLog),
        ("the request log's last anchor", _last_anchor_request(), AuditEvent),
    ):
        entry = (anchored or {}).get(model.CHAIN)
        if not (isinstance(entry, dict) and isinstance(entry.get("seq"), int)):
            continue
        if finding := reaches(model, entry["seq"], str(entry.get("mac", "")), label):
            findings.append(finding)
    if finding := missing_requests():
        findings.append(finding)
    return findings


def missing_requests() -> Finding | None:
    """The first event whose API request is not in the request log."""
    head = ChainHead.objects.filter(name=ApiRequestLog.CHAIN).first()
    events = AuditEvent.objects.exclude(request_id="").filter(
        timestamp__lt=timezone.now() - REQUEST_GRACE
    )
    if head is not None and head.anchor_seq:
        # Requests before the prune anchor are gone on purpose.
        oldest = ApiRequestLog.objects.order_by("seq").values_list("timestamp", flat=True).first()
        if oldest is None:
            return None
        events = events.filter(timestamp__gte=oldest)
    orphan = (
        events.filter(~Exists(ApiRequestLog.objects.filter(request_id=OuterRef("request_id"))))
        .order_by("seq")
        .values_list("seq", "request_id")
        .first()
    )
    if orphan is None:
        return None
    return Finding(
        ApiRequestLog.CHAIN,
        0,
        f"request {orphan[1]} of event seq {orphan[0]} is not in the request log: "
        "request rows were deleted",
    )


class AnchorFileError(ValueError):
    pass


def read_anchor_file(text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise AnchorFileError(f"not JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("version") != ANCHOR_FILE_VERSION:
        raise AnchorFileError("not an anchor written by export_audit --anchor")
    chains = document.get("chains")
    if not isinstance(chains, dict):
        raise AnchorFileError("not an anchor written by export_audit --anchor")
    return chains


def anchor_findings(chains: dict[str, Any]) -> list[Finding]:
    """Every chain still reaches the head the anchor file recorded."""
    findings = []
    for name, state in chains.items():
        model = CHAINS.get(name)
        if model is None or state is None:
            continue
        seq, mac = state.get("last_seq"), state.get("last_mac")
        if not isinstance(seq, int) or not isinstance(mac, str):
            raise AnchorFileError(f"chain {name!r}: last_seq and last_mac expected")
        if finding := reaches(model, seq, mac, "the anchor file"):
            findings.append(finding)
    return findings
