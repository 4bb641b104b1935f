"""Child of scale_test.py, run once per Galera node with DATABASE_URL pointing at that
node directly (not through HAProxy). Reads what the parent expects on stdin (JSON) and
prints what this node holds: the hook saves' memories, the time entries, both audit
chains (``verify_audit``) and the answer to one recall question."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msp.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import connection

    from audit.models import ApiRequestLog, AuditEvent
    from context_recall.models import ConversationContext
    from tracking.models import TimeEntry

    expected = json.load(sys.stdin)
    with connection.cursor() as cursor:
        # Reads wait until this node has applied every write set committed before them.
        cursor.execute("SET SESSION wsrep_sync_wait = 1")
        cursor.execute("SELECT @@wsrep_node_name")
        node = cursor.fetchone()[0]
    sessions = expected["sessions"]
    found: list[str] = []
    for start in range(0, len(sessions), 500):
        found += ConversationContext.objects.filter(
            claude_session_id__in=sessions[start : start + 500]
        ).values_list("claude_session_id", flat=True)
    entries = set(
        str(pk)
        for pk in TimeEntry.objects.filter(description__startswith=expected["marker"]).values_list(
            "pk", flat=True
        )
    )
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
        verified = True
    except (CommandError, SystemExit) as exc:
        verified = False
        err.write(f"{type(exc).__name__}: {exc}")
    recall_out = io.StringIO()
    call_command(
        "recall",
        expected["project"],
        "--q",
        expected["question"],
        "--json",
        "--no-bump",
        stdout=recall_out,
        stderr=io.StringIO(),
    )
    answer = json.loads(recall_out.getvalue())
    ids = [str(item.get("id")) for item in answer.get("items", [])]
    print(
        json.dumps(
            {
                "node": node,
                "contexts": len(found),
                "distinct_contexts": len(set(found)),
                "time_entries": len(entries),
                "time_entries_missing": sorted(set(expected["time_entries"]) - entries),
                "verify_audit": verified,
                "verify_output": (out.getvalue() + err.getvalue())[-2000:],
                "requests_chain": ApiRequestLog.objects.count(),
                "events_chain": AuditEvent.objects.count(),
                "recall_ids": ids,
            }
        )
    )


if __name__ == "__main__":
    main()
