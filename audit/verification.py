"""Checking a chain end to end: every edited, deleted or inserted row is found.

A chain runs from its head's anchor (the last pruned row, or genesis) to its head's last
row. Walking it in seq order, each row must be the next seq (else rows were deleted),
link to the previous row's MAC (else one was inserted or replaced) and carry its own
MAC (else it was edited, or forged without the key). The head itself carries a MAC so
that cutting rows off either end and adjusting the head to match needs the key too.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from audit.chain import head_problem, hmac_key, row_mac
from audit.models import ChainedRecord, ChainHead

BATCH_SIZE = 2000


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # "edited", "deleted", "inserted" or "head"
    reason: str


@dataclass(frozen=True)
class ChainReport:
    chain: str
    rows: int
    first_seq: int | None
    last_seq: int | None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def chain_rows(
    model: type[ChainedRecord],
    *,
    after_seq: int,
    up_to_seq: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[tuple[Any, ...]]:
    """``(seq, prev_mac, mac, *MAC_FIELDS values)`` in seq order, in keyset batches.

    Not ``QuerySet.iterator()``: mysqlclient buffers a whole result set client-side,
    so only bounded queries keep memory flat on MariaDB as well as on SQLite.
    """
    columns = ("seq", "prev_mac", "mac", *model.MAC_FIELDS)
    rows = model.objects.order_by("seq")
    if up_to_seq is not None:
        rows = rows.filter(seq__lte=up_to_seq)
    last = after_seq
    while True:
        batch = list(rows.filter(seq__gt=last).values_list(*columns)[:batch_size])
        yield from batch
        if len(batch) < batch_size:
            return
        last = batch[-1][0]


def check_row(
    key: bytes, chain: str, row: tuple[Any, ...], expected_seq: int, expected_prev: str
) -> Problem | None:
    seq, prev_mac, mac, *values = row
    if seq != expected_seq:
        missing = (
            f"seq {expected_seq}" if seq == expected_seq + 1 else f"seqs {expected_seq}..{seq - 1}"
        )
        return Problem(expected_seq, "deleted", f"{missing} missing before seq {seq}")
    if not hmac.compare_digest(prev_mac, expected_prev):
        return Problem(
            seq,
            "inserted",
            "prev_mac does not match the previous row's mac: a row was inserted or replaced here",
        )
    if not hmac.compare_digest(mac, row_mac(key, chain, seq, prev_mac, values)):
        return Problem(seq, "edited", "mac mismatch: the row was edited (or forged)")
    return None


def verify_chain(model: type[ChainedRecord]) -> ChainReport:
    chain = model.CHAIN
    key = hmac_key()
    head = ChainHead.objects.filter(name=chain).first()
    if head is None:
        first = model.objects.order_by("seq").values_list("seq", flat=True).first()
        if first is None:
            return ChainReport(chain, 0, None, None)
        return ChainReport(
            chain, 0, None, None, Problem(first, "head", "the chain's head row is missing")
        )

    def report(rows: int, problem: Problem | None = None) -> ChainReport:
        first = head.anchor_seq + 1 if head.last_seq > head.anchor_seq else None
        return ChainReport(chain, rows, first, head.last_seq if first else None, problem)

    if reason := head_problem(key, head):
        return report(0, Problem(head.last_seq, "head", reason))
    if not head.head_mac:
        first = model.objects.order_by("seq").values_list("seq", flat=True).first()
        if first is not None:
            return report(
                0,
                Problem(
                    first,
                    "head",
                    "the head row is fresh but the chain has rows: it was deleted or reset",
                ),
            )
    stray = (
        model.objects.filter(seq__lte=head.anchor_seq)
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    if stray is not None:
        return report(
            0,
            Problem(
                stray, "inserted", f"row at or before the prune anchor (seq {head.anchor_seq})"
            ),
        )

    # Rows appended while this runs are beyond the head read above and not checked.
    expected_seq, prev, checked = head.anchor_seq + 1, head.anchor_mac, 0
    for row in chain_rows(model, after_seq=head.anchor_seq, up_to_seq=head.last_seq):
        if problem := check_row(key, chain, row, expected_seq, prev):
            return report(checked, problem)
        prev, expected_seq, checked = row[2], expected_seq + 1, checked + 1
    if expected_seq - 1 != head.last_seq:
        return report(
            checked,
            Problem(
                expected_seq,
                "deleted",
                f"seqs {expected_seq}..{head.last_seq} missing: the head "
                f"says the chain ends at seq {head.last_seq}",
            ),
        )
    if not hmac.compare_digest(prev, head.last_mac):
        return report(
            checked, Problem(head.last_seq, "head", "the last row's mac differs from the head's")
        )

    # A row past the head is one no append wrote. Looked for under the head's lock so
    # that a concurrent append is not mistaken for one.
    with transaction.atomic():
        current = ChainHead.objects.select_for_update().get(pk=head.pk)
        beyond = (
            model.objects.filter(seq__gt=current.last_seq)
            .order_by("seq")
            .values_list("seq", flat=True)
            .first()
        )
    if beyond is not None:
        return report(
            checked,
            Problem(beyond, "inserted", f"row beyond the chain's head (seq {current.last_seq})"),
        )
    return report(checked)
