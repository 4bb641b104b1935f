"""Inventory validation: the validators themselves, then each rule through the model's
``full_clean`` (what the admin and ``BaseModel.save`` run) and through the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from msp import validators as v
from msp.models import Client, Infrastructure, M365Tenant, Network, Service, Site
from msp.testing.auth import client_for
from msp.testing.credential_factories import CredentialFactory
from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import (
    ClientFactory,
    FirewallFactory,
    FirewallRuleFactory,
    HypervisorFactory,
    InfrastructureFactory,
    M365TenantFactory,
    NetworkFactory,
    SecurityIncidentFactory,
    ServiceFactory,
    SiteFactory,
    VirtualMachineFactory,
)


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


# --- Validators -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("10.0.0.1", "10.0.0.1"),
        (" 192.168.1.254 ", "192.168.1.254"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
    ],
)
def test_ip_addresses_are_normalised(raw, expected):
    assert v.normalize_ip_address(raw) == expected


@pytest.mark.parametrize("raw", ["10.0.0.256", "10.0.0", "host.example", "", "1.2.3.4/32", 5])
def test_bad_ip_addresses_are_rejected(raw):
    with pytest.raises(ValidationError):
        v.validate_ip_address(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "00:1A:2B:3C:4D:5E",
        "00-1a-2b-3c-4d-5e",
        "001a.2b3c.4d5e",
        "001A2B3C4D5E",
        " 00:1a:2b:3c:4d:5e ",
    ],
)
def test_mac_addresses_are_normalised_to_lower_colon_form(raw):
    assert v.normalize_mac_address(raw) == "00:1a:2b:3c:4d:5e"


@pytest.mark.parametrize(
    "raw",
    [
        "00:1a:2b:3c:4d",
        "00:1a:2b:3c:4d:5e:6f",
        "00:1a-2b:3c:4d:5e",
        "zz:1a:2b:3c:4d:5e",
        "001a.2b3c.4d5",
    ],
)
def test_bad_mac_addresses_are_rejected(raw):
    with pytest.raises(ValidationError):
        v.validate_mac_address(raw)


def test_cidr_normal_form_and_host_bits():
    assert v.normalize_cidr("10.0.0.0/24") == "10.0.0.0/24"
    assert v.normalize_cidr("2001:DB8:0::/64") == "2001:db8::/64"
    with pytest.raises(ValidationError) as caught:
        v.normalize_cidr("10.0.0.5/24")
    assert "did you mean 10.0.0.0/24" in caught.value.messages[0]
    for bad in ("10.0.0.0", "10.0.0.0/33", "10.0.0.0/abc", "nonsense/24"):
        with pytest.raises(ValidationError):
            v.normalize_cidr(bad)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("any", None),
        ("ANY", None),
        ("443", [(443, 443)]),
        ("8000-8100", [(8000, 8100)]),
        ("80, 443,8000-8100", [(80, 80), (443, 443), (8000, 8100)]),
        ("1-65535", [(1, 65535)]),
    ],
)
def test_port_specs_parse(raw, expected):
    assert v.parse_port_spec(raw) == expected


@pytest.mark.parametrize(
    "raw", ["0", "65536", "9000-8000", "https", "1-2-3", "80,", "-5", "123456", "80;443"]
)
def test_bad_port_specs_are_rejected(raw):
    with pytest.raises(ValidationError):
        v.parse_port_spec(raw)


def test_port_spec_normal_form():
    assert v.normalize_port_spec(" 80 , 443, 80-80 ,443") == "80,443"
    assert v.normalize_port_spec("*") == "any"


def test_address_specs():
    assert v.normalize_address_spec(" Any ") == "any"
    assert v.normalize_address_spec("10.0.0.1, 10.1.0.0/16,10.0.0.1") == "10.0.0.1, 10.1.0.0/16"
    for bad in ("10.0.0.1/8", "any, 10.0.0.1", "not-an-address"):
        with pytest.raises(ValidationError):
            v.normalize_address_spec(bad)


@pytest.mark.parametrize(
    "value, ok", [(1, True), (4094, True), (0, False), (4095, False), (True, False), ("10", False)]
)
def test_vlan_ids(value, ok):
    if ok:
        v.validate_vlan_id(value)
    else:
        with pytest.raises(ValidationError):
            v.validate_vlan_id(value)


@pytest.mark.parametrize(
    "value, ok", [(1, True), (65535, True), (0, False), (65536, False), (-1, False)]
)
def test_ports(value, ok):
    if ok:
        v.validate_port(value)
    else:
        with pytest.raises(ValidationError):
            v.validate_port(value)


def test_tenant_ids():
    expected = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    assert v.normalize_tenant_id("72F988BF-86F1-41AF-91AB-2D7CD011DB47") == expected
    assert v.normalize_tenant_id("{72f988bf-86f1-41af-91ab-2d7cd011db47}") == expected
    for bad in (
        "72f988bf86f141af91ab2d7cd011db47",
        "urn:uuid:" + expected,
        "contoso",
        "00000000-0000-0000-0000-000000000000",
        expected + "0",
    ):
        with pytest.raises(ValidationError):
            v.normalize_tenant_id(bad)


@pytest.mark.parametrize(
    "value, ok",
    [
        ("UTC", True),
        ("Europe/Berlin", True),
        ("America/Argentina/Buenos_Aires", True),
        ("europe/berlin", False),
        ("Mars/Olympus", False),
        ("../../etc/passwd", False),
        ("", False),
    ],
)
def test_time_zones(value, ok):
    if ok:
        v.validate_timezone(value)
    else:
        with pytest.raises(ValidationError):
            v.validate_timezone(value)


def test_domain_names():
    assert v.normalize_domain_name("Example.COM.") == "example.com"
    assert v.normalize_domain_name("bücher.example") == "bücher.example"
    for bad in ("not a domain", "-bad.example", "a..b", "x" * 64 + ".example"):
        with pytest.raises(ValidationError):
            v.normalize_domain_name(bad)


# --- Rules through full_clean (the admin's path) and save() ----------------------------


@pytest.mark.django_db
class TestModelRules:
    def test_client_names_are_unique_case_insensitively(self):
        ClientFactory(name="Contoso")
        assert "name" in errors_of(Client(name="CONTOSO "))
        with pytest.raises(ValidationError):
            Client(name="contoso").save()

    def test_client_billing_and_timezone_rules(self):
        errors = errors_of(
            Client(
                name="Billing",
                billing_increment_minutes=0,
                default_hourly_rate=-5,
                timezone="Nowhere",
            )
        )
        assert {"billing_increment_minutes", "default_hourly_rate", "timezone"} <= set(errors)

    def test_database_constraints_back_up_the_checks(self):
        ClientFactory(name="Backstop")
        with pytest.raises(IntegrityError), transaction.atomic():
            Client(name="BACKSTOP").save(skip_validation=True)
        site = SiteFactory(name="HQ")
        with pytest.raises(IntegrityError), transaction.atomic():
            Site(client=site.client, name="HQ").save(skip_validation=True)

    def test_site_names_are_unique_per_client(self):
        site = SiteFactory(name="Head office")
        assert "name" in errors_of(Site(client=site.client, name="head OFFICE"))
        Site(client=ClientFactory(), name="Head office").full_clean()

    def test_site_cannot_move_to_another_client_while_in_use(self):
        site = SiteFactory()
        InfrastructureFactory(client=site.client, site=site)
        site.client = ClientFactory()
        assert "client" in errors_of(site)

    def test_assets_and_tenants_with_credentials_cannot_move_to_another_client(self):
        asset = InfrastructureFactory()
        service = ServiceFactory(infrastructure=asset)
        tenant = M365TenantFactory(client=asset.client)
        CredentialFactory(client=asset.client, infrastructure=asset)
        CredentialFactory(client=asset.client, service=service)
        CredentialFactory(client=asset.client, m365_tenant=tenant)
        other = ClientFactory()
        asset.client = other
        assert "client" in errors_of(asset)
        service.infrastructure = InfrastructureFactory(client=other)
        assert "infrastructure" in errors_of(service)
        tenant.client = other
        assert "client" in errors_of(tenant)

    def test_infrastructure_site_must_be_of_the_same_client(self):
        asset = InfrastructureFactory.build(client=ClientFactory(), site=SiteFactory())
        assert "site" in errors_of(asset)

    def test_hostnames_are_unique_per_client(self):
        asset = InfrastructureFactory(hostname="DC01")
        duplicate = InfrastructureFactory.build(client=asset.client, hostname="dc01")
        assert "hostname" in errors_of(duplicate)
        InfrastructureFactory.build(client=ClientFactory(), hostname="DC01").full_clean()

    def test_ip_and_mac_are_validated_and_normalised(self):
        asset = InfrastructureFactory.build(
            client=ClientFactory(), ip_address="10.0.0.300", mac_address="00:11:22"
        )
        assert {"ip_address", "mac_address"} <= set(errors_of(asset))
        asset = InfrastructureFactory(mac_address="AA-BB-CC-DD-EE-FF", ip_address="2001:DB8::10")
        asset.refresh_from_db()
        assert (asset.mac_address, asset.ip_address) == ("aa:bb:cc:dd:ee:ff", "2001:db8::10")

    def test_vm_parent_must_be_a_host_of_the_same_client(self):
        host = HypervisorFactory()
        vm = VirtualMachineFactory.build(client=ClientFactory(), parent=host)
        assert "parent" in errors_of(vm)
        switch = InfrastructureFactory(asset_type="switch")
        vm = VirtualMachineFactory.build(client=switch.client, parent=switch)
        assert "parent" in errors_of(vm)
        server = InfrastructureFactory(asset_type="server")
        VirtualMachineFactory.build(client=server.client, parent=server).full_clean()

    def test_only_guests_have_a_parent(self):
        host = HypervisorFactory()
        laptop = InfrastructureFactory.build(client=host.client, asset_type="laptop", parent=host)
        assert "parent" in errors_of(laptop)

    def test_a_vm_cannot_be_its_own_host(self):
        vm = VirtualMachineFactory()
        vm.parent = vm
        assert "parent" in errors_of(vm)

    def test_parent_cycles_are_rejected(self):
        host = HypervisorFactory()
        vm = VirtualMachineFactory(client=host.client, parent=host)
        container = InfrastructureFactory(client=host.client, asset_type="container", parent=vm)
        # Turning the hypervisor into a container on its own guest would close a loop.
        host.asset_type = "container"
        host.parent = vm
        errors = errors_of(host)
        assert "parent" in errors or "asset_type" in errors
        # A loop already in the data (written around validation) is still detected and
        # the walk terminates.
        Infrastructure.objects.filter(pk=host.pk).update(parent=vm)
        new = InfrastructureFactory.build(client=host.client, asset_type="container", parent=vm)
        assert "parent" in errors_of(new)
        assert container.parent_id == vm.pk

    def test_a_host_with_guests_keeps_a_host_type(self):
        vm = VirtualMachineFactory()
        host = vm.parent
        host.asset_type = "switch"
        assert "asset_type" in errors_of(host)

    def test_network_rules(self):
        network = NetworkFactory(cidr="10.50.0.0/24")
        client = network.client
        assert "cidr" in errors_of(Network(client=client, name="dup", cidr="10.50.0.0/24"))
        assert "cidr" in errors_of(Network(client=client, name="h", cidr="10.51.0.9/24"))
        assert "gateway" in errors_of(
            Network(client=client, name="g", cidr="10.52.0.0/24", gateway="10.53.0.1")
        )
        assert "gateway" in errors_of(
            Network(client=client, name="b", cidr="10.52.0.0/24", gateway="10.52.0.255")
        )
        assert "gateway" in errors_of(
            Network(client=client, name="6", cidr="10.52.0.0/24", gateway="2001:db8::1")
        )
        for vlan in (0, 4095):
            assert "vlan_id" in errors_of(
                Network(client=client, name="v", cidr="10.54.0.0/24", vlan_id=vlan)
            )
        assert "site" in errors_of(
            Network(client=client, name="s", cidr="10.55.0.0/24", site=SiteFactory())
        )
        Network(
            client=ClientFactory(),
            name="same cidr, other client",
            cidr="10.50.0.0/24",
            gateway="10.50.0.1",
            vlan_id=4094,
        ).full_clean()

    def test_service_rules(self):
        service = ServiceFactory(name="IIS")
        for port in (0, 65536):
            assert "port" in errors_of(
                Service(infrastructure=service.infrastructure, name=f"p{port}", port=port)
            )
        assert "name" in errors_of(Service(infrastructure=service.infrastructure, name="iis"))

    def test_service_dependencies(self):
        a = ServiceFactory()
        b = ServiceFactory(infrastructure=a.infrastructure)
        c = ServiceFactory(infrastructure=a.infrastructure)
        foreign = ServiceFactory()
        for others, in_error in (([a], True), ([foreign], True), ([b], False)):
            if in_error:
                with pytest.raises(ValidationError) as caught:
                    a.clean_m2m(depends_on=others)
                assert "depends_on" in caught.value.message_dict
            else:
                a.clean_m2m(depends_on=others)
        a.depends_on.add(b)
        b.depends_on.add(c)
        with pytest.raises(ValidationError) as caught:
            c.clean_m2m(depends_on=[a])
        assert "cycle" in caught.value.message_dict["depends_on"][0]

    def test_firewall_rule_rules(self):
        switch = InfrastructureFactory(asset_type="switch")
        rule = FirewallRuleFactory.build(firewall=switch)
        assert "firewall" in errors_of(rule)
        router = InfrastructureFactory(asset_type="router")
        FirewallRuleFactory.build(firewall=router).full_clean()
        rule = FirewallRuleFactory.build(
            firewall=FirewallFactory(), protocol="icmp", destination_ports="443"
        )
        assert "destination_ports" in errors_of(rule)
        for ports in ("0", "65536", "9000-8000", "web"):
            rule = FirewallRuleFactory.build(firewall=router, destination_ports=ports)
            assert "destination_ports" in errors_of(rule)
        rule = FirewallRuleFactory(
            firewall=router, source="10.0.0.0/8, 192.168.1.10", destination_ports="8000-8100, 443"
        )
        assert (rule.source, rule.destination_ports) == (
            "10.0.0.0/8, 192.168.1.10",
            "8000-8100,443",
        )

    def test_tenant_ids_are_guids_and_unique(self):
        tenant = M365TenantFactory(tenant_id="AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE")
        assert tenant.tenant_id == "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
        duplicate = M365Tenant(
            client=tenant.client,
            tenant_name="dup",
            tenant_id="{AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE}",
        )
        assert "tenant_id" in errors_of(duplicate)
        bad = M365Tenant(client=tenant.client, tenant_name="bad", tenant_id="contoso")
        assert "tenant_id" in errors_of(bad)

    def test_incident_rules(self):
        incident = SecurityIncidentFactory.build(client=ClientFactory())
        incident.resolved_at = incident.detected_at - datetime.timedelta(minutes=1)
        assert "resolved_at" in errors_of(incident)
        incident.resolved_at = None
        incident.infrastructure = InfrastructureFactory()
        incident.service = ServiceFactory()
        assert {"infrastructure", "service"} <= set(errors_of(incident))
        asset = InfrastructureFactory(client=incident.client)
        other_asset = InfrastructureFactory(client=incident.client)
        incident.infrastructure = asset
        incident.service = ServiceFactory(infrastructure=other_asset)
        assert "service" in errors_of(incident)

    def test_incident_done_status_stamps_resolved_at(self):
        incident = SecurityIncidentFactory(status="resolved")
        assert incident.resolved_at is not None
        assert timezone.now() - incident.resolved_at < datetime.timedelta(minutes=1)


# --- The same rules through the API ---------------------------------------------------


@pytest.fixture
def tech(db):
    user = UserFactory(
        permissions=[
            f"msp.{action}_{model}"
            for action in ("view", "add", "change", "delete")
            for model in (
                "client",
                "site",
                "infrastructure",
                "service",
                "network",
                "firewallrule",
                "m365tenant",
                "securityincident",
            )
        ]
    )
    return client_for(user)


def assert_400(response, field):
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()


@pytest.mark.django_db
class TestAPIRules:
    def test_vm_cycle_by_patch_is_400(self, tech):
        host = HypervisorFactory()
        vm = VirtualMachineFactory(client=host.client, parent=host)
        response = tech.patch(
            f"/api/v1/infrastructure/{host.pk}/",
            {"asset_type": "container", "parent": str(vm.pk)},
            format="json",
        )
        assert response.status_code == 400
        assert {"parent", "asset_type"} & set(response.json()["errors"])
        response = tech.patch(
            f"/api/v1/infrastructure/{vm.pk}/", {"parent": str(vm.pk)}, format="json"
        )
        assert_400(response, "parent")

    def test_dependency_cycle_by_patch_is_400(self, tech):
        a = ServiceFactory()
        b = ServiceFactory(infrastructure=a.infrastructure)
        a.depends_on.add(b)
        response = tech.patch(
            f"/api/v1/services/{b.pk}/", {"depends_on": [str(a.pk)]}, format="json"
        )
        assert_400(response, "depends_on")
        response = tech.patch(
            f"/api/v1/services/{b.pk}/", {"depends_on": [str(b.pk)]}, format="json"
        )
        assert_400(response, "depends_on")

    def test_moving_a_site_in_use_to_another_client_is_400(self, tech):
        asset = InfrastructureFactory()
        site = SiteFactory(client=asset.client)
        asset.site = site
        asset.save()
        response = tech.patch(
            f"/api/v1/sites/{site.pk}/", {"client": str(ClientFactory().pk)}, format="json"
        )
        assert_400(response, "client")

    def test_moving_an_asset_with_guests_to_another_client_is_400(self, tech):
        vm = VirtualMachineFactory()
        response = tech.patch(
            f"/api/v1/infrastructure/{vm.parent_id}/",
            {"client": str(ClientFactory().pk)},
            format="json",
        )
        assert_400(response, "client")

    def test_gateway_change_outside_the_stored_cidr_is_400(self, tech):
        network = NetworkFactory(cidr="10.60.0.0/24", gateway="10.60.0.1")
        response = tech.patch(
            f"/api/v1/networks/{network.pk}/", {"gateway": "10.61.0.1"}, format="json"
        )
        assert_400(response, "gateway")
        response = tech.patch(
            f"/api/v1/networks/{network.pk}/", {"cidr": "10.70.0.0/16"}, format="json"
        )
        assert_400(response, "gateway")

    def test_duplicate_names_answer_400_not_409(self, tech):
        client = ClientFactory(name="Fabrikam")
        response = tech.post("/api/v1/clients/", {"name": "fabrikam"}, format="json")
        assert_400(response, "name")
        NetworkFactory(client=client, cidr="10.80.0.0/24")
        response = tech.post(
            "/api/v1/networks/",
            {"client": str(client.pk), "name": "x", "cidr": "10.80.0.0/24"},
            format="json",
        )
        assert_400(response, "cidr")

    def test_ports_with_icmp_by_patch_is_400(self, tech):
        rule = FirewallRuleFactory(destination_ports="443")
        response = tech.patch(
            f"/api/v1/firewall-rules/{rule.pk}/", {"protocol": "icmp"}, format="json"
        )
        assert_400(response, "destination_ports")

    def test_deleting_a_client_or_host_still_in_use_is_409(self, tech):
        vm = VirtualMachineFactory()
        response = tech.delete(f"/api/v1/clients/{vm.client_id}/")
        assert response.status_code == 409, response.content
        response = tech.delete(f"/api/v1/infrastructure/{vm.parent_id}/")
        assert response.status_code == 409, response.content
        assert Infrastructure.objects.filter(pk=vm.parent_id).exists()

    def test_resolving_by_status_stamps_resolved_at(self, tech):
        incident = SecurityIncidentFactory()
        response = tech.patch(
            f"/api/v1/security-incidents/{incident.pk}/", {"status": "resolved"}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["resolved_at"]
        incident.refresh_from_db()
        assert incident.resolved_at >= incident.detected_at


# --- Text stored verbatim -------------------------------------------------------------

EMOJI_NAME = "Zahnarztpraxis 🦷 Müller & Söhne \U0001d49c — 日本"
SQLISH = "Robert'); DROP TABLE msp_client;-- \" OR 1=1 /* %_ \\"


@pytest.mark.django_db
def test_four_byte_unicode_round_trips(tech):
    response = tech.post(
        "/api/v1/clients/", {"name": EMOJI_NAME, "notes": "🔥💾🖨️ ok"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = tech.get(f"/api/v1/clients/{response.json()['id']}/").json()
    assert (body["name"], body["notes"]) == (EMOJI_NAME, "🔥💾🖨️ ok")
    client = Client.objects.get(pk=body["id"])
    response = tech.post(
        "/api/v1/infrastructure/",
        {
            "client": str(client.pk),
            "asset_type": "server",
            "hostname": "srv-🦷",
            "environmental_notes": "Never reboot 🛑 during surgery hours",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    asset = Infrastructure.objects.get(pk=response.json()["id"])
    assert asset.hostname == "srv-🦷"
    assert "🛑" in asset.environmental_notes
    assert tech.get("/api/v1/infrastructure/", {"search": "🛑"}).json()["count"] == 1


@pytest.mark.django_db
def test_sql_looking_strings_are_stored_verbatim(tech):
    response = tech.post("/api/v1/clients/", {"name": SQLISH, "notes": SQLISH}, format="json")
    assert response.status_code == 201, response.content
    client = Client.objects.get(pk=response.json()["id"])
    assert (client.name, client.notes) == (SQLISH, SQLISH)
    response = tech.get("/api/v1/clients/", {"search": SQLISH})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(client.pk)]
    assert tech.get("/api/v1/clients/", {"name": SQLISH}).json()["count"] == 1
    assert Client.objects.count() >= 1
