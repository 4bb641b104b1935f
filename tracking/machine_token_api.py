"""``auth/machine-tokens/``: a technician registers a machine and gets its hook token.

Any authenticated technician may issue tokens for their own machines (it is how the hook
client is set up) and list, read and revoke their own; only ``manage_machine_tokens``
reaches everyone's (another technician's token answers 404, like a missing one). A
machine token cannot be used to manage machine tokens: a stolen hook token must not mint
more of them.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from msp.api.viewsets import StrictQueryParamsMixin
from tracking.models import Machine, Platform
from tracking.models.tokens import MachineToken
from tracking.services.machine_tokens import (
    MachineAuth,
    issue_machine_token,
    revoke_machine_token,
    visible_machine_tokens,
)


class NotMachineToken(BasePermission):
    message = "Machine tokens cannot manage machine tokens; log in as the technician."

    def has_permission(self, request, view) -> bool:
        return not isinstance(request.auth, MachineAuth)


class MachineSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Machine
        fields = ["id", "hostname", "fingerprint", "platform", "os_version", "username"]
        read_only_fields = fields


class MachineTokenSerializer(serializers.ModelSerializer):
    machine = MachineSummarySerializer(read_only=True)
    user = serializers.CharField(source="user.get_username", read_only=True)
    is_revoked = serializers.BooleanField(read_only=True)

    class Meta:
        model = MachineToken
        fields = [
            "id",
            "name",
            "machine",
            "user",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "is_revoked",
        ]
        read_only_fields = fields


class MachineTokenCreateSerializer(serializers.Serializer):
    fingerprint = serializers.CharField(max_length=128)
    hostname = serializers.CharField(max_length=253)
    platform = serializers.ChoiceField(choices=Platform.choices, required=False)
    os_version = serializers.CharField(max_length=100, required=False, allow_blank=True)
    username = serializers.CharField(max_length=150, required=False, allow_blank=True)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)


class IssuedMachineTokenSerializer(MachineTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; store it safely.")

    class Meta(MachineTokenSerializer.Meta):
        fields = [*MachineTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class MachineTokenViewSet(
    StrictQueryParamsMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MachineTokenSerializer
    permission_classes = [IsAuthenticated, NotMachineToken]
    filter_backends: list = []
    queryset = MachineToken.objects.none()

    def get_queryset(self):
        return visible_machine_tokens(self.request.user).order_by("-created_at")

    @extend_schema(
        request=MachineTokenCreateSerializer, responses={201: IssuedMachineTokenSerializer}
    )
    def create(self, request, *args, **kwargs):
        incoming = MachineTokenCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        issued = issue_machine_token(user=request.user, request=request, **incoming.validated_data)
        body = IssuedMachineTokenSerializer(issued.row).data
        body["token"] = issued.token
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Revoke the token (kept for the record); refused from its next request on."""
        revoke_machine_token(self.get_object(), actor=request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
