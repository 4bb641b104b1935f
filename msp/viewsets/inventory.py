"""Inventory API viewsets: each names its queryset (joined so that a list costs the same
number of queries whatever its length), serializer, filterset, search and ordering."""

from __future__ import annotations

from django.db import transaction

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
from msp.services import client_access


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
