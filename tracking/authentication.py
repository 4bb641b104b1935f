"""Authentication by machine token (the Claude Code hooks' credential)."""

from __future__ import annotations

import jwt
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from audit.request_context import set_identity
from tracking.machine_jwt import MACHINE_CLAIM, MachineAccessToken
from tracking.services.machine_tokens import (
    MachineAuth,
    active_machine_token,
    decode_machine_token,
    touch,
)


class MachineTokenAuthentication(BaseAuthentication):
    """Accepts ``Authorization: Bearer <machine token>``; any other bearer token is left
    to the next authentication class (so this one must come first: DRF stops at the
    first class that raises)."""

    auth_kind = "machine"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != b"bearer":
            return None
        try:
            raw = parts[1].decode("ascii")
            # Only the type is read unverified, to route the token; everything that
            # grants access is verified below.
            claims = jwt.decode(raw, options={"verify_signature": False})
        except (UnicodeDecodeError, jwt.PyJWTError):
            return None
        if (
            not isinstance(claims, dict)
            or claims.get("token_type") != MachineAccessToken.token_type
        ):
            return None
        try:
            token = decode_machine_token(raw)
        except TokenError as exc:
            raise InvalidToken({"detail": str(exc), "code": "token_not_valid"}) from exc
        row = active_machine_token(token.get("jti"), token.get(MACHINE_CLAIM))
        if row is None:
            raise InvalidToken({"detail": "Token has been revoked.", "code": "token_revoked"})
        touch(row)
        set_identity(request, row.user_id, self.auth_kind)
        return row.user, MachineAuth(token=row)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
