"""Reads of the client hub: everything of one client on its admin page.

"Related objects" as NetBox shows them: per kind, how many rows the client has, with the
changelist filter that lists them. Counts are scalar subqueries of one query, whatever
the number of kinds. Kinds of other apps are named by label (``apps.get_model``), as in
the scoping module: the inventory domain imports no app that depends on it.

The caller has already checked that the user sees the client; everything of a client
follows it (msp.scoping), so no row below needs scoping of its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from msp.models import Client, SecurityIncident
from msp.models.incidents import DONE_STATUSES

RECENT = 5
OPEN_TASK_STATUSES = ("todo", "in_progress", "blocked")


@dataclass(frozen=True)
class Kind:
    """A kind of row that belongs to a client: its model label and the changelist lookup
    from it to the client (a filter the changelist accepts)."""

    label: str
    lookup: str

    @property
    def model(self):
        return apps.get_model(self.label)


# In the order the hub shows them: the client's IT first, then the work, then memory.
KINDS: tuple[Kind, ...] = (
    Kind("msp.site", "client"),
    Kind("msp.infrastructure", "client"),
    Kind("msp.service", "infrastructure__client"),
    Kind("msp.network", "client"),
    Kind("msp.firewallrule", "firewall__client"),
    Kind("msp.m365tenant", "client"),
    Kind("msp.credential", "client"),
    Kind("msp.securityincident", "client"),
    Kind("tracking.project", "client"),
    Kind("tracking.worksession", "client"),
    Kind("tracking.task", "client"),
    Kind("tracking.timeentry", "client"),
    Kind("tracking.problemsolution", "client"),
    Kind("context_recall.conversationcontext", "client"),
    Kind("context_recall.contextsnippet", "client"),
)


@dataclass
class RelatedCount:
    kind: Kind
    count: int

    @property
    def verbose_name_plural(self) -> str:
        return str(self.kind.model._meta.verbose_name_plural)

    @property
    def filter_param(self) -> str:
        # "<lookup>__id__exact": the parameter Django's related-field list filter writes.
        return f"{self.kind.lookup}__id__exact"


@dataclass
class UnbilledMonth:
    month_start: datetime.datetime
    minutes: int
    amount: Decimal
    entries: int

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))


@dataclass
class ClientHub:
    client: Client
    related: list[RelatedCount]
    # None: a kind the user may not view (its panel is not shown).
    open_tasks: list[Any] | None
    unbilled: UnbilledMonth | None
    recent_sessions: list[Any] | None
    recent_memories: list[Any] | None
    open_incidents: list[Any] | None


def _may_view(user: Any, label: str) -> bool:
    app_label, model_name = label.split(".")
    return user.has_perm(f"{app_label}.view_{model_name}")


def related_counts(client: Client, user: Any) -> list[RelatedCount]:
    """Per kind the user may view, the client's row count: one query."""
    kinds = [kind for kind in KINDS if _may_view(user, kind.label)]
    if not kinds:
        return []
    annotations = {}
    for index, kind in enumerate(kinds):
        rows = (
            kind.model.objects.filter(**{kind.lookup: OuterRef("pk")})
            .order_by()
            .values(kind.lookup)
            .annotate(n=Count("pk"))
            .values("n")
        )
        annotations[f"n{index}"] = Coalesce(Subquery(rows, output_field=IntegerField()), 0)
    row = (
        Client.objects.filter(pk=client.pk).annotate(**annotations).values(*annotations).first()
        or {}
    )
    return [RelatedCount(kind, row.get(f"n{index}", 0)) for index, kind in enumerate(kinds)]


def client_month_bounds(client: Client, now: datetime.datetime) -> datetime.datetime:
    """The first instant of the current month in the client's time zone (its billing
    month, as in the billing report)."""
    local = now.astimezone(ZoneInfo(client.timezone))
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def unbilled_this_month(client: Client, user: Any, now: datetime.datetime) -> UnbilledMonth | None:
    if not _may_view(user, "tracking.timeentry"):
        return None
    start = client_month_bounds(client, now)
    totals = (
        apps.get_model("tracking", "TimeEntry")
        .objects.filter(client=client, is_billable=True, billed=False, started_at__gte=start)
        .aggregate(minutes=Sum("billable_minutes"), amount=Sum("amount"), entries=Count("pk"))
    )
    return UnbilledMonth(
        month_start=start,
        minutes=totals["minutes"] or 0,
        amount=totals["amount"] or Decimal("0.00"),
        entries=totals["entries"],
    )


def open_tasks(client: Client, user: Any) -> list[Any] | None:
    if not _may_view(user, "tracking.task"):
        return None
    return list(
        apps.get_model("tracking", "Task")
        .objects.filter(client=client, status__in=OPEN_TASK_STATUSES)
        .select_related("assignee")
        .order_by("due_date", "-created_at")[:10]
    )


def recent_sessions(client: Client, user: Any) -> list[Any] | None:
    if not _may_view(user, "tracking.worksession"):
        return None
    return list(
        apps.get_model("tracking", "WorkSession")
        .objects.filter(client=client)
        .select_related("technician")
        .order_by("-started_at")[:RECENT]
    )


def recent_memories(client: Client, user: Any) -> list[Any] | None:
    if not _may_view(user, "context_recall.conversationcontext"):
        return None
    return list(
        apps.get_model("context_recall", "ConversationContext")
        .objects.filter(client=client)
        .only("id", "title", "context_type", "importance", "occurred_at", "client_id")
        .order_by("-occurred_at")[:RECENT]
    )


def open_incidents(client: Client, user: Any) -> list[Any] | None:
    if not _may_view(user, "msp.securityincident"):
        return None
    return list(
        SecurityIncident.objects.filter(client=client)
        .exclude(status__in=DONE_STATUSES)
        .select_related("assigned_to")
        .order_by("-detected_at")[:10]
    )


def client_hub(client: Client, user: Any, now: datetime.datetime | None = None) -> ClientHub:
    now = now or timezone.now()
    return ClientHub(
        client=client,
        related=related_counts(client, user),
        open_tasks=open_tasks(client, user),
        unbilled=unbilled_this_month(client, user, now),
        recent_sessions=recent_sessions(client, user),
        recent_memories=recent_memories(client, user),
        open_incidents=open_incidents(client, user),
    )
