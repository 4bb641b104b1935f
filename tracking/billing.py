"""Billing arithmetic, pure (no database): minutes, rounding, money and month bounds.

Rules (docs/billing.md):

- actual minutes = the duration rounded *up* to the whole minute (a started minute counts);
- billable minutes = actual minutes rounded up to the increment, then raised to the
  minimum: ``max(ceil(actual / increment) * increment, minimum)``; a non-billable entry
  bills 0 minutes; an explicit override replaces the result;
- amount = billable minutes / 60 x hourly rate, rounded half-up to cents, per entry;
  totals are sums of the per-entry amounts, so a report always adds up;
- a billing month runs from the 1st 00:00 to the next 1st 00:00 in the client's zone.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MINUTES_PER_HOUR = 60
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def duration_minutes(started_at: datetime.datetime, ended_at: datetime.datetime) -> int:
    """Whole minutes from start to end, a started minute counting as one."""
    if ended_at < started_at:
        raise ValueError("ended_at is before started_at")
    whole, rest = divmod(ended_at - started_at, datetime.timedelta(minutes=1))
    return whole + (1 if rest else 0)


def billable_minutes(
    actual: int,
    *,
    increment: int,
    minimum: int,
    is_billable: bool = True,
    override: int | None = None,
) -> int:
    if not is_billable:
        return 0
    if override is not None:
        return override
    if actual <= 0:
        return 0
    increment = max(increment, 1)
    rounded = -(-actual // increment) * increment
    return max(rounded, minimum)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def amount(minutes: int, hourly_rate: Decimal) -> Decimal:
    """Money for ``minutes`` at ``hourly_rate``, half-up to cents (multiplied before the
    division so that 20 minutes at 100.00 is 33.33, not 33.3333... x 100 rounded)."""
    return money(Decimal(minutes) * Decimal(hourly_rate) / MINUTES_PER_HOUR)


def hours(minutes: int) -> Decimal:
    return money(Decimal(minutes) / MINUTES_PER_HOUR)


def parse_month(text: str) -> tuple[int, int]:
    match = _MONTH.match(text or "")
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise ValueError("Enter a month as YYYY-MM.")
    return int(match[1]), int(match[2])


def local_time(moment: datetime.datetime, tz_name: str) -> datetime.datetime:
    """``moment`` as the client's clock shows it (reports, lists and CSV alike)."""
    return moment.astimezone(ZoneInfo(tz_name))


def month_bounds(
    year: int, month: int, tz_name: str
) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of a calendar month in ``tz_name``, as aware UTC datetimes."""
    tz = ZoneInfo(tz_name)
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)


@dataclass(frozen=True)
class Line:
    """What the report needs of one time entry."""

    technician: str
    category: str
    actual_minutes: int
    billable_minutes: int
    amount: Decimal
    billed: bool = False


@dataclass
class Totals:
    entries: int = 0
    actual_minutes: int = 0
    billable_minutes: int = 0
    amount: Decimal = ZERO

    def add(self, line: Line) -> None:
        self.entries += 1
        self.actual_minutes += line.actual_minutes
        self.billable_minutes += line.billable_minutes
        self.amount += line.amount

    def as_dict(self) -> dict:
        return {
            "entries": self.entries,
            "actual_minutes": self.actual_minutes,
            "actual_hours": str(hours(self.actual_minutes)),
            "billable_minutes": self.billable_minutes,
            "billable_hours": str(hours(self.billable_minutes)),
            "amount": str(money(self.amount)),
        }


@dataclass
class Summary:
    by_technician: dict[str, Totals] = field(default_factory=dict)
    by_category: dict[str, Totals] = field(default_factory=dict)
    total: Totals = field(default_factory=Totals)
    billed: Totals = field(default_factory=Totals)
    unbilled: Totals = field(default_factory=Totals)


def summarize(lines: Iterable[Line]) -> Summary:
    summary = Summary()
    for line in lines:
        summary.by_technician.setdefault(line.technician, Totals()).add(line)
        summary.by_category.setdefault(line.category, Totals()).add(line)
        summary.total.add(line)
        (summary.billed if line.billed else summary.unbilled).add(line)
    summary.by_technician = dict(sorted(summary.by_technician.items()))
    summary.by_category = dict(sorted(summary.by_category.items()))
    return summary
