"""Revoke machine tokens from the shell: by id, by the token itself, or by machine."""

from __future__ import annotations

import uuid

from django.core.management.base import BaseCommand, CommandError
from rest_framework_simplejwt.exceptions import TokenError

from tracking.models.tokens import MachineToken
from tracking.services.machine_tokens import decode_machine_token, revoke_machine_token


class Command(BaseCommand):
    help = (
        "Revoke machine tokens. Give a token id, the token itself, or --machine "
        "FINGERPRINT to revoke every token of a machine. Effective on the next request."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "token",
            nargs="?",
            help="Token id (UUID, as list_machine_tokens shows it) or the token string. "
            "Default: none (then give --machine).",
        )
        parser.add_argument(
            "--machine",
            help="Revoke every active token of this machine fingerprint instead. Default: none.",
        )

    def handle(self, *args, **options):
        if bool(options["token"]) == bool(options["machine"]):
            raise CommandError("Give either a token (id or string) or --machine FINGERPRINT.")
        if options["machine"]:
            rows = list(
                MachineToken.objects.select_related("machine").filter(
                    machine__fingerprint=options["machine"], revoked_at__isnull=True
                )
            )
            if (
                not rows
                and not MachineToken.objects.filter(
                    machine__fingerprint=options["machine"]
                ).exists()
            ):
                raise CommandError(f"No machine token for fingerprint {options['machine']!r}.")
            if not rows:
                raise CommandError(
                    f"Every token of fingerprint {options['machine']!r} was already revoked."
                )
        else:
            rows = [self._one(options["token"])]
        revoked = sum(revoke_machine_token(row) for row in rows)
        if not revoked:
            # Revoked by someone else between the lookup and now, or before: say so, and
            # fail, so that a script does not report a revocation it did not make.
            row = rows[0]
            raise CommandError(
                f"Token {row.pk} was already revoked at {row.revoked_at:%Y-%m-%d %H:%M} UTC."
            )
        self.stdout.write(f"Revoked {revoked} token(s).")

    def _one(self, text: str) -> MachineToken:
        try:
            token_id = uuid.UUID(text)
        except ValueError:
            try:
                token_id = decode_machine_token(text)["jti"]
            except (TokenError, KeyError):
                raise CommandError("Not a token id nor a valid machine token.") from None
        row = MachineToken.objects.select_related("machine").filter(pk=token_id).first()
        if row is None:
            raise CommandError(f"No machine token {token_id}.")
        return row
