"""Token classes: every login gets a family id (``sid``) shared by its refresh and access
tokens across rotations, so revoking the login stops all of them at once."""

from __future__ import annotations

import uuid

from rest_framework_simplejwt.tokens import RefreshToken

FAMILY_CLAIM = "sid"


class FamilyRefreshToken(RefreshToken):
    @classmethod
    def for_user(cls, user) -> FamilyRefreshToken:
        token = super().for_user(user)
        token[FAMILY_CLAIM] = uuid.uuid4().hex
        return token
