"""The machine token type: a simplejwt token of its own type, long-lived, bound to one
machine and to a ``MachineToken`` row (its ``jti``) that can revoke it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from rest_framework_simplejwt.tokens import Token

MACHINE_CLAIM = "machine_id"


class MachineAccessToken(Token):
    token_type = "machine"
    lifetime = timedelta(days=settings.MSP_MACHINE_TOKEN_DAYS)
