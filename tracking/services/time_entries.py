"""Time entries: creating one (billing rules in the model), marking a batch billed
(all of it or none)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tracking.models import BilledEntryLocked, TimeEntry


@dataclass(frozen=True)
class BilledBatch:
    billed: int
    amount: Decimal
    invoice_reference: str
    billed_at: object


@transaction.atomic
def mark_billed(
    ids: Iterable[uuid.UUID], invoice_reference: str = "", *, among: QuerySet | None = None
) -> BilledBatch:
    """Mark the entries ``ids`` billed. Unknown ids (or ids outside ``among``, the entries
    the caller may see) raise ``ValidationError``; an entry billed already raises
    :class:`BilledEntryLocked` (nothing is written in either case)."""
    wanted = set(ids)
    candidates = TimeEntry.objects.all() if among is None else among
    entries = list(candidates.select_for_update().filter(pk__in=wanted).order_by("pk"))
    missing = wanted - {entry.pk for entry in entries}
    if missing:
        raise ValidationError(
            {"ids": [f"No such time entry: {pk}." for pk in sorted(map(str, missing))]}
        )
    billed = [str(entry.pk) for entry in entries if entry.billed]
    if billed:
        raise BilledEntryLocked(f"Already billed: {', '.join(billed)}.")
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
def create_time_entry(data: dict[str, Any]) -> TimeEntry:
    """A new time entry from model field values. Its minutes and amount follow the
    client's increment, minimum and rate (``TimeEntry.clean`` and ``tracking.billing``);
    a new entry is never billed."""
    data = {**data, "billed": False, "billed_at": None, "invoice_reference": ""}
    entry = TimeEntry(**data)
    entry.save()
    return entry
