from msp.models.auth import RevokedTokenFamily
from msp.models.base import BaseModel, NotesMixin
from msp.models.clients import Client, ClientType, Site
from msp.models.credentials import Credential as Credential
from msp.models.incidents import IncidentStatus, IncidentType, SecurityIncident, Severity
from msp.models.infrastructure import (
    AssetType,
    Infrastructure,
    InfrastructureStatus,
    Service,
    ServiceProtocol,
    ServiceStatus,
    ServiceType,
)
from msp.models.m365 import M365Tenant
from msp.models.networks import (
    FirewallAction,
    FirewallProtocol,
    FirewallRule,
    Network,
    NetworkType,
)

__all__ = [
    "AssetType",
    "BaseModel",
    "Client",
    "ClientType",
    "FirewallAction",
    "FirewallProtocol",
    "FirewallRule",
    "IncidentStatus",
    "IncidentType",
    "Infrastructure",
    "InfrastructureStatus",
    "M365Tenant",
    "Network",
    "NetworkType",
    "NotesMixin",
    "RevokedTokenFamily",
    "SecurityIncident",
    "Service",
    "ServiceProtocol",
    "ServiceStatus",
    "ServiceType",
    "Severity",
    "Site",
]
