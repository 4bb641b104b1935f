"""Demo memories (``manage.py seed_demo``): a few conversation contexts of the demo
project, as Claude Code's hooks would have saved them, so that the client hub and
recall have something to show. De-duplicated by content hash: a rerun adds nothing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from context_recall.services.memories import save_context
from tracking.models import Project, WorkSession

MEMORIES = [
    (
        "Backup job on FS01 fails on the CAD share",
        "session_summary",
        8,
        "The nightly Veeam job failed on FS01: the CAD share holds paths over 260 "
        "characters. Long paths enabled on FS01, job rerun and verified.",
        ["Enable long paths on FS01 rather than rename the CAD folders"],
        ["Ask Dana whether the CAD archive can move to the NAS"],
    ),
    (
        "Printer in surgery 2: DHCP reservation",
        "session_summary",
        6,
        "Surgery 2's printer lost its address after the switch replacement. The DHCP "
        "reservation pointed at the old MAC; fixed and a test page printed.",
        [],
        ["Check the other reservations of the old switch's ports"],
    ),
    (
        "Hand-off: firewall rule review",
        "handoff",
        7,
        "Rules of fw-main listed and documented. Two any-any rules on the guest VLAN "
        "remain; Dana agreed to remove them on the next maintenance window.",
        ["Guest VLAN keeps internet access only"],
        ["Remove the two any-any guest rules", "Enable logging on the deny rule"],
    ),
]


def seed_demo_data() -> None:
    project = Project.objects.filter(slug="northwind-ops").first()
    if project is None:
        return
    sessions = list(WorkSession.objects.filter(project=project).order_by("-started_at")[:3])
    now = timezone.now()
    for index, (title, kind, importance, summary, decisions, open_items) in enumerate(MEMORIES):
        session = sessions[index] if index < len(sessions) else None
        save_context(
            {
                "project": project,
                "session": session,
                "title": title,
                "context_type": kind,
                "importance": importance,
                "summary": summary,
                "key_decisions": decisions,
                "open_items": open_items,
                "occurred_at": session.started_at
                if session
                else now - datetime.timedelta(days=index + 1),
            }
        )
