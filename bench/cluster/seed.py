"""Child of scale_test.py, run with the cluster's app environment: the demo data
(seed_demo: a manager who may reveal credentials, clients, credentials), a client with a
project whose repository the hook resolves, a technician in its team with a machine token,
some memories to recall, and API tokens. Prints one JSON line for the parent; the tokens
in it are throwaway ones of this run, never written anywhere."""

from __future__ import annotations

import io
import json
import os
import random
import secrets
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msp.settings")

REMOTE = "git@git.example.com:scale/firewall.git"
PROJECT_SLUG = "scale-firewall"


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from hook_bench import row_text

    from context_recall import search
    from context_recall.models import ConversationContext
    from msp.demo import DEMO_MANAGER, technician_group
    from msp.models import Client, Credential
    from msp.testing.auth import token_pair_for
    from tracking.models import Project
    from tracking.services.machine_tokens import issue_machine_token

    # seed_demo prints the demo users' passwords: kept from the log.
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    # Get-or-create throughout: a second run on the same cluster reuses what is there.
    client, _ = Client.objects.get_or_create(name="Scale Corp")
    project, created = Project.objects.get_or_create(
        slug=PROJECT_SLUG,
        defaults={"name": "Scale firewall", "client": client, "repository_url": REMOTE},
    )
    tech, _ = get_user_model().objects.get_or_create(username="scale-tech")
    tech.set_password(secrets.token_urlsafe(16))
    tech.save()
    team, _ = Group.objects.get_or_create(name="scale-team")
    tech.groups.add(technician_group(), team)
    client.teams.add(team)
    issued = issue_machine_token(
        user=tech, fingerprint=secrets.token_hex(32), hostname="scale-laptop", name="hooks"
    )
    rng = random.Random(19)
    rows = []
    for n in range((int(sys.argv[1]) if len(sys.argv) > 1 else 200) if created else 0):
        row = ConversationContext(
            project=project, client_id=client.pk, claude_session_id=str(uuid.uuid4()),
            **row_text(rng, n),
        )  # fmt: skip
        row.content_hash = row.compute_hash()
        rows.append(row)
    ConversationContext.objects.bulk_create(rows)
    search.rebuild_index()
    manager = get_user_model().objects.get(username=DEMO_MANAGER)
    credential = Credential.objects.order_by("pk").first()
    from audit.models import ApiRequestLog

    print(
        json.dumps(
            {
                "machine_token": issued.token,
                "tech_jwt": token_pair_for(tech)[0],
                "manager_jwt": token_pair_for(manager)[0],
                "project": str(project.pk),
                "project_slug": PROJECT_SLUG,
                "client": str(client.pk),
                "credential": str(credential.pk),
                "remote": REMOTE,
                "requests_logged": ApiRequestLog.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    main()
