"""Demo memories for ``seed_demo``: contexts saved from a few of the demo sessions, the
project's state and a decision, so that the admin's memory pages and search show
something real. Idempotent (keyed by the sessions' Claude session ids)."""

from __future__ import annotations

from django.db import transaction

from context_recall.models import ConversationContext, DecisionLog, ProjectState
from tracking.models import Project, WorkSession

MEMORIES = [
    (
        "Site-to-site VPN to the warehouse rebuilt",
        "Goal: bring the warehouse tunnel back after the ISP changed the public address.",
        ["Keep IKEv2 with AES-GCM; drop the legacy 3DES proposal"],
        ["Rotate the pre-shared key after the audit", "Document the new peer address"],
        ["firewall/ipsec/warehouse.conf"],
        ["ipsec statusall", "ipsec restart", "ping -c 3 10.20.0.1"],
        ["NO_PROPOSAL_CHOSEN until the proposal list matched"],
        "Tunnel up, both sides ping; monitoring green.",
    ),
    (
        "Backup job for the file server repaired",
        "Goal: the nightly backup of fs01 failed three nights in a row.",
        ["Move the job to 01:30 so it no longer collides with the antivirus scan"],
        ["Check tomorrow's backup report"],
        ["scripts/backup/fs01.ps1"],
        ["Get-WBJob -Previous 3", "wbadmin start backup -backupTarget:\\\\nas01\\fs01"],
        ["The process cannot access the file because it is being used by another process"],
        "Manual run succeeded in 42 minutes.",
    ),
]


@transaction.atomic
def seed_demo_data() -> None:
    project = Project.objects.filter(slug="northwind-ops").first()
    if project is None:
        return
    sessions = list(
        WorkSession.objects.filter(project=project, claude_session_id__startswith="demo-").order_by(
            "-started_at"
        )[: len(MEMORIES)]
    )
    for session, memory in zip(sessions, MEMORIES, strict=False):
        title, summary, decisions, open_items, files, commands, errors, state = memory
        if ConversationContext.objects.filter(claude_session_id=session.claude_session_id).exists():
            continue
        context = ConversationContext(
            project=project,
            session=session,
            machine=session.machine,
            claude_session_id=session.claude_session_id,
            context_type="session_summary",
            title=title,
            summary=summary,
            key_decisions=decisions,
            open_items=open_items,
            files_touched=files,
            commands=commands,
            errors=errors,
            current_state=state,
            importance=7,
            occurred_at=session.started_at,
        )
        context.full_clean()
        context.save()
    if not ProjectState.objects.filter(project=project).exists():
        ProjectState.objects.create(
            project=project,
            phase="active",
            progress=60,
            summary="Scripts for backups, VPN checks and patching; most run from the RMM.",
            blockers=["Waiting for the ISP's static address for the second line"],
            next_actions=["Schedule the firmware update of the firewall", "Retire the old NAS"],
            key_files=["scripts/backup/fs01.ps1", "firewall/ipsec/warehouse.conf"],
        )
    if not DecisionLog.objects.filter(project=project).exists():
        DecisionLog.objects.create(
            project=project,
            session=sessions[0] if sessions else None,
            decision_type="technical",
            title="IKEv2 only for site-to-site tunnels",
            decision="Use IKEv2 with AES-GCM for every site-to-site tunnel.",
            rationale="The legacy proposals failed the insurer's audit.",
            alternatives=["Keep IKEv1 for the warehouse", "Replace the tunnel with SD-WAN"],
        )
