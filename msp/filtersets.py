"""django-filter filtersets of the inventory (``<Model>FilterSet``).

Relations filter as ``<fk>_id`` (a UUID), choices as their field name, times as
``<field>__gte`` / ``<field>__lte`` (ISO-8601). A malformed value answers 400.
"""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db import models

from msp.models import (
    Client,
    Credential,
    FirewallRule,
    Infrastructure,
    M365Tenant,
    Network,
    SecurityIncident,
    Service,
    Site,
)
from msp.validators import PORT_MAX, PORT_MIN, VLAN_MAX, VLAN_MIN

# Out-of-range numbers answer 400 instead of overflowing the database driver.
MAX_DB_INTEGER = 2**63 - 1


class StrictBooleanField(forms.NullBooleanField):
    """``true``/``false`` (or 1/0, yes/no, on/off); anything else is a 400. Django's
    own field reads ``?is_active=maybe`` as "no filter" and returns every row."""

    widget = forms.TextInput
    TRUE = frozenset({"true", "1", "yes", "on"})
    FALSE = frozenset({"false", "0", "no", "off"})

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError("Enter true or false.", code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class BaseFilterSet(filters.FilterSet):
    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }

    created_at__gte = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_at__lte = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lte")


class ClientFilterSet(BaseFilterSet):
    name = filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Client
        fields = ["name", "client_type", "is_active", "timezone"]


class SiteFilterSet(BaseFilterSet):
    client_id = filters.UUIDFilter(field_name="client")
    name = filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Site
        fields = ["client_id", "name", "vpn_required"]


class InfrastructureFilterSet(BaseFilterSet):
    client_id = filters.UUIDFilter(field_name="client")
    site_id = filters.UUIDFilter(field_name="site")
    parent_id = filters.UUIDFilter(field_name="parent")
    hostname = filters.CharFilter(lookup_expr="iexact")
    os = filters.CharFilter(lookup_expr="icontains")
    warranty_expires__lte = filters.DateFilter(field_name="warranty_expires", lookup_expr="lte")

    class Meta:
        model = Infrastructure
        fields = [
            "client_id",
            "site_id",
            "parent_id",
            "asset_type",
            "status",
            "hostname",
            "ip_address",
            "mac_address",
            "os",
        ]


class ServiceFilterSet(BaseFilterSet):
    client_id = filters.UUIDFilter(field_name="infrastructure__client")
    infrastructure_id = filters.UUIDFilter(field_name="infrastructure")
    depends_on_id = filters.UUIDFilter(field_name="depends_on")
    port = filters.NumberFilter(min_value=PORT_MIN, max_value=PORT_MAX)

    class Meta:
        model = Service
        fields = [
            "client_id",
            "infrastructure_id",
            "depends_on_id",
            "service_type",
            "status",
            "protocol",
            "port",
        ]


class NetworkFilterSet(BaseFilterSet):
    client_id = filters.UUIDFilter(field_name="client")
    site_id = filters.UUIDFilter(field_name="site")
    vlan_id = filters.NumberFilter(min_value=VLAN_MIN, max_value=VLAN_MAX)

    class Meta:
        model = Network
        fields = ["client_id", "site_id", "network_type", "cidr", "vlan_id", "dhcp_enabled"]


class FirewallRuleFilterSet(BaseFilterSet):
    client_id = filters.UUIDFilter(field_name="firewall__client")
    firewall_id = filters.UUIDFilter(field_name="firewall")

    class Meta:
        model = FirewallRule
        fields = ["client_id", "firewall_id", "action", "protocol", "enabled"]


class M365TenantFilterSet(BaseFilterSet):
    client_id = filters.UUIDFilter(field_name="client")

    class Meta:
        model = M365Tenant
        fields = ["client_id", "tenant_id", "mfa_enforced"]


class SecurityIncidentFilterSet(BaseFilterSet):
    client_id = filters.UUIDFilter(field_name="client")
    infrastructure_id = filters.UUIDFilter(field_name="infrastructure")
    service_id = filters.UUIDFilter(field_name="service")
    assigned_to_id = filters.NumberFilter(
        field_name="assigned_to", min_value=1, max_value=MAX_DB_INTEGER
    )
    detected_at__gte = filters.IsoDateTimeFilter(field_name="detected_at", lookup_expr="gte")
    detected_at__lte = filters.IsoDateTimeFilter(field_name="detected_at", lookup_expr="lte")

    class Meta:
        model = SecurityIncident
        fields = [
            "client_id",
            "infrastructure_id",
            "service_id",
            "assigned_to_id",
            "incident_type",
            "severity",
            "status",
        ]


class CredentialFilterSet(BaseFilterSet):
    """Credentials: by client and relations, type, flags and expiry (never by secret)."""

    client_id = filters.UUIDFilter(field_name="client")
    infrastructure_id = filters.UUIDFilter(field_name="infrastructure")
    service_id = filters.UUIDFilter(field_name="service")
    m365_tenant_id = filters.UUIDFilter(field_name="m365_tenant")
    name = filters.CharFilter(lookup_expr="iexact")
    expires_at__gte = filters.IsoDateTimeFilter(field_name="expires_at", lookup_expr="gte")
    expires_at__lte = filters.IsoDateTimeFilter(field_name="expires_at", lookup_expr="lte")

    class Meta:
        model = Credential
        fields = [
            "client_id",
            "infrastructure_id",
            "service_id",
            "m365_tenant_id",
            "name",
            "credential_type",
            "is_active",
            "requires_vpn",
            "requires_2fa",
        ]
