"""Inventory API viewsets: each names its queryset (joined so that a list costs the same
number of queries whatever its length), serializer, filterset, search and ordering."""

from __future__ import annotations

from django.db import transaction

from msp import client_access
from msp.api.viewsets import BaseModelViewSet
from msp.filtersets import (
    ClientFilterSet,
    FirewallRuleFilterSet,
    InfrastructureFilterSet,
    M365TenantFilterSet,
    NetworkFilterSet,
    SecurityIncidentFilterSet,
    ServiceFilterSet,
    SiteFilterSet,
)
from msp.models import (
    Client,
    FirewallRule,
    Infrastructure,
    M365Tenant,
    Network,
    SecurityIncident,
    Service,
    Site,
)
from msp.serializers import (
    ClientSerializer,
    FirewallRuleSerializer,
    InfrastructureSerializer,
    M365TenantSerializer,
    NetworkSerializer,
    SecurityIncidentSerializer,
    ServiceSerializer,
    SiteSerializer,
)


class ClientViewSet(BaseModelViewSet):
    """Clients: the companies the MSP runs IT for, with their billing defaults."""

    queryset = Client.objects.prefetch_related("teams")
    serializer_class = ClientSerializer
    filterset_class = ClientFilterSet
    search_fields = ["name", "domain", "primary_contact_name", "primary_contact_email", "notes"]
    ordering_fields = ["name", "client_type", "is_active", "created_at", "updated_at"]

    def perform_create(self, serializer):
        with transaction.atomic():
            client = serializer.save()
            client_access.give_creator_access(client, self.request.user)


class SiteViewSet(BaseModelViewSet):
    """Sites (offices, data centres) of clients."""

    queryset = Site.objects.select_related("client")
    serializer_class = SiteSerializer
    filterset_class = SiteFilterSet
    search_fields = ["name", "address", "notes", "client__name"]
    ordering_fields = ["name", "client__name", "created_at", "updated_at"]


class InfrastructureViewSet(BaseModelViewSet):
    """Assets of clients: servers, hypervisors and their VMs, network devices, ..."""

    queryset = Infrastructure.objects.all()
    serializer_class = InfrastructureSerializer
    filterset_class = InfrastructureFilterSet
    search_fields = [
        "hostname",
        "fqdn",
        "ip_address",
        "mac_address",
        "role",
        "os",
        "serial_number",
        "notes",
        "environmental_notes",
    ]
    ordering_fields = [
        "hostname",
        "asset_type",
        "status",
        "ip_address",
        "warranty_expires",
        "created_at",
        "updated_at",
    ]


class ServiceViewSet(BaseModelViewSet):
    """Services that assets run (their client is the asset's client)."""

    queryset = Service.objects.select_related("infrastructure").prefetch_related("depends_on")
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilterSet
    search_fields = ["name", "version", "notes", "infrastructure__hostname"]
    ordering_fields = ["name", "service_type", "status", "port", "created_at", "updated_at"]


class NetworkViewSet(BaseModelViewSet):
    """IP networks and VLANs of clients."""

    queryset = Network.objects.all()
    serializer_class = NetworkSerializer
    filterset_class = NetworkFilterSet
    search_fields = ["name", "cidr", "notes"]
    ordering_fields = ["name", "cidr", "vlan_id", "network_type", "created_at", "updated_at"]


class FirewallRuleViewSet(BaseModelViewSet):
    """Rules of firewalls (assets of type firewall or router), in position order."""

    queryset = FirewallRule.objects.select_related("firewall")
    serializer_class = FirewallRuleSerializer
    filterset_class = FirewallRuleFilterSet
    search_fields = ["name", "source", "destination", "destination_ports", "notes"]
    ordering_fields = ["position", "action", "protocol", "enabled", "created_at", "updated_at"]


class M365TenantViewSet(BaseModelViewSet):
    """Microsoft 365 tenants of clients."""

    queryset = M365Tenant.objects.all()
    serializer_class = M365TenantSerializer
    filterset_class = M365TenantFilterSet
    search_fields = ["tenant_name", "tenant_id", "default_domain", "admin_email", "notes"]
    ordering_fields = ["tenant_name", "default_domain", "created_at", "updated_at"]


class SecurityIncidentViewSet(BaseModelViewSet):
    """Security incidents at clients."""

    queryset = SecurityIncident.objects.all()
    serializer_class = SecurityIncidentSerializer
    filterset_class = SecurityIncidentFilterSet
    search_fields = ["title", "findings", "remediation", "reported_by", "notes"]
    ordering_fields = [
        "detected_at",
        "resolved_at",
        "severity",
        "status",
        "title",
        "created_at",
        "updated_at",
    ]


# --- Credential vault ----------------------------------------------------------------
# Appended: secrets never appear in list/detail (only ``secrets_set``); writes and the
# reveal go through msp.vault, which encrypts and audits.

from django.utils import timezone  # noqa: E402
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view  # noqa: E402
from rest_framework.decorators import action  # noqa: E402
from rest_framework.permissions import IsAuthenticated  # noqa: E402
from rest_framework.response import Response  # noqa: E402

from msp import vault  # noqa: E402
from msp.api.exceptions import Conflict  # noqa: E402
from msp.api.schema import ErrorSerializer  # noqa: E402
from msp.filtersets import CredentialFilterSet  # noqa: E402
from msp.models import Credential  # noqa: E402
from msp.serializers.credentials import (  # noqa: E402
    CredentialRevealSerializer,
    CredentialSerializer,
)


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
