"""Reads of the tracking app: the querysets the API lists, and the billing report."""

from __future__ import annotations

import contextlib
import csv
import io
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from msp.models import Client
from tracking import billing
from tracking.models import TimeEntry
from tracking.models.tokens import MachineToken


def time_entries_of_month(client: Client, year: int, month: int) -> QuerySet[TimeEntry]:
    start, end = billing.month_bounds(year, month, client.timezone)
    return (
        TimeEntry.objects.filter(client=client, started_at__gte=start, started_at__lt=end)
        .select_related("technician")
        .order_by("started_at", "pk")
    )


def billing_currency() -> str:
    """The currency of every amount (one per installation: docs/billing.md)."""
    return settings.MSP_BILLING_CURRENCY


def technician_label(user) -> str:
    full = user.get_full_name().strip()
    return f"{full} ({user.username})" if full else user.username


@dataclass
class BillingReport:
    client: Client
    year: int
    month: int
    entries: list[TimeEntry]
    summary: billing.Summary

    @property
    def month_label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def as_dict(self) -> dict:
        start, end = billing.month_bounds(self.year, self.month, self.client.timezone)
        return {
            "client": {"id": str(self.client.pk), "name": self.client.name},
            "month": self.month_label,
            "timezone": self.client.timezone,
            "period_start": start.isoformat().replace("+00:00", "Z"),
            "period_end": end.isoformat().replace("+00:00", "Z"),
            "by_technician": [
                {"technician": name, **totals.as_dict()}
                for name, totals in self.summary.by_technician.items()
            ],
            "by_category": [
                {"category": name, **totals.as_dict()}
                for name, totals in self.summary.by_category.items()
            ],
            "total": self.summary.total.as_dict(),
            "billed": self.summary.billed.as_dict(),
            "unbilled": self.summary.unbilled.as_dict(),
            "currency": billing_currency(),
            "entries": [
                {
                    "id": str(entry.pk),
                    "started_at": entry.started_at.isoformat().replace("+00:00", "Z"),
                    "technician": technician_label(entry.technician),
                    "category": entry.category,
                    "description": entry.description,
                    "actual_minutes": entry.actual_minutes,
                    "billable_minutes": entry.billable_minutes,
                    "hourly_rate": str(entry.hourly_rate),
                    "amount": str(entry.amount),
                    "is_billable": entry.is_billable,
                    "billed": entry.billed,
                    "invoice_reference": entry.invoice_reference,
                }
                for entry in self.entries
            ],
        }


def billing_report(client: Client, year: int, month: int) -> BillingReport:
    entries = list(time_entries_of_month(client, year, month))
    lines = (
        billing.Line(
            technician=technician_label(entry.technician),
            category=entry.category,
            actual_minutes=entry.actual_minutes or 0,
            billable_minutes=entry.billable_minutes,
            amount=entry.amount,
            billed=entry.billed,
        )
        for entry in entries
    )
    return BillingReport(client, year, month, entries, billing.summarize(lines))


CSV_HEADER = [
    "row",
    "date",
    "technician",
    "category",
    "description",
    "actual_minutes",
    "billable_minutes",
    "hourly_rate",
    "amount",
    "billed",
    "invoice_reference",
    "currency",
]


def _csv_safe(value: str) -> str:
    # A leading =, +, - or @ makes spreadsheets evaluate the cell (CSV injection).
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def billing_report_csv(report: BillingReport) -> str:
    """One table a spreadsheet opens: the entries, then technician, category and grand
    totals (the ``row`` column says which). Dates are in the client's time zone."""
    tz = ZoneInfo(report.client.timezone)
    currency = billing_currency()
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for entry in report.entries:
        writer.writerow(
            [
                "entry",
                entry.started_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                _csv_safe(technician_label(entry.technician)),
                entry.category,
                _csv_safe(entry.description),
                entry.actual_minutes,
                entry.billable_minutes,
                entry.hourly_rate,
                entry.amount,
                "yes" if entry.billed else "no",
                _csv_safe(entry.invoice_reference),
                currency,
            ]
        )

    def total_row(kind: str, technician: str, category: str, totals: billing.Totals):
        writer.writerow(
            [
                kind,
                report.month_label,
                _csv_safe(technician),
                category,
                "",
                totals.actual_minutes,
                totals.billable_minutes,
                "",
                billing.money(totals.amount),
                "",
                "",
                currency,
            ]
        )

    for name, totals in report.summary.by_technician.items():
        total_row("technician total", name, "", totals)
    for name, totals in report.summary.by_category.items():
        total_row("category total", "", name, totals)
    total_row("billed total", "", "", report.summary.billed)
    total_row("unbilled total", "", "", report.summary.unbilled)
    total_row("grand total", "", "", report.summary.total)
    return out.getvalue()


def machine_tokens(
    *, username: str | None = None, machine: str | None = None, active_only: bool = False
) -> QuerySet[MachineToken]:
    """Every machine token, newest first, for operators (``list_machine_tokens``).

    ``machine`` matches a fingerprint, a hostname (case-insensitively) or a machine id.
    """
    queryset = MachineToken.objects.select_related("machine", "user").order_by("-created_at")
    if username:
        queryset = queryset.filter(user__username=username)
    if machine:
        match = Q(machine__fingerprint=machine) | Q(machine__hostname__iexact=machine)
        with contextlib.suppress(ValueError):
            match |= Q(machine_id=uuid.UUID(machine))
        queryset = queryset.filter(match)
    if active_only:
        queryset = queryset.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
    return queryset
