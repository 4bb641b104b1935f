"""List machine tokens for operators: who holds one, for which machine, still valid?"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracking.selectors import machine_tokens

COLUMNS = ("id", "user", "hostname", "fingerprint", "name", "state", "expires", "last_used")


def _state(row, now) -> str:
    if row.revoked_at is not None:
        return f"revoked {row.revoked_at:%Y-%m-%d}"
    if row.expires_at <= now:
        return "expired"
    return "active"


class Command(BaseCommand):
    help = (
        "List machine tokens, newest first: id, technician, machine, state (active, "
        "expired, revoked) and last use. The tokens themselves are never stored, so never "
        "shown. Revoke one with revoke_token ID."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--user", help="Only this technician's tokens (username). Default: every user."
        )
        parser.add_argument(
            "--machine",
            help="Only this machine's tokens (fingerprint, hostname or machine id). "
            "Default: every machine.",
        )
        parser.add_argument(
            "--active",
            action="store_true",
            help="Only tokens that still grant access (not revoked, not expired). "
            "Default: all tokens.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="One JSON object per line instead of a table. Default: a table.",
        )

    def handle(self, *args, **options):
        username = options["user"]
        if username and not get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"No user {username!r}.")
        rows = machine_tokens(
            username=username, machine=options["machine"], active_only=options["active"]
        )
        now = timezone.now()
        records = [
            {
                "id": str(row.pk),
                "user": row.user.username,
                "hostname": row.machine.hostname,
                "fingerprint": row.machine.fingerprint,
                "name": row.name,
                "state": _state(row, now),
                "expires": row.expires_at.isoformat(timespec="seconds"),
                "last_used": row.last_used_at.isoformat(timespec="seconds")
                if row.last_used_at
                else "",
            }
            for row in rows.iterator()
        ]
        if options["json"]:
            for record in records:
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            return
        if not records:
            self.stderr.write("No machine tokens match.")
            return
        shown = [
            {**r, "fingerprint": r["fingerprint"][:12], "expires": r["expires"][:10]}
            for r in records
        ]
        widths = {c: max(len(c), *(len(r[c]) for r in shown)) for c in COLUMNS}
        self.stdout.write("  ".join(c.ljust(widths[c]) for c in COLUMNS).rstrip())
        for r in shown:
            self.stdout.write("  ".join(r[c].ljust(widths[c]) for c in COLUMNS).rstrip())
