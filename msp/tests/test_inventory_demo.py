import pytest
from django.core.management import call_command

from msp.demo_inventory import DEMO_CLIENT, seed_inventory
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

MODELS = (
    Client,
    Site,
    Infrastructure,
    Service,
    Network,
    FirewallRule,
    M365Tenant,
    SecurityIncident,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_seed_inventory_is_realistic_and_idempotent():
    seed_inventory()
    first = counts()
    seed_inventory()
    assert counts() == first
    client = Client.objects.get(name=DEMO_CLIENT)
    assert client.sites.count() == 2
    hypervisor = Infrastructure.objects.get(client=client, asset_type="hypervisor")
    assert hypervisor.children.filter(asset_type="vm").count() >= 2
    firewall = Infrastructure.objects.get(client=client, hostname="fw-main")
    assert firewall.firewall_rules.count() >= 3
    assert Service.objects.filter(infrastructure__client=client).count() >= 3
    assert client.networks.count() >= 3
    assert client.m365_tenants.count() == 1
    incident = client.security_incidents.get()
    assert incident.status == "resolved" and incident.resolved_at > incident.detected_at
    practice = Service.objects.get(name="Practice management")
    assert practice.depends_on.count() == 2


@pytest.mark.django_db
def test_seed_demo_command_seeds_the_inventory(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Client.objects.filter(name=DEMO_CLIENT).count() == 1
