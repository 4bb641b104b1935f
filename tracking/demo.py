"""Demo work tracking (``manage.py seed_demo``): a month of sessions, work items, tasks,
time entries and evidence at the demo client, by the demo technician.

Rows are keyed on stable values (``claude_session_id`` ``demo-…``, titles), so a rerun adds
nothing. Random choices come from a fixed seed: every database gets the same story.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from msp.demo import DEMO_MANAGER, DEMO_USERNAME
from msp.demo_inventory import DEMO_CLIENT
from msp.models import Client, Infrastructure
from tracking.models import (
    CommandRun,
    InfrastructureChange,
    Machine,
    ProblemSolution,
    Project,
    Task,
    TimeEntry,
    WorkItem,
    WorkSession,
)
from tracking.services import tagging, time_entries

DAYS = 30
# (title, category, minutes, tags) of the kinds of visit a dental practice generates.
WORK = [
    ("Printer in surgery 2 offline", "troubleshooting", 25, ["printing"]),
    ("Patch Tuesday on servers", "maintenance", 95, ["patching", "windows"]),
    ("New hygienist account and mailbox", "configuration", 40, ["onboarding", "m365"]),
    ("Backup job failed on FS01", "troubleshooting", 55, ["backup"]),
    ("Renew the RD gateway certificate", "security", 35, ["tls"]),
    ("Imaging software update", "installation", 120, ["imaging"]),
    ("Phishing report triage", "security", 20, ["phishing", "m365"]),
    ("Quarterly planning call with Dana", "consulting", 60, ["planning"]),
    ("Wi-Fi drops in reception", "troubleshooting", 45, ["wifi"]),
    ("Document the firewall rules", "documentation", 30, ["firewall"]),
]


def _demo_machine(user) -> Machine:
    machine, _ = Machine.objects.get_or_create(
        fingerprint="demo-machine-0001",
        defaults={
            "owner": user,
            "hostname": "demo-laptop",
            "platform": "linux",
            "os_version": "Ubuntu 24.04",
            "username": "demo",
            "working_directories": ["/home/demo/src/northwind-ops"],
            "installed_tools": {"git": "2.43.0", "claude": "1.0"},
        },
    )
    return machine


@transaction.atomic
def seed_demo_data() -> None:
    user = get_user_model().objects.filter(username=DEMO_USERNAME).first()
    client = Client.objects.filter(name=DEMO_CLIENT).first()
    if user is None or client is None:
        return
    rng = random.Random(4)  # noqa: S311 (demo data, not security)
    machine = _demo_machine(user)
    project, _ = Project.objects.get_or_create(
        slug="northwind-ops",
        defaults={
            "name": "Northwind operations scripts",
            "client": client,
            "repository_url": "git@github.com:northwind-demo/ops-scripts.git",
        },
    )
    assets = list(Infrastructure.objects.filter(client=client).order_by("hostname"))
    start = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0) - datetime.timedelta(
        days=DAYS
    )
    for day in range(DAYS):
        when = start + datetime.timedelta(days=day)
        # Skipped by index, not by weekday: the same keys whatever day seed_demo reruns.
        if day % 7 in (5, 6):
            continue
        for slot in range(rng.choice((1, 1, 2))):
            title, category, minutes, tags = rng.choice(WORK)
            started = when + datetime.timedelta(hours=3 * slot, minutes=rng.choice((0, 10, 25)))
            _session(
                user,
                client,
                project,
                machine,
                assets,
                rng,
                day,
                slot,
                started,
                title,
                category,
                minutes,
                tags,
            )
    _tasks(client, project, user)
    _billing(client)


def _billing(client) -> None:
    """The older half of the month is invoiced (one invoice per run date); one entry was
    unbilled once, with a reason, so the billing and audit pages have something to show."""
    cutoff = timezone.now() - datetime.timedelta(days=DAYS // 2)
    older = TimeEntry.objects.filter(client=client, billed=False, started_at__lt=cutoff)
    if not TimeEntry.objects.filter(client=client, billed=True).exists() and older.exists():
        reference = f"INV-DEMO-{cutoff:%Y%m}"
        time_entries.mark_billed(older.values_list("pk", flat=True), reference)
        manager = get_user_model().objects.filter(username=DEMO_MANAGER).first()
        first = TimeEntry.objects.filter(client=client, billed=True).order_by("started_at").first()
        if manager is not None and first is not None:
            time_entries.unbill(
                [first.pk],
                actor=manager,
                reason="Demo: billed to Northwind by mistake, moved to next month's invoice.",
            )


def _session(
    user, client, project, machine, assets, rng, day, slot, started, title, category, minutes, tags
) -> None:
    # Draw every random value before the existence check: a rerun consumes the same
    # sequence and so revisits the same days and slots.
    minutes = minutes + rng.choice((-10, -5, 0, 5, 15))
    asset = rng.choice(assets) if assets else None
    key = f"demo-{day:02d}-{slot}"
    if WorkSession.objects.filter(claude_session_id=key).exists():
        return
    ended = started + datetime.timedelta(minutes=minutes)
    session = WorkSession.objects.create(
        technician=user,
        client=client,
        project=project,
        machine=machine,
        title=title,
        started_at=started,
        ended_at=ended,
        status="completed",
        claude_session_id=key,
        summary=f"{title}: done and verified with the practice.",
    )
    tagging.set_tags(session, tags)
    item = WorkItem.objects.create(
        session=session,
        title=title,
        category=category,
        status="completed",
        actual_minutes=minutes,
        completed_at=ended,
    )
    if asset is not None:
        item.affected_infrastructure.add(asset)
    TimeEntry.objects.create(
        technician=user,
        client=client,
        session=session,
        work_item=item,
        started_at=started,
        ended_at=ended,
        description=title,
        is_billable=category != "consulting" or slot == 0,
    )
    CommandRun.objects.create(
        session=session,
        work_item=item,
        machine=machine,
        ran_at=started,
        command=f"Test-NetConnection {asset.hostname if asset else 'fs01'} -Port 445",
        exit_code=0,
        output_excerpt="TcpTestSucceeded : True",
    )
    if category == "troubleshooting":
        ProblemSolution.objects.create(
            session=session,
            work_item=item,
            client=client,
            infrastructure=asset,
            title=title,
            symptom=f"{title} (reported by the front desk).",
            root_cause="A stale DHCP reservation after the switch replacement.",
            resolution="Fixed the reservation and renewed the lease.",
            verification="Test page printed / service reachable from two workstations.",
            solved_at=ended,
        )
    if category in {"maintenance", "security"} and asset is not None:
        InfrastructureChange.objects.create(
            session=session,
            work_item=item,
            infrastructure=asset,
            title=title,
            change_type="update" if category == "maintenance" else "configuration",
            before_state="As documented before the visit.",
            after_state="Updated and rebooted.",
            rollback_plan="Restore last night's snapshot.",
            changed_at=started,
            verified=True,
            verified_at=ended,
        )


def _tasks(client, project, user) -> None:
    specs = [
        ("Replace UPS battery in server closet", "blocked", "Waiting for the vendor's quote", 5),
        ("Move mailboxes of departed staff to shared", "todo", "", 10),
        ("Review firewall rules with Dana", "in_progress", "", 3),
        ("Retire the old NAS", "todo", "", 25),
        ("Enable MFA for the front desk accounts", "done", "", -2),
    ]
    today = timezone.localdate()
    for title, status, reason, due in specs:
        Task.objects.get_or_create(
            title=title,
            client=client,
            defaults={
                "project": project,
                "assignee": user,
                "status": status,
                "blocked_reason": reason,
                "due_date": today + datetime.timedelta(days=due),
            },
        )
