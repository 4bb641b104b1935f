from __future__ import annotations

from rest_framework_simplejwt.authentication import JWTAuthentication as SimpleJWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken

from audit.request_context import set_identity
from msp.auth.jwt_families import FAMILY_CLAIM
from msp.auth.services import is_family_revoked


class JWTAuthentication(SimpleJWTAuthentication):
    """simplejwt's access-token check, plus: the login must not have been revoked, and the
    audit log learns who made the request (DRF authenticates after middleware has run)."""

    auth_kind = "jwt"

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        family = token.get(FAMILY_CLAIM)
        if not family or is_family_revoked(family):
            raise InvalidToken({"detail": "Token has been revoked.", "code": "token_revoked"})
        set_identity(request, user.pk, self.auth_kind)
        return user, token
