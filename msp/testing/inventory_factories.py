"""factory_boy factories of the inventory (every app's tests may use them)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from msp.models import (
    AssetType,
    Client,
    FirewallRule,
    Infrastructure,
    M365Tenant,
    Network,
    SecurityIncident,
    Service,
    Site,
)
from msp.testing.factories import shared_team


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Client {n:04d} GmbH")
    client_type = "managed"
    domain = factory.Sequence(lambda n: f"client{n}.example")
    default_hourly_rate = "120.00"
    billing_increment_minutes = 15
    minimum_billable_minutes = 15
    timezone = "Europe/Berlin"

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        """``teams=[group, ...]`` instead of the shared test team; ``teams=[]``: none."""
        if create:
            self.teams.add(*(extracted if extracted is not None else [shared_team()]))


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Office {n}")
    address = "Hauptstraße 1, 10115 Berlin"


class InfrastructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Infrastructure

    client = factory.SubFactory(ClientFactory)
    site = None
    asset_type = AssetType.SERVER
    hostname = factory.Sequence(lambda n: f"srv{n:04d}")
    ip_address = factory.Sequence(lambda n: f"10.{(n // 250) % 250}.{n % 250}.{10 + n % 200}")
    os = "Windows Server"
    os_version = "2022"


class HypervisorFactory(InfrastructureFactory):
    asset_type = AssetType.HYPERVISOR
    hostname = factory.Sequence(lambda n: f"hv{n:04d}")
    os = "Proxmox VE"
    os_version = "8.2"


class VirtualMachineFactory(InfrastructureFactory):
    asset_type = AssetType.VM
    hostname = factory.Sequence(lambda n: f"vm{n:04d}")
    parent = factory.SubFactory(HypervisorFactory, client=factory.SelfAttribute("..client"))


class FirewallFactory(InfrastructureFactory):
    asset_type = AssetType.FIREWALL
    hostname = factory.Sequence(lambda n: f"fw{n:04d}")
    os = "FortiOS"
    os_version = "7.4"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    infrastructure = factory.SubFactory(InfrastructureFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    service_type = "web"
    port = 443
    protocol = "tcp"


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"LAN {n}")
    network_type = "lan"
    cidr = factory.Sequence(lambda n: f"10.{(n // 250) % 250}.{n % 250}.0/24")
    vlan_id = factory.Sequence(lambda n: 10 + n % 4000)


class FirewallRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FirewallRule

    firewall = factory.SubFactory(FirewallFactory)
    position = factory.Sequence(lambda n: (n + 1) * 10)
    name = factory.Sequence(lambda n: f"rule {n}")
    action = "allow"
    protocol = "tcp"
    source = "any"
    destination = "10.0.0.10"
    destination_ports = "443"


class M365TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = M365Tenant

    client = factory.SubFactory(ClientFactory)
    tenant_id = factory.Faker("uuid4")
    tenant_name = factory.Sequence(lambda n: f"Tenant {n}")
    default_domain = factory.Sequence(lambda n: f"tenant{n}.onmicrosoft.com")
    mfa_enforced = True


class SecurityIncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecurityIncident

    client = factory.SubFactory(ClientFactory)
    title = factory.Sequence(lambda n: f"Phishing wave {n}")
    incident_type = "phishing"
    severity = "medium"
    status = "open"
    detected_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
