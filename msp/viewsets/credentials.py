"""The credential vault API: secrets never appear in list/detail (only ``secrets_set``);
writes and the reveal go through the vault service, which encrypts and audits."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from msp.api.exceptions import Conflict
from msp.api.schema import ErrorSerializer
from msp.api.viewsets import BaseModelViewSet
from msp.filtersets import CredentialFilterSet
from msp.models import Credential
from msp.serializers.credentials import (
    CredentialRevealSerializer,
    CredentialSerializer,
)
from msp.services import vault


class SecretUnavailable(Conflict):
    """409: the stored secret does not decrypt with the configured keyring (tampered,
    bound to another row/field, or under a key no longer configured). The request is
    fine; the stored state is not, so retrying will not help until an operator fixes it."""

    default_detail = "A stored secret of this credential could not be decrypted."
    default_code = "decrypt_failed"


@extend_schema_view(
    create=extend_schema(description="Secret fields are write-only and encrypted at rest."),
    partial_update=extend_schema(
        description='A secret field sent as null or "" is cleared; one left out is kept.'
    ),
)
class CredentialViewSet(BaseModelViewSet):
    queryset = Credential.objects.all()
    serializer_class = CredentialSerializer
    filterset_class = CredentialFilterSet
    search_fields = ["name", "username", "notes", "urls"]
    ordering_fields = [
        "name",
        "credential_type",
        "username",
        "expires_at",
        "last_rotated_at",
        "is_active",
        "created_at",
        "updated_at",
    ]

    def perform_destroy(self, instance):
        vault.delete_credential(instance, user=self.request.user, request=self.request)

    @extend_schema(
        request=None,
        responses={
            200: CredentialRevealSerializer,
            403: OpenApiResponse(
                ErrorSerializer,
                description="No `msp.reveal_credential` "
                "permission (recorded as `permission.denied`).",
            ),
            404: OpenApiResponse(ErrorSerializer, description="No such credential."),
            409: OpenApiResponse(
                ErrorSerializer,
                description="A stored secret does not "
                "decrypt (tampered, wrong row/field, unknown key); code "
                "`decrypt_failed`, recorded as `credential.decrypt_failed`. "
                "The stored text is never returned.",
            ),
        },
        description="Returns the decrypted secrets. Needs the permission "
        "`msp.reveal_credential`; every reveal is recorded as "
        "`credential.reveal` (who, from where, which fields; never the values).",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def reveal(self, request, pk=None):
        credential = self.get_object()
        try:
            values = vault.reveal_credential(
                credential,
                user=request.user,
                request=request,
                # Machine tokens (tracking) mark their auth object with a scope.
                delegated=getattr(request.auth, "scope", None) is not None,
            )
        except vault.CredentialDecryptError as exc:
            raise SecretUnavailable(str(exc)) from None
        body = CredentialRevealSerializer(
            {
                "id": credential.pk,
                "name": credential.name,
                "username": credential.username,
                "secrets": values,
                "revealed_at": timezone.now(),
            }
        ).data
        return Response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
