"""Writes of the auth flows: issuing and revoking logins."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import transaction
from rest_framework_simplejwt.tokens import RefreshToken

from audit.services import record
from msp.auth.jwt_families import FAMILY_CLAIM, FamilyRefreshToken
from msp.models import RevokedTokenFamily


def issue_token_pair(user, *, request=None) -> dict[str, str]:
    refresh = FamilyRefreshToken.for_user(user)
    record(
        "auth.token_issued",
        actor=user,
        target=user,
        details={"family": refresh[FAMILY_CLAIM]},
        request=request,
    )
    return {"refresh": str(refresh), "access": str(refresh.access_token)}


def revoke_login(user, refresh: RefreshToken, *, request=None) -> None:
    """Blacklist the refresh token and revoke its whole family (every access token of it)."""
    family = refresh.get(FAMILY_CLAIM)
    expires_at = datetime.fromtimestamp(refresh["exp"], tz=UTC)
    with transaction.atomic():
        refresh.blacklist()
        if family:
            RevokedTokenFamily.objects.get_or_create(
                sid=family, defaults={"user": user, "expires_at": expires_at}
            )
        record(
            "auth.token_revoked",
            actor=user,
            target=user,
            details={"family": family},
            request=request,
        )


def is_family_revoked(family: str) -> bool:
    return RevokedTokenFamily.objects.filter(sid=family).exists()
