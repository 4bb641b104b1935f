"""The inventory admin: pages render for technicians, filters and search work, and its
forms apply the same validation as the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

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
from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import ClientFactory, ServiceFactory, SiteFactory

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


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture
def demo(db):
    seed_inventory()
    return Client.objects.get(name=DEMO_CLIENT)


def url(model, action="changelist", *args):
    return reverse(f"admin:msp_{model._meta.model_name}_{action}", args=args)


@pytest.mark.django_db
def test_every_changelist_and_change_page_renders(admin_client, demo):
    for model in MODELS:
        response = admin_client.get(url(model))
        assert response.status_code == 200, model
        obj = model.objects.first()
        assert admin_client.get(url(model, "change", obj.pk)).status_code == 200, model
        assert admin_client.get(url(model, "add")).status_code == 200, model


@pytest.mark.django_db
def test_changelists_run_a_constant_number_of_queries(
    admin_client, demo, django_assert_max_num_queries
):
    for model in MODELS:
        with django_assert_max_num_queries(20):
            admin_client.get(url(model))


@pytest.mark.django_db
def test_client_page_has_sites_networks_and_tenants_inline(admin_client, demo):
    content = admin_client.get(url(Client, "change", demo.pk)).content.decode()
    assert "Riverside branch" in content
    assert "10.10.10.0/24" in content
    assert "northwinddental.onmicrosoft.com" in content


@pytest.mark.django_db
def test_infrastructure_search_and_filters(admin_client, demo):
    def hostnames(params):
        response = admin_client.get(url(Infrastructure), params)
        assert response.status_code == 200
        return {obj.hostname for obj in response.context["cl"].result_list}

    assert hostnames({"q": "10.10.10.30"}) == {"APP01"}
    assert hostnames({"q": "SQL Server 2019 CU18"}) == {"APP01"}  # environmental notes
    assert hostnames({"q": "3c:ec:ef"}) == {"HV01"}
    assert hostnames({"asset_type__exact": "firewall"}) == {"fw-main", "fw-branch"}
    assert hostnames({"status__exact": "active", "asset_type__exact": "hypervisor"}) == {"HV01"}
    branch = Site.objects.get(client=demo, name="Riverside branch")
    assert hostnames({"site__id__exact": branch.pk}) == {"fw-branch", "RIV-PRN01"}
    assert "DC01" in hostnames({"client__id__exact": demo.pk})


@pytest.mark.django_db
def test_firewall_page_shows_its_rules(admin_client, demo):
    firewall = Infrastructure.objects.get(client=demo, hostname="fw-main")
    content = admin_client.get(url(Infrastructure, "change", firewall.pk)).content.decode()
    assert "Default deny inbound" in content
    server = Infrastructure.objects.get(client=demo, hostname="APP01")
    content = admin_client.get(url(Infrastructure, "change", server.pk)).content.decode()
    assert "firewall_rules-TOTAL_FORMS" not in content


@pytest.mark.django_db
def test_admin_rejects_a_site_of_another_client(admin_client):
    client = ClientFactory()
    foreign_site = SiteFactory()
    response = admin_client.post(
        url(Infrastructure, "add"),
        {
            "client": client.pk,
            "site": foreign_site.pk,
            "asset_type": "server",
            "hostname": "srv-x",
            "status": "active",
            "services-TOTAL_FORMS": 0,
            "services-INITIAL_FORMS": 0,
            "firewall_rules-TOTAL_FORMS": 0,
            "firewall_rules-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "This site belongs to another client." in response.content.decode()
    assert not Infrastructure.objects.filter(hostname="srv-x").exists()


@pytest.mark.django_db
def test_admin_normalises_like_the_api(admin_client):
    client = ClientFactory()
    response = admin_client.post(
        url(Infrastructure, "add"),
        {
            "client": client.pk,
            "asset_type": "server",
            "hostname": "srv-n",
            "status": "active",
            "mac_address": "AA-BB-CC-DD-EE-FF",
            "fqdn": "SRV-N.Example.",
            "services-TOTAL_FORMS": 0,
            "services-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    asset = Infrastructure.objects.get(hostname="srv-n")
    assert (asset.mac_address, asset.fqdn) == ("aa:bb:cc:dd:ee:ff", "srv-n.example")


@pytest.mark.django_db
def test_admin_rejects_a_dependency_on_another_clients_service(admin_client):
    service = ServiceFactory()
    foreign = ServiceFactory()
    response = admin_client.post(
        url(Service, "change", service.pk),
        {
            "infrastructure": service.infrastructure_id,
            "name": service.name,
            "service_type": "web",
            "protocol": "tcp",
            "status": "running",
            "urls": "[]",
            "depends_on": [foreign.pk],
        },
    )
    assert response.status_code == 200
    assert "belongs to another client" in response.content.decode()
    assert not service.depends_on.exists()


@pytest.mark.django_db
def test_admin_rejects_a_duplicate_client_name_with_a_field_message(admin_client):
    ClientFactory(name="Tailspin Toys")
    response = admin_client.post(
        url(Client, "add"),
        {
            "name": "TAILSPIN TOYS",
            "client_type": "managed",
            "timezone": "UTC",
            "default_hourly_rate": "0",
            "billing_increment_minutes": 15,
            "minimum_billable_minutes": 0,
            "contacts": "[]",
            "sites-TOTAL_FORMS": 0,
            "sites-INITIAL_FORMS": 0,
            "networks-TOTAL_FORMS": 0,
            "networks-INITIAL_FORMS": 0,
            "m365_tenants-TOTAL_FORMS": 0,
            "m365_tenants-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "A client with this name already exists." in response.content.decode()
    assert Client.objects.filter(name__iexact="tailspin toys").count() == 1


@pytest.mark.django_db
def test_str_is_readable(demo):
    assert str(demo) == DEMO_CLIENT
    assert str(Site.objects.get(client=demo, name="Main clinic")) == f"{DEMO_CLIENT} / Main clinic"
    assert str(Infrastructure.objects.get(client=demo, hostname="DC01")) == "DC01 (Virtual machine)"
    assert str(Service.objects.get(name="DNS")) == "DNS on DC01"
    assert (
        str(Network.objects.get(client=demo, cidr="10.10.10.0/24"))
        == "Servers 10.10.10.0/24 VLAN 20"
    )
    rule = FirewallRule.objects.get(firewall__hostname="fw-main", position=40)
    assert str(rule) == (
        "#40 Imaging vendor support: allow tcp 203.0.113.40 -> 10.10.10.30:443,8000-8100"
    )
    assert str(SecurityIncident.objects.get(client=demo)).startswith("[High] ")
