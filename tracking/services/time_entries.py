"""Time entries: creating one (billing rules in the model), billing a batch and taking
that back (all of a batch or none of it).

The billed lock itself is the model's (``tracking.models.time``); ``unbill`` is the only
way through it: it needs ``tracking.unbill_timeentry``, a reason, and leaves one audit
event per entry (``time_entry.unbilled``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.services import record
from tracking.models import BilledEntryLocked, TimeEntry

UNBILL_PERMISSION = "tracking.unbill_timeentry"
UNBILLED_EVENT = "time_entry.unbilled"


@dataclass(frozen=True)
class BilledBatch:
    billed: int
    amount: Decimal
    invoice_reference: str
    billed_at: datetime


@dataclass(frozen=True)
class UnbilledBatch:
    unbilled: int
    amount: Decimal
    reason: str


def _locked_entries(ids: Iterable[uuid.UUID], among: QuerySet | None) -> list[TimeEntry]:
    """The entries ``ids``, locked for update; unknown ids (or ids outside ``among``,
    the entries the caller may see) raise ``ValidationError``."""
    wanted = set(ids)
    candidates = TimeEntry.objects.all() if among is None else among
    entries = list(candidates.select_for_update().filter(pk__in=wanted).order_by("pk"))
    missing = wanted - {entry.pk for entry in entries}
    if missing:
        raise ValidationError(
            {"ids": [f"No such time entry: {pk}." for pk in sorted(map(str, missing))]}
        )
    return entries


@transaction.atomic
def mark_billed(
    ids: Iterable[uuid.UUID], invoice_reference: str = "", *, among: QuerySet | None = None
) -> BilledBatch:
    """Mark the entries ``ids`` billed. Unknown ids raise ``ValidationError``; entries
    billed already raise :class:`BilledEntryLocked` naming how many (nothing is written
    in either case)."""
    entries = _locked_entries(ids, among)
    billed = sum(1 for entry in entries if entry.billed)
    if billed:
        raise BilledEntryLocked(
            f"{billed} of the {len(entries)} entries {'is' if billed == 1 else 'are'} "
            "billed already."
        )
    now = timezone.now()
    total = Decimal("0.00")
    for entry in entries:
        entry.billed = True
        entry.billed_at = now
        entry.invoice_reference = invoice_reference
        entry.save()
        total += entry.amount
    return BilledBatch(len(entries), total, invoice_reference, now)


@transaction.atomic
def unbill(
    ids: Iterable[uuid.UUID],
    *,
    actor: Any,
    reason: str,
    among: QuerySet | None = None,
    request: Any = None,
) -> UnbilledBatch:
    """Take billed entries back to unbilled (their invoice reference and billed date are
    cleared and kept in the audit event). Needs ``tracking.unbill_timeentry``; a blank
    reason or an entry that is not billed raises ``ValidationError``; all or nothing."""
    if actor is None or not actor.has_perm(UNBILL_PERMISSION):
        raise PermissionDenied("Unbilling needs the tracking.unbill_timeentry permission.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why these entries are unbilled."]})
    entries = _locked_entries(ids, among)
    unbilled = [str(entry.pk) for entry in entries if not entry.billed]
    if unbilled:
        raise ValidationError({"ids": [f"Not billed: {pk}." for pk in unbilled]})
    TimeEntry.objects.filter(pk__in=[entry.pk for entry in entries]).release_billed()
    # Recorded last: the audit chain's lock is then held only until the commit.
    total = Decimal("0.00")
    for entry in entries:
        total += entry.amount
        record(
            UNBILLED_EVENT,
            actor=actor,
            target=entry,
            details={
                "reason": reason,
                "invoice_reference": entry.invoice_reference,
                "billed_at": entry.billed_at.isoformat() if entry.billed_at else None,
                "amount": str(entry.amount),
            },
            request=request,
        )
    return UnbilledBatch(len(entries), total, reason)


@transaction.atomic
def create_time_entry(data: dict[str, Any]) -> TimeEntry:
    """A new time entry from model field values. Its minutes and amount follow the
    client's increment, minimum and rate (``TimeEntry.clean`` and ``tracking.billing``);
    a new entry is never billed."""
    data = {**data, "billed": False, "billed_at": None, "invoice_reference": ""}
    entry = TimeEntry(**data)
    entry.save()
    return entry
