"""Audit rows as plain dicts for export: every stored field plus the chain links."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from audit.chain import canonical_value
from audit.models import ChainedRecord

BATCH_SIZE = 2000


def export_rows(
    model: type[ChainedRecord], *, since: datetime | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[dict[str, Any]]:
    """Rows in seq order, fetched in keyset batches (flat memory on either database).

    Timestamps are in the canonical form the MAC covers, so that the export can be
    re-verified outside the server by whoever holds the key.
    """
    columns = ["seq", "prev_mac", "mac", *model.MAC_FIELDS]
    rows = model.objects.order_by("seq")
    if since is not None:
        rows = rows.filter(timestamp__gte=since)
    last = None
    while True:
        batch = rows if last is None else rows.filter(seq__gt=last)
        values = list(batch.values(*columns)[:batch_size])
        for row in values:
            row["timestamp"] = canonical_value(row["timestamp"])
            yield {"chain": model.CHAIN, **row}
        if len(values) < batch_size:
            return
        last = values[-1]["seq"]
