"""Issue a machine token from the shell (scripted installs, support)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracking.models import Platform
from tracking.services.machine_tokens import issue_machine_token


class Command(BaseCommand):
    help = (
        "Register (or update) a machine by fingerprint for a technician and print a new "
        "machine token for its Claude Code hooks. The token is printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Technician's username.")
        parser.add_argument(
            "--fingerprint", required=True, help="The machine's stable fingerprint (hook client)."
        )
        parser.add_argument("--hostname", required=True, help="The machine's hostname.")
        parser.add_argument(
            "--platform",
            choices=Platform.values,
            help="The machine's platform. Default: unchanged, or the model's default for a "
            "new machine.",
        )
        parser.add_argument(
            "--name", default="", help="Label, e.g. 'claude-code hooks'. Default: none."
        )

    def handle(self, *args, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: options["user"]})
        except user_model.DoesNotExist:
            raise CommandError(f"No user {options['user']!r}.") from None
        if not user.is_active:
            raise CommandError(f"User {options['user']!r} is inactive.")
        fields = {"hostname": options["hostname"]}
        if options["platform"]:
            fields["platform"] = options["platform"]
        try:
            issued = issue_machine_token(
                user=user, fingerprint=options["fingerprint"], name=options["name"], **fields
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        except Exception as exc:  # e.g. Conflict: machine of another technician
            if getattr(exc, "status_code", None) == 409:
                raise CommandError(str(exc.detail)) from None
            raise
        self.stderr.write(
            f"Token {issued.row.pk} for {issued.row.machine} ({user}), "
            f"expires {issued.row.expires_at:%Y-%m-%d}. Shown once:"
        )
        self.stdout.write(issued.token)
