"""The msp API viewsets: the inventory and the credential vault, one module each."""

from msp.viewsets.credentials import CredentialViewSet
from msp.viewsets.inventory import (
    ClientViewSet,
    FirewallRuleViewSet,
    InfrastructureViewSet,
    M365TenantViewSet,
    NetworkViewSet,
    SecurityIncidentViewSet,
    ServiceViewSet,
    SiteViewSet,
)

__all__ = [
    "ClientViewSet",
    "CredentialViewSet",
    "FirewallRuleViewSet",
    "InfrastructureViewSet",
    "M365TenantViewSet",
    "NetworkViewSet",
    "SecurityIncidentViewSet",
    "ServiceViewSet",
    "SiteViewSet",
]
