"""Every inventory resource through the generic API test base (CRUD, 401/403, 400s with
nothing written, constant list queries, filters), plus what the base cannot know."""

from __future__ import annotations

import datetime

from django.utils import timezone

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
from msp.testing.api import APIViewTestCases
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

OLD = datetime.datetime(2019, 6, 1, tzinfo=datetime.UTC)


def ids(*objects) -> set:
    return {obj.pk for obj in objects}


class CreatedAtCases:
    """Filter cases for ``created_at__gte`` / ``__lte``: one row is back-dated."""

    def created_at_cases(self, old) -> list[tuple[dict, set]]:
        self.model.objects.filter(pk=old.pk).update(created_at=OLD)
        others = set(self.model.objects.exclude(pk=old.pk).values_list("pk", flat=True))
        return [
            ({"created_at__lte": "2020-01-01T00:00:00Z"}, {old.pk}),
            ({"created_at__gte": "2020-01-01T00:00:00Z"}, others),
        ]


class TestClientAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = Client
    base_path = "/api/v1/clients/"
    factory = ClientFactory
    update_data = {"notes": "Quarterly billing from 2026 🧾", "default_hourly_rate": "150.00"}

    def setUp(self):
        super().setUp()
        self.existing = ClientFactory(name="Existing Client AG")

    def get_create_data(self):
        return [
            {
                "name": "Acme 🚀 Corp",
                "client_type": "co_managed",
                "domain": "ACME.example.",
                "timezone": "America/New_York",
                "default_hourly_rate": "145.50",
                "billing_increment_minutes": 6,
                "minimum_billable_minutes": 30,
                "primary_contact_email": "it@acme.example",
                "contacts": [{"name": "Jane Doe", "role": "CFO", "email": "jane@acme.example"}],
            },
            {"name": "Minimal Ltd"},
        ]

    def check_created(self, obj, payload, body):
        if payload["name"] == "Minimal Ltd":
            assert (obj.timezone, obj.billing_increment_minutes, obj.client_type) == (
                "UTC",
                15,
                "managed",
            )
            assert body["default_hourly_rate"] == "0.00"
        else:
            assert obj.domain == "acme.example"
            assert obj.name == "Acme 🚀 Corp"

    def get_invalid_data(self):
        return [
            ({"name": ""}, {"name"}),
            ({"name": "EXISTING client ag"}, {"name"}),
            ({"name": "Tz", "timezone": "Mars/Olympus_Mons"}, {"timezone"}),
            ({"name": "Inc", "billing_increment_minutes": 0}, {"billing_increment_minutes"}),
            ({"name": "Rate", "default_hourly_rate": "-1.00"}, {"default_hourly_rate"}),
            ({"name": "Type", "client_type": "vip"}, {"client_type"}),
            ({"name": "Dom", "domain": "not a domain"}, {"domain"}),
            ({"name": "Con", "contacts": [{"role": "no name"}]}, {"contacts"}),
        ]

    def filter_cases(self):
        a = ClientFactory(
            name="Filter Alpha", client_type="break_fix", is_active=False, timezone="Asia/Tokyo"
        )
        return [
            ({"name": "filter alpha"}, ids(a)),
            ({"client_type": "break_fix"}, ids(a)),
            ({"is_active": "false"}, ids(a)),
            ({"timezone": "Asia/Tokyo"}, ids(a)),
            *self.created_at_cases(a),
        ]

    def invalid_filter_params(self):
        return [{"client_type": "vip"}, {"created_at__gte": "yesterday"}]


class TestSiteAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = Site
    base_path = "/api/v1/sites/"
    factory = SiteFactory
    update_data = {"address": "Neue Straße 5 🏢", "vpn_required": True}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.hq = SiteFactory(client=self.acme, name="Headquarters")

    def get_create_data(self):
        return [
            {
                "client": str(self.acme.pk),
                "name": "Branch 🌲",
                "vpn_required": True,
                "gateway_ip": "10.1.0.1",
                "dns_servers": ["10.1.0.10", " 10.1.0.11", "10.1.0.10"],
                "timezone": "Europe/Vienna",
                "address": "Ring 1, Wien",
            }
        ]

    def check_created(self, obj, payload, body):
        assert obj.dns_servers == ["10.1.0.10", "10.1.0.11"]
        assert body["client"] == str(self.acme.pk)

    def get_invalid_data(self):
        client = str(self.acme.pk)
        return [
            ({"client": client, "name": ""}, {"name"}),
            ({"client": client, "name": "HEADQUARTERS"}, {"name"}),
            ({"client": client, "name": "B", "dns_servers": ["10.0.0.300"]}, {"dns_servers"}),
            ({"client": client, "name": "C", "gateway_ip": "10.0.0"}, {"gateway_ip"}),
            ({"client": client, "name": "D", "timezone": "Nowhere/City"}, {"timezone"}),
        ]

    def get_create_only_invalid_data(self):
        return [({"name": "No client"}, {"client"}), ({"client": str(self.acme.pk)}, {"name"})]

    def filter_cases(self):
        other = SiteFactory(name="Warehouse", vpn_required=True)
        return [
            ({"client_id": self.acme.pk}, ids(self.hq)),
            ({"name": "warehouse"}, ids(other)),
            ({"vpn_required": "true"}, ids(other)),
            *self.created_at_cases(other),
        ]

    def invalid_filter_params(self):
        return [{"client_id": "not-a-uuid"}]


class TestInfrastructureAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = Infrastructure
    base_path = "/api/v1/infrastructure/"
    factory = InfrastructureFactory
    update_data = {"status": "maintenance", "environmental_notes": "RAID battery weak ⚠️"}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.site = SiteFactory(client=self.acme)
        self.host = HypervisorFactory(client=self.acme, site=self.site, hostname="HV01")
        self.foreign_site = SiteFactory()
        self.foreign_host = HypervisorFactory()

    def get_create_data(self):
        client = str(self.acme.pk)
        return [
            {
                "client": client,
                "site": str(self.site.pk),
                "asset_type": "vm",
                "hostname": "APP01",
                "parent": str(self.host.pk),
                "ip_address": "10.0.0.20",
                "mac_address": "00-1A-2B-3C-4D-5E",
                "fqdn": "App01.Acme.Local",
                "os": "Ubuntu",
                "os_version": "24.04",
                "role": "ERP application server",
                "warranty_expires": "2027-12-31",
                "environmental_notes": "Never reboot during month-end close 🔥",
            },
            {
                "client": client,
                "asset_type": "switch",
                "hostname": "sw-core",
                "mac_address": "0011.2233.4455",
            },
        ]

    def check_created(self, obj, payload, body):
        if obj.hostname == "APP01":
            assert obj.mac_address == "00:1a:2b:3c:4d:5e"
            assert obj.fqdn == "app01.acme.local"
            assert body["parent"] == str(self.host.pk)
        else:
            assert obj.mac_address == "00:11:22:33:44:55"

    def get_invalid_data(self):
        client = str(self.acme.pk)
        return [
            ({"client": client, "asset_type": "server", "hostname": "a b"}, {"hostname"}),
            ({"client": client, "asset_type": "server", "hostname": "hv01"}, {"hostname"}),
            ({"client": client, "asset_type": "toaster", "hostname": "t"}, {"asset_type"}),
            (
                {
                    "client": client,
                    "asset_type": "server",
                    "hostname": "x",
                    "ip_address": "999.1.1.1",
                },
                {"ip_address"},
            ),
            (
                {
                    "client": client,
                    "asset_type": "server",
                    "hostname": "y",
                    "mac_address": "00:11:22:33:44",
                },
                {"mac_address"},
            ),
            (
                {
                    "client": client,
                    "asset_type": "server",
                    "hostname": "z",
                    "site": str(self.foreign_site.pk),
                },
                {"site"},
            ),
            (
                {
                    "client": client,
                    "asset_type": "vm",
                    "hostname": "v1",
                    "parent": str(self.foreign_host.pk),
                },
                {"parent"},
            ),
            (
                {
                    "client": client,
                    "asset_type": "switch",
                    "hostname": "v2",
                    "parent": str(self.host.pk),
                },
                {"parent"},
            ),
        ]

    def get_create_only_invalid_data(self):
        return [
            ({"client": str(self.acme.pk), "asset_type": "server"}, {"hostname"}),
            ({"hostname": "orphan", "asset_type": "server"}, {"client"}),
            ({"client": str(self.acme.pk), "hostname": "typeless"}, {"asset_type"}),
        ]

    def filter_cases(self):
        vm = VirtualMachineFactory(
            client=self.acme,
            parent=self.host,
            site=self.site,
            status="offline",
            ip_address="192.0.2.7",
            mac_address="AA:BB:CC:00:11:22",
            os="Debian GNU/Linux",
        )
        return [
            ({"client_id": self.acme.pk}, ids(self.host, vm)),
            ({"site_id": self.site.pk}, ids(self.host, vm)),
            ({"parent_id": self.host.pk}, ids(vm)),
            ({"asset_type": "vm"}, ids(vm)),
            ({"status": "offline"}, ids(vm)),
            ({"hostname": vm.hostname.upper()}, ids(vm)),
            ({"ip_address": "192.0.2.7"}, ids(vm)),
            ({"mac_address": "aa-bb-cc-00-11-22"}, ids(vm)),
            ({"os": "debian"}, ids(vm)),
            ({"warranty_expires__lte": "2030-01-01"}, set()),
            ({"search": "192.0.2.7"}, ids(vm)),
            *self.created_at_cases(vm),
        ]

    def invalid_filter_params(self):
        return [{"asset_type": "toaster"}, {"parent_id": "x"}, {"warranty_expires__lte": "soon"}]


class TestServiceAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = Service
    base_path = "/api/v1/services/"
    factory = ServiceFactory
    update_data = {"version": "10.0.17763", "status": "degraded"}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.server = InfrastructureFactory(client=self.acme, hostname="SRV01")
        self.database = ServiceFactory(
            infrastructure=self.server, name="SQL Server", service_type="database", port=1433
        )
        self.foreign = ServiceFactory()

    def get_create_data(self):
        return [
            {
                "infrastructure": str(self.server.pk),
                "name": "IIS 🌐",
                "service_type": "web",
                "port": 443,
                "protocol": "tcp",
                "urls": ["https://intranet.acme.example/"],
                "depends_on": [str(self.database.pk)],
            }
        ]

    def check_created(self, obj, payload, body):
        assert list(obj.depends_on.all()) == [self.database]
        assert body["client"] == str(self.acme.pk)

    def get_invalid_data(self):
        server = str(self.server.pk)
        return [
            ({"infrastructure": server, "name": "p0", "port": 0}, {"port"}),
            ({"infrastructure": server, "name": "p1", "port": 65536}, {"port"}),
            ({"infrastructure": server, "name": "SQL SERVER"}, {"name"}),
            ({"infrastructure": server, "name": "u", "urls": ["not a url"]}, {"urls"}),
            (
                {"infrastructure": server, "name": "d", "depends_on": [str(self.foreign.pk)]},
                {"depends_on"},
            ),
            ({"infrastructure": server, "name": "t", "service_type": "magic"}, {"service_type"}),
        ]

    def filter_cases(self):
        web = ServiceFactory(
            infrastructure=self.server,
            name="Web",
            port=8443,
            protocol="udp",
            status="stopped",
            service_type="web",
        )
        web.depends_on.add(self.database)
        return [
            ({"client_id": self.acme.pk}, ids(self.database, web)),
            ({"infrastructure_id": self.server.pk}, ids(self.database, web)),
            ({"depends_on_id": self.database.pk}, ids(web)),
            ({"service_type": "database"}, ids(self.database)),
            ({"status": "stopped"}, ids(web)),
            ({"protocol": "udp"}, ids(web)),
            ({"port": 8443}, ids(web)),
            *self.created_at_cases(web),
        ]

    def invalid_filter_params(self):
        return [{"port": "https"}, {"port": 70000}, {"status": "sleeping"}]


class TestNetworkAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = Network
    base_path = "/api/v1/networks/"
    factory = NetworkFactory
    update_data = {"name": "Servers (renamed)", "dhcp_enabled": True}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.site = SiteFactory(client=self.acme)
        self.lan = NetworkFactory(
            client=self.acme, site=self.site, cidr="192.168.10.0/24", vlan_id=10, name="Office LAN"
        )
        self.foreign_site = SiteFactory()

    def get_create_data(self):
        client = str(self.acme.pk)
        return [
            {
                "client": client,
                "site": str(self.site.pk),
                "name": "Servers",
                "network_type": "server",
                "cidr": "10.20.0.0/24",
                "vlan_id": 20,
                "gateway": "10.20.0.1",
                "dns_servers": ["10.20.0.10"],
            },
            {
                "client": client,
                "name": "IPv6",
                "cidr": "2001:DB8:0:0::/64",
                "gateway": "2001:db8::1",
            },
        ]

    def check_created(self, obj, payload, body):
        if obj.name == "IPv6":
            assert obj.cidr == "2001:db8::/64"

    def get_invalid_data(self):
        client = str(self.acme.pk)
        return [
            ({"client": client, "name": "h", "cidr": "10.30.0.5/24"}, {"cidr"}),
            ({"client": client, "name": "n", "cidr": "10.30.0.0"}, {"cidr"}),
            (
                {"client": client, "name": "g", "cidr": "10.31.0.0/24", "gateway": "10.32.0.1"},
                {"gateway"},
            ),
            ({"client": client, "name": "v0", "cidr": "10.33.0.0/24", "vlan_id": 0}, {"vlan_id"}),
            (
                {"client": client, "name": "v1", "cidr": "10.34.0.0/24", "vlan_id": 4095},
                {"vlan_id"},
            ),
            ({"client": client, "name": "dup", "cidr": "192.168.10.0/24"}, {"cidr"}),
            (
                {
                    "client": client,
                    "name": "s",
                    "cidr": "10.35.0.0/24",
                    "site": str(self.foreign_site.pk),
                },
                {"site"},
            ),
            (
                {
                    "client": client,
                    "name": "d",
                    "cidr": "10.36.0.0/24",
                    "dns_servers": ["dns.example"],
                },
                {"dns_servers"},
            ),
        ]

    def filter_cases(self):
        guest = NetworkFactory(
            client=self.acme,
            network_type="guest",
            cidr="172.16.0.0/22",
            vlan_id=99,
            dhcp_enabled=True,
        )
        return [
            ({"client_id": self.acme.pk}, ids(self.lan, guest)),
            ({"site_id": self.site.pk}, ids(self.lan)),
            ({"network_type": "guest"}, ids(guest)),
            ({"cidr": "172.16.0.0/22"}, ids(guest)),
            ({"vlan_id": 99}, ids(guest)),
            ({"dhcp_enabled": "true"}, ids(guest)),
            *self.created_at_cases(guest),
        ]

    def invalid_filter_params(self):
        return [{"vlan_id": "ten"}, {"vlan_id": 4095}, {"network_type": "internet"}]


class TestFirewallRuleAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = FirewallRule
    base_path = "/api/v1/firewall-rules/"
    factory = FirewallRuleFactory
    update_data = {"enabled": False, "destination_ports": "8443"}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.firewall = FirewallFactory(client=self.acme, hostname="fw01")
        self.switch = InfrastructureFactory(client=self.acme, asset_type="switch", hostname="sw01")

    def get_create_data(self):
        return [
            {
                "firewall": str(self.firewall.pk),
                "position": 10,
                "name": "HTTPS in 🔒",
                "action": "allow",
                "protocol": "tcp",
                "source_zone": "WAN",
                "source": "ANY",
                "destination_zone": "DMZ",
                "destination": "10.0.0.10, 10.0.1.0/24",
                "destination_ports": "443, 8000-8100, 80-80",
                "log": True,
            }
        ]

    def check_created(self, obj, payload, body):
        assert (obj.source, obj.destination, obj.destination_ports) == (
            "any",
            "10.0.0.10, 10.0.1.0/24",
            "443,8000-8100,80",
        )
        assert body["client"] == str(self.acme.pk)

    def get_invalid_data(self):
        fw = str(self.firewall.pk)
        return [
            ({"firewall": str(self.switch.pk)}, {"firewall"}),
            ({"firewall": fw, "destination_ports": "0"}, {"destination_ports"}),
            ({"firewall": fw, "destination_ports": "65536"}, {"destination_ports"}),
            ({"firewall": fw, "destination_ports": "9000-8000"}, {"destination_ports"}),
            ({"firewall": fw, "destination_ports": "https"}, {"destination_ports"}),
            (
                {"firewall": fw, "protocol": "icmp", "destination_ports": "443"},
                {"destination_ports"},
            ),
            ({"firewall": fw, "source": "10.0.0.1/24"}, {"source"}),
            ({"firewall": fw, "destination": "any, 10.0.0.1"}, {"destination"}),
            ({"firewall": fw, "action": "maybe"}, {"action"}),
        ]

    def filter_cases(self):
        rule = FirewallRuleFactory(
            firewall=self.firewall, action="deny", protocol="udp", enabled=False
        )
        other = FirewallRuleFactory()
        return [
            ({"client_id": self.acme.pk}, ids(rule)),
            ({"firewall_id": other.firewall_id}, ids(other)),
            ({"action": "deny"}, ids(rule)),
            ({"protocol": "udp"}, ids(rule)),
            ({"enabled": "false"}, ids(rule)),
            *self.created_at_cases(rule),
        ]


class TestM365TenantAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = M365Tenant
    base_path = "/api/v1/m365-tenants/"
    factory = M365TenantFactory
    update_data = {"mfa_enforced": False, "admin_email": "breakglass@acme.onmicrosoft.com"}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.tenant = M365TenantFactory(
            client=self.acme, tenant_id="11111111-2222-4333-8444-555555555555"
        )

    def get_create_data(self):
        return [
            {
                "client": str(self.acme.pk),
                "tenant_id": "{72F988BF-86F1-41AF-91AB-2D7CD011DB47}",
                "tenant_name": "Acme 🚀",
                "default_domain": "Acme.onmicrosoft.com",
                "admin_email": "admin@acme.onmicrosoft.com",
                "mfa_enforced": True,
                "licenses": [
                    {"sku": "SPB", "name": "Business Premium", "total": 25, "assigned": 23}
                ],
            }
        ]

    def check_created(self, obj, payload, body):
        assert obj.tenant_id == "72f988bf-86f1-41af-91ab-2d7cd011db47"
        assert obj.default_domain == "acme.onmicrosoft.com"

    def get_invalid_data(self):
        client = str(self.acme.pk)
        return [
            ({"client": client, "tenant_name": "x", "tenant_id": "not-a-guid"}, {"tenant_id"}),
            (
                {
                    "client": client,
                    "tenant_name": "x",
                    "tenant_id": "00000000-0000-0000-0000-000000000000",
                },
                {"tenant_id"},
            ),
            (
                {
                    "client": client,
                    "tenant_name": "dup",
                    "tenant_id": "11111111-2222-4333-8444-555555555555".upper(),
                },
                {"tenant_id"},
            ),
            (
                {
                    "client": client,
                    "tenant_name": "l",
                    "tenant_id": "22222222-2222-4333-8444-555555555555",
                    "licenses": [{"sku": "E3", "total": -1}],
                },
                {"licenses"},
            ),
        ]

    def get_create_only_invalid_data(self):
        return [
            (
                {"client": str(self.acme.pk), "tenant_id": "33333333-2222-4333-8444-555555555555"},
                {"tenant_name"},
            )
        ]

    def filter_cases(self):
        other = M365TenantFactory(mfa_enforced=False)
        return [
            ({"client_id": self.acme.pk}, ids(self.tenant)),
            ({"tenant_id": "11111111-2222-4333-8444-555555555555"}, ids(self.tenant)),
            ({"mfa_enforced": "false"}, ids(other)),
            *self.created_at_cases(other),
        ]


class TestSecurityIncidentAPI(CreatedAtCases, APIViewTestCases.APIViewTestCase):
    model = SecurityIncident
    base_path = "/api/v1/security-incidents/"
    factory = SecurityIncidentFactory
    update_data = {"status": "investigating", "findings": "Mailbox rule forwarding to 🕵️"}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.server = InfrastructureFactory(client=self.acme)
        self.service = ServiceFactory(infrastructure=self.server, name="Exchange")
        self.other_server = InfrastructureFactory(client=self.acme)
        self.foreign_server = InfrastructureFactory()
        self.foreign_service = ServiceFactory()

    def get_create_data(self):
        client = str(self.acme.pk)
        return [
            {
                "client": client,
                "infrastructure": str(self.server.pk),
                "service": str(self.service.pk),
                "title": "Credential phishing 🎣",
                "incident_type": "phishing",
                "severity": "high",
                "status": "resolved",
                "detected_at": "2025-03-01T08:00:00Z",
                "resolved_at": "2025-03-01T12:30:00Z",
                "findings": "3 users entered passwords",
                "remediation": "Reset, MFA enforced",
                "reported_by": "Defender alert",
                "assigned_to": self.user.pk,
            },
            {"client": client, "title": "Closed without a time", "status": "closed"},
        ]

    def check_created(self, obj, payload, body):
        assert obj.resolved_at is not None
        assert obj.resolved_at >= obj.detected_at

    def get_invalid_data(self):
        client = str(self.acme.pk)
        return [
            (
                {
                    "client": client,
                    "title": "t",
                    "detected_at": "2025-03-02T00:00:00Z",
                    "resolved_at": "2025-03-01T00:00:00Z",
                },
                {"resolved_at"},
            ),
            (
                {"client": client, "title": "t", "infrastructure": str(self.foreign_server.pk)},
                {"infrastructure"},
            ),
            (
                {"client": client, "title": "t", "service": str(self.foreign_service.pk)},
                {"service"},
            ),
            (
                {
                    "client": client,
                    "title": "t",
                    "infrastructure": str(self.other_server.pk),
                    "service": str(self.service.pk),
                },
                {"service"},
            ),
            ({"client": client, "title": "t", "severity": "apocalyptic"}, {"severity"}),
            ({"client": client, "title": ""}, {"title"}),
        ]

    def filter_cases(self):
        assignee = UserFactory()
        incident = SecurityIncidentFactory(
            client=self.acme,
            infrastructure=self.server,
            service=self.service,
            assigned_to=assignee,
            incident_type="ransomware",
            severity="critical",
            status="contained",
            detected_at=timezone.now() - datetime.timedelta(days=400),
        )
        return [
            ({"client_id": self.acme.pk}, ids(incident)),
            ({"infrastructure_id": self.server.pk}, ids(incident)),
            ({"service_id": self.service.pk}, ids(incident)),
            ({"assigned_to_id": assignee.pk}, ids(incident)),
            ({"incident_type": "ransomware"}, ids(incident)),
            ({"severity": "critical"}, ids(incident)),
            ({"status": "contained"}, ids(incident)),
            (
                {"detected_at__lte": (timezone.now() - datetime.timedelta(days=300)).isoformat()},
                ids(incident),
            ),
            (
                {"detected_at__gte": (timezone.now() - datetime.timedelta(days=300)).isoformat()},
                set(SecurityIncident.objects.exclude(pk=incident.pk).values_list("pk", flat=True)),
            ),
            *self.created_at_cases(incident),
        ]

    def invalid_filter_params(self):
        return [
            {"severity": "apocalyptic"},
            {"detected_at__gte": "last week"},
            {"assigned_to_id": "9" * 30},
        ]
