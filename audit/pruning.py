"""Deleting old audit rows without breaking the chain that remains.

Rows go from the start of a chain only, a batch per transaction; the same transaction
moves the head's anchor to the last deleted row, so the remaining rows verify from
there. Each batch is verified before it is deleted: pruning must not become a way to
launder rows that were tampered with.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import islice

from django.db import transaction
from django.utils import timezone

from audit.chain import CHAINS, ChainError, head_problem, hmac_key, seal_head
from audit.models import ChainedRecord, ChainHead
from audit.services import record
from audit.verification import chain_rows, check_row

BATCH_SIZE = 1000


def _prune_batch(
    model: type[ChainedRecord], key: bytes, cutoff: datetime, batch_size: int
) -> tuple[int, bool]:
    """Delete up to ``batch_size`` rows older than ``cutoff``: (deleted, more to do)."""
    chain = model.CHAIN
    timestamp_at = 3 + model.MAC_FIELDS.index("timestamp")
    with transaction.atomic():
        # The head's lock also keeps appends out while the anchor moves.
        head = ChainHead.objects.select_for_update().filter(name=chain).first()
        if head is None:
            return 0, False
        if reason := head_problem(key, head):
            raise ChainError(f"chain {chain!r}: {reason}; run verify_audit")
        rows = chain_rows(
            model, after_seq=head.anchor_seq, up_to_seq=head.last_seq, batch_size=batch_size
        )
        expected_seq, prev, last = head.anchor_seq + 1, head.anchor_mac, None
        for row in islice(rows, batch_size):
            if row[timestamp_at] >= cutoff:
                break
            if problem := check_row(key, chain, row, expected_seq, prev):
                raise ChainError(
                    f"chain {chain!r}, seq {problem.seq}: {problem.reason}; "
                    "not pruned, run verify_audit"
                )
            last, prev, expected_seq = row, row[2], expected_seq + 1
        if last is None:
            return 0, False
        deleted, _ = model.objects.filter(seq__gt=head.anchor_seq, seq__lte=last[0]).delete()
        head.anchor_seq, head.anchor_mac = last[0], last[2]
        seal_head(key, head, ["anchor_seq", "anchor_mac"])
    return deleted, deleted == batch_size


def prune_chain(
    model: type[ChainedRecord], cutoff: datetime, *, batch_size: int = BATCH_SIZE
) -> int:
    """Delete the rows at the start of ``model``'s chain older than ``cutoff``; stops at
    the first newer row. Returns how many were deleted."""
    key = hmac_key()
    total = 0
    while True:
        deleted, more = _prune_batch(model, key, cutoff, batch_size)
        total += deleted
        if not more:
            return total


def prune(older_than_days: int, chains: Iterable[str]) -> dict[str, int]:
    """Prune the named chains and record an ``audit.pruned`` event with the counts (so
    that a pruning shows in the trail it shortened)."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted = {name: prune_chain(CHAINS[name], cutoff) for name in chains}
    record(
        "audit.pruned",
        details={
            "older_than_days": older_than_days,
            "cutoff": cutoff.isoformat(),
            "deleted": deleted,
        },
    )
    return deleted
