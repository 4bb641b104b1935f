"""API serializers of the msp app, one module per area (``<Model>Serializer``)."""

from msp.api.serializers import ModelCleanSerializer
from msp.serializers.clients import ClientSerializer, SiteSerializer
from msp.serializers.incidents import SecurityIncidentSerializer
from msp.serializers.infrastructure import InfrastructureSerializer, ServiceSerializer
from msp.serializers.m365 import M365TenantSerializer
from msp.serializers.networks import FirewallRuleSerializer, NetworkSerializer

__all__ = [
    "ClientSerializer",
    "FirewallRuleSerializer",
    "InfrastructureSerializer",
    "M365TenantSerializer",
    "ModelCleanSerializer",
    "NetworkSerializer",
    "SecurityIncidentSerializer",
    "ServiceSerializer",
    "SiteSerializer",
]
