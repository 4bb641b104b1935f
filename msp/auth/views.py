"""Token endpoints. Thin: credentials are checked by serializers, writes done by services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from audit.request_context import set_identity
from audit.services import record
from msp.api.views import BaseAPIView
from msp.auth.jwt_families import FAMILY_CLAIM, FamilyRefreshToken
from msp.auth.lockout import LockedOut, is_locked_out
from msp.auth.serializers import (
    MeSerializer,
    TokenObtainSerializer,
    TokenPairSerializer,
    TokenRefreshSerializer,
    TokenRevokeSerializer,
)
from msp.auth.services import revoke_login


class TokenEndpoint(BaseAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    def get_authenticate_header(self, request):
        # Without authenticators DRF would turn a failed login's 401 into a 403.
        return 'Bearer realm="api"'


class TokenObtainView(TokenEndpoint):
    @extend_schema(
        request=TokenObtainSerializer,
        responses={200: TokenPairSerializer},
        summary="Log in: exchange username and password for a token pair",
    )
    def post(self, request):
        serializer = TokenObtainSerializer(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
        except AuthenticationFailed:
            if is_locked_out(request):
                raise LockedOut() from None
            raise
        user = serializer.user
        set_identity(request, user.pk, "password")
        family = FamilyRefreshToken(serializer.validated_data["refresh"])[FAMILY_CLAIM]
        record(
            "auth.login_succeeded",
            actor=user,
            target=user,
            details={"via": "api", "family": family},
            request=request,
        )
        return Response(serializer.validated_data)


class TokenRefreshView(TokenEndpoint):
    @extend_schema(
        request=TokenRefreshSerializer,
        responses={200: TokenPairSerializer},
        summary="Rotate a refresh token: new access and refresh tokens",
    )
    def post(self, request):
        serializer = TokenRefreshSerializer(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        set_identity(request, serializer.user_id, "refresh")
        record(
            "auth.token_refreshed", details={"user_id": str(serializer.user_id)}, request=request
        )
        return Response(serializer.validated_data)


class TokenRevokeView(BaseAPIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=TokenRevokeSerializer,
        responses={204: None},
        summary="Log out: revoke a login (its refresh and all its access tokens)",
    )
    def post(self, request):
        serializer = TokenRevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            refresh = FamilyRefreshToken(serializer.validated_data["refresh"])
        except TokenError as exc:
            raise ValidationError({"refresh": [str(exc.args[0])]}) from exc
        if str(refresh.get("user_id")) != str(request.user.pk):
            raise ValidationError({"refresh": ["This token belongs to another user."]})
        revoke_login(request.user, refresh, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(BaseAPIView):
    @extend_schema(responses={200: MeSerializer}, summary="The authenticated user")
    def get(self, request):
        return Response(MeSerializer(request.user).data)
