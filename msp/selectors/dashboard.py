"""Reads of the admin's dashboard: what needs attention, for one user, in a few queries.

Every list is scoped through :func:`msp.scoping.scope_for_user` and shown only to a user
who may view that kind of row. msp is also the project package: the dashboard reads the
tracking models by label (``apps.get_model``), as the scoping module does, so that the
inventory domain imports no app that depends on it.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from audit.models import AuditEvent
from msp.models import Credential, SecurityIncident
from msp.models.credentials import CREDENTIAL_MODEL_LABEL
from msp.models.incidents import DONE_STATUSES
from msp.scoping import scope_for_user

LIST_LIMIT = 10
MACHINE_SILENCE_DAYS = 30
ROTATION_DAYS = 365
CHART_WEEKS = 8
OPEN_TASK_STATUSES = ("todo", "in_progress", "blocked")
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
MANAGE_MACHINE_TOKENS = "tracking.manage_machine_tokens"


@dataclass
class Section:
    """One list of the dashboard: up to ``LIST_LIMIT`` rows and how many there are."""

    rows: list[Any]
    total: int
    visible: bool = True


@dataclass
class UnbilledClient:
    client_id: uuid.UUID
    client_name: str
    minutes: int
    amount: Decimal

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))


@dataclass
class WeeklyHours:
    """Billable hours per week (Monday) per client, the weeks oldest first."""

    weeks: list[datetime.date]
    series: dict[str, list[Decimal]] = field(default_factory=dict)


@dataclass
class Dashboard:
    incidents: Section
    overdue_tasks: Section
    blocked_tasks: Section
    unbilled: list[UnbilledClient]
    unbilled_visible: bool
    silent_machines: Section
    stale_credentials: Section
    weekly_hours: WeeklyHours | None
    month_start: datetime.datetime


def _may_view(user: Any, label: str) -> bool:
    app_label, model_name = label.split(".")
    return user.has_perm(f"{app_label}.view_{model_name}")


def _section(queryset: QuerySet, limit: int = LIST_LIMIT) -> Section:
    # One query for the rows; a second, cheap count only when the list is cut short.
    rows = list(queryset[: limit + 1])
    total = len(rows) if len(rows) <= limit else queryset.order_by().count()
    return Section(rows=rows[:limit], total=total)


HIDDEN = Section(rows=[], total=0, visible=False)


def open_incidents(user: Any) -> Section:
    if not _may_view(user, "msp.securityincident"):
        return HIDDEN
    queryset = (
        scope_for_user(SecurityIncident.objects.all(), user)
        .exclude(status__in=DONE_STATUSES)
        .select_related("client", "assigned_to")
        .order_by("detected_at")
    )
    section = _section(queryset, limit=100)
    section.rows.sort(key=lambda row: (SEVERITY_ORDER.get(row.severity, 9), row.detected_at))
    section.rows = section.rows[:LIST_LIMIT]
    return section


def _tasks(user: Any) -> QuerySet | None:
    if not _may_view(user, "tracking.task"):
        return None
    task = apps.get_model("tracking", "Task")
    return scope_for_user(task.objects.all(), user).select_related("client", "assignee")


def overdue_tasks(user: Any, today: datetime.date) -> Section:
    tasks = _tasks(user)
    if tasks is None:
        return HIDDEN
    return _section(
        tasks.filter(status__in=OPEN_TASK_STATUSES, due_date__lt=today).order_by("due_date")
    )


def blocked_tasks(user: Any) -> Section:
    tasks = _tasks(user)
    if tasks is None:
        return HIDDEN
    return _section(tasks.filter(status="blocked").order_by("due_date", "created_at"))


def month_start(now: datetime.datetime) -> datetime.datetime:
    """The first instant of ``now``'s month in the server's time zone (UTC by default).
    Each client's own billing month is in its billing report; the dashboard's is one
    month for all clients so that they compare."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def unbilled_by_client(user: Any, since: datetime.datetime) -> list[UnbilledClient] | None:
    if not _may_view(user, "tracking.timeentry"):
        return None
    entry = apps.get_model("tracking", "TimeEntry")
    rows = (
        scope_for_user(entry.objects.all(), user)
        .filter(is_billable=True, billed=False, started_at__gte=since)
        .values("client_id", "client__name")
        .annotate(minutes=Sum("billable_minutes"), amount=Sum("amount"))
        .order_by("-minutes", "client__name")
    )
    return [
        UnbilledClient(
            client_id=row["client_id"],
            client_name=row["client__name"],
            minutes=row["minutes"] or 0,
            amount=row["amount"] or Decimal("0.00"),
        )
        for row in rows
    ]


def silent_machines(user: Any, now: datetime.datetime) -> Section:
    """Active machines not seen for ``MACHINE_SILENCE_DAYS`` (or never): the user's own,
    every technician's for whoever manages machine tokens."""
    if not _may_view(user, "tracking.machine"):
        return HIDDEN
    machine = apps.get_model("tracking", "Machine")
    queryset = machine.objects.filter(is_active=True).filter(
        Q(last_seen_at__lt=now - datetime.timedelta(days=MACHINE_SILENCE_DAYS))
        | Q(last_seen_at__isnull=True)
    )
    if not user.has_perm(MANAGE_MACHINE_TOKENS):
        queryset = queryset.filter(owner=user)
    return _section(queryset.select_related("owner").order_by("last_seen_at", "hostname"))


def revealed_credential_ids() -> set[uuid.UUID]:
    """Ids of the credentials revealed at least once (the audit trail stores ids as text,
    and UUIDs print differently per database engine, so they are compared in Python)."""
    ids: set[uuid.UUID] = set()
    for value in (
        AuditEvent.objects.filter(
            event_type="credential.reveal", target_type=CREDENTIAL_MODEL_LABEL
        )
        .values_list("target_id", flat=True)
        .distinct()
    ):
        try:
            ids.add(uuid.UUID(value))
        except ValueError:
            continue
    return ids


def stale_credentials(user: Any, now: datetime.datetime) -> Section:
    """Active credentials never revealed (nobody has used them through the vault: still
    needed?) or not rotated for ``ROTATION_DAYS``."""
    if not _may_view(user, "msp.credential"):
        return HIDDEN
    revealed = revealed_credential_ids()
    cutoff = now - datetime.timedelta(days=ROTATION_DAYS)
    queryset = (
        scope_for_user(Credential.objects.filter(is_active=True), user)
        .filter(
            ~Q(pk__in=revealed) | Q(last_rotated_at__lt=cutoff) | Q(last_rotated_at__isnull=True)
        )
        .select_related("client")
        .order_by("last_rotated_at", "client__name", "name")
    )
    section = _section(queryset)
    for row in section.rows:
        row.never_revealed = row.pk not in revealed
        row.rotation_due = row.last_rotated_at is None or row.last_rotated_at < cutoff
    return section


def weekly_billable_hours(
    user: Any, now: datetime.datetime, weeks: int = CHART_WEEKS
) -> WeeklyHours | None:
    """Billable hours per client per week (weeks start on Monday) over the last ``weeks``
    weeks, the current one included. One grouped query, by day, folded into weeks here
    (truncating to weeks in SQL differs per engine)."""
    if not _may_view(user, "tracking.timeentry"):
        return None
    today = timezone.localdate(now)
    first = today - datetime.timedelta(days=today.weekday() + 7 * (weeks - 1))
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    entry = apps.get_model("tracking", "TimeEntry")
    rows = (
        scope_for_user(entry.objects.all(), user)
        .filter(is_billable=True, started_at__gte=start)
        .annotate(day=TruncDate("started_at", tzinfo=timezone.get_current_timezone()))
        .values("client__name", "day")
        .annotate(minutes=Sum("billable_minutes"))
        .order_by("client__name", "day")
    )
    week_starts = [first + datetime.timedelta(days=7 * index) for index in range(weeks)]
    result = WeeklyHours(weeks=week_starts)
    for row in rows:
        day = row["day"]
        if day is None:
            # MariaDB without its time zone tables converts to NULL (a TIME_ZONE other
            # than UTC needs mariadb-tzinfo-to-sql): such rows cannot be placed.
            continue
        if isinstance(day, datetime.datetime):
            day = day.date()
        index = (day - first).days // 7
        if not 0 <= index < weeks:
            continue
        series = result.series.setdefault(row["client__name"], [Decimal(0)] * weeks)
        series[index] += Decimal(row["minutes"] or 0) / 60
    for name, values in result.series.items():
        result.series[name] = [value.quantize(Decimal("0.1")) for value in values]
    return result


def dashboard(user: Any, now: datetime.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    since = month_start(now)
    unbilled = unbilled_by_client(user, since)
    return Dashboard(
        incidents=open_incidents(user),
        overdue_tasks=overdue_tasks(user, timezone.localdate(now)),
        blocked_tasks=blocked_tasks(user),
        unbilled=unbilled or [],
        unbilled_visible=unbilled is not None,
        silent_machines=silent_machines(user, now),
        stale_credentials=stale_credentials(user, now),
        weekly_hours=weekly_billable_hours(user, now),
        month_start=since,
    )


__all__ = [
    "Dashboard",
    "Section",
    "dashboard",
    "month_start",
]
