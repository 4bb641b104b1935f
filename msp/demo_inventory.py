"""A realistic demo client for ``seed_demo``: two sites, a firewall with rules, a hypervisor
with VMs, services, networks, a Microsoft 365 tenant and a resolved security incident.

Idempotent: every row is looked up by its natural key first, so running it again changes
nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from msp.demo import DEMO_TEAM
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

DEMO_CLIENT = "Northwind Dental Group"
# A client the demo technician's team does not hold: the technician never sees it.
SECOND_CLIENT = "Fabrikam Architects"
SECOND_TEAM = "Team Fabrikam"
DEMO_TENANT_ID = "5f1c7a2e-3b8d-4e6f-9a10-2c4d6e8f0a1b"


def _asset(client, site, hostname, **fields) -> Infrastructure:
    asset, _ = Infrastructure.objects.get_or_create(
        client=client, hostname=hostname, defaults={"site": site, **fields}
    )
    return asset


def _service(asset, name, **fields) -> Service:
    service, _ = Service.objects.get_or_create(infrastructure=asset, name=name, defaults=fields)
    return service


@transaction.atomic
def seed_inventory() -> None:
    client, _ = Client.objects.get_or_create(
        name=DEMO_CLIENT,
        defaults={
            "client_type": "managed",
            "domain": "northwind-dental.example",
            "primary_contact_name": "Dana Whitfield (practice manager)",
            "primary_contact_email": "dana.whitfield@northwind-dental.example",
            "primary_contact_phone": "+1 555 0100",
            "contacts": [
                {
                    "name": "Dr. Sam Okafor",
                    "role": "Owner",
                    "email": "sam.okafor@northwind-dental.example",
                }
            ],
            "default_hourly_rate": Decimal("135.00"),
            "billing_increment_minutes": 15,
            "minimum_billable_minutes": 30,
            "timezone": "America/Chicago",
            "notes": "After-hours work needs approval from Dana. Patient data: HIPAA scope.",
        },
    )
    main, _ = Site.objects.get_or_create(
        client=client,
        name="Main clinic",
        defaults={
            "address": "1200 Lake Shore Dr, Springfield",
            "gateway_ip": "10.10.0.1",
            "dns_servers": ["10.10.10.10", "10.10.10.11"],
        },
    )
    branch, _ = Site.objects.get_or_create(
        client=client,
        name="Riverside branch",
        defaults={
            "address": "45 River Rd, Shelbyville",
            "vpn_required": True,
            "gateway_ip": "10.20.0.1",
            "dns_servers": ["10.10.10.10"],
        },
    )

    for site, name, network_type, cidr, vlan, gateway, dhcp in (
        (main, "Clinic LAN", "lan", "10.10.0.0/24", 10, "10.10.0.1", True),
        (main, "Servers", "server", "10.10.10.0/24", 20, "10.10.10.1", False),
        (main, "Management", "management", "10.10.99.0/24", 99, "10.10.99.1", False),
        (main, "Guest Wi-Fi", "guest", "192.168.50.0/24", 50, "192.168.50.1", True),
        (branch, "Branch LAN", "lan", "10.20.0.0/24", 10, "10.20.0.1", True),
    ):
        Network.objects.get_or_create(
            client=client,
            cidr=cidr,
            defaults={
                "site": site,
                "name": name,
                "network_type": network_type,
                "vlan_id": vlan,
                "gateway": gateway,
                "dhcp_enabled": dhcp,
                "dns_servers": ["10.10.10.10"],
            },
        )

    firewall = _asset(
        client,
        main,
        "fw-main",
        asset_type="firewall",
        ip_address="10.10.99.1",
        fqdn="fw-main.northwind-dental.example",
        manufacturer="Fortinet",
        hardware_model="FortiGate 60F",
        os="FortiOS",
        os_version="7.4.4",
        role="Edge firewall, site-to-site VPN hub",
        environmental_notes="Firmware upgrades only Sundays: the clinic opens "
        "Saturdays. HA pair is NOT configured.",
    )
    branch_fw = _asset(
        client,
        branch,
        "fw-branch",
        asset_type="firewall",
        ip_address="10.20.0.1",
        manufacturer="Fortinet",
        hardware_model="FortiGate 40F",
        os="FortiOS",
        os_version="7.4.4",
        role="Branch firewall, VPN spoke",
    )
    for (
        position,
        name,
        action,
        protocol,
        source_zone,
        source,
        destination_zone,
        destination,
        ports,
    ) in (
        (
            10,
            "VPN branch to servers",
            "allow",
            "any",
            "VPN",
            "10.20.0.0/24",
            "SERVERS",
            "10.10.10.0/24",
            "any",
        ),
        (
            20,
            "Clinic LAN to servers",
            "allow",
            "tcp",
            "LAN",
            "10.10.0.0/24",
            "SERVERS",
            "10.10.10.0/24",
            "53,88,135,389,443,445,1433,3389",
        ),
        (
            30,
            "Guest isolation",
            "deny",
            "any",
            "GUEST",
            "192.168.50.0/24",
            "LAN",
            "10.0.0.0/8",
            "any",
        ),
        (
            40,
            "Imaging vendor support",
            "allow",
            "tcp",
            "WAN",
            "203.0.113.40",
            "SERVERS",
            "10.10.10.30",
            "443,8000-8100",
        ),
        (100, "Default deny inbound", "deny", "any", "WAN", "any", "any", "any", "any"),
    ):
        FirewallRule.objects.get_or_create(
            firewall=firewall,
            position=position,
            defaults={
                "name": name,
                "action": action,
                "protocol": protocol,
                "source_zone": source_zone,
                "source": source,
                "destination_zone": destination_zone,
                "destination": destination,
                "destination_ports": ports,
                "log": action == "deny",
            },
        )
    FirewallRule.objects.get_or_create(
        firewall=branch_fw,
        position=10,
        defaults={
            "name": "Branch LAN to main servers",
            "action": "allow",
            "protocol": "any",
            "source": "10.20.0.0/24",
            "destination": "10.10.10.0/24",
        },
    )

    hypervisor = _asset(
        client,
        main,
        "HV01",
        asset_type="hypervisor",
        ip_address="10.10.99.20",
        mac_address="3C-EC-EF-12-34-56",
        manufacturer="Dell",
        hardware_model="PowerEdge R650xs",
        serial_number="7XK2Q33",
        warranty_expires=datetime.date(2027, 3, 31),
        os="Windows Server 2022 Datacenter",
        os_version="21H2",
        role="Hyper-V host",
        environmental_notes="iDRAC at 10.10.99.21. RAID controller battery "
        "reported weak in 2025; replacement pending.",
    )
    dc01 = _asset(
        client,
        main,
        "DC01",
        asset_type="vm",
        parent=hypervisor,
        ip_address="10.10.10.10",
        fqdn="dc01.nwd.local",
        os="Windows Server 2022 Standard",
        role="Domain controller, DNS, DHCP",
    )
    _asset(
        client,
        main,
        "DC02",
        asset_type="vm",
        parent=hypervisor,
        ip_address="10.10.10.11",
        fqdn="dc02.nwd.local",
        os="Windows Server 2022 Standard",
        role="Domain controller, DNS",
    )
    fs01 = _asset(
        client,
        main,
        "FS01",
        asset_type="vm",
        parent=hypervisor,
        ip_address="10.10.10.20",
        fqdn="fs01.nwd.local",
        os="Windows Server 2022 Standard",
        role="File server, X-ray image share",
    )
    app01 = _asset(
        client,
        main,
        "APP01",
        asset_type="vm",
        parent=hypervisor,
        ip_address="10.10.10.30",
        fqdn="app01.nwd.local",
        os="Windows Server 2019 Standard",
        role="Practice management + imaging",
        environmental_notes="Vendor supports only SQL Server 2019 CU18; do not "
        "apply newer CUs. Reboot only after 20:00 local.",
    )
    _asset(
        client,
        branch,
        "RIV-PRN01",
        asset_type="printer",
        ip_address="10.20.0.50",
        manufacturer="Brother",
        hardware_model="MFC-L8900CDW",
    )

    directory = _service(
        dc01,
        "Active Directory Domain Services",
        service_type="directory",
        port=389,
        protocol="tcp",
        version="2016 functional level",
    )
    _service(dc01, "DNS", service_type="dns", port=53, protocol="tcp_udp")
    shares = _service(fs01, "SMB shares", service_type="file_share", port=445, protocol="tcp")
    database = _service(
        app01,
        "SQL Server (PRACTICE)",
        service_type="database",
        port=1433,
        protocol="tcp",
        version="2019 CU18",
    )
    practice = _service(
        app01,
        "Practice management",
        service_type="application",
        port=443,
        protocol="tcp",
        urls=["https://app01.nwd.local/"],
        version="24.2",
    )
    backup = _service(
        hypervisor,
        "Veeam Backup & Replication",
        service_type="backup",
        port=9392,
        protocol="tcp",
        version="12.2",
    )
    shares.depends_on.add(directory)
    database.depends_on.add(directory)
    practice.depends_on.add(database, shares)
    backup.depends_on.add(directory)

    M365Tenant.objects.get_or_create(
        tenant_id=DEMO_TENANT_ID,
        defaults={
            "client": client,
            "tenant_name": "Northwind Dental",
            "default_domain": "northwinddental.onmicrosoft.com",
            "admin_email": "breakglass@northwinddental.onmicrosoft.com",
            "mfa_enforced": True,
            "licenses": [
                {
                    "sku": "SPB",
                    "name": "Microsoft 365 Business Premium",
                    "total": 18,
                    "assigned": 16,
                },
                {
                    "sku": "EXCHANGESTANDARD",
                    "name": "Exchange Online (Plan 1)",
                    "total": 4,
                    "assigned": 4,
                },
            ],
        },
    )

    detected = datetime.datetime(2025, 9, 15, 14, 5, tzinfo=datetime.UTC)
    SecurityIncident.objects.get_or_create(
        client=client,
        title="Front-desk mailbox compromised via invoice phishing",
        defaults={
            "incident_type": "account_compromise",
            "severity": "high",
            "status": "resolved",
            "detected_at": detected,
            "resolved_at": detected + datetime.timedelta(hours=5),
            "reported_by": "Microsoft Defender alert (impossible travel)",
            "findings": "Inbox rule forwarding invoices to an external address; sign-ins "
            "from two foreign IPs. No patient data accessed per audit log.",
            "remediation": "Password reset, sessions revoked, rule removed, MFA re-registered, "
            "conditional access blocks legacy auth.",
        },
    )
    seed_credentials(client)
    client.teams.add(Group.objects.get_or_create(name=DEMO_TEAM)[0])


@transaction.atomic
def seed_second_client() -> None:
    """A second client, of another team: what the demo technician cannot see and the
    demo manager can."""
    client, _ = Client.objects.get_or_create(
        name=SECOND_CLIENT,
        defaults={
            "client_type": "managed",
            "domain": "fabrikam-architects.example",
            "primary_contact_name": "Priya Raman (office manager)",
            "default_hourly_rate": Decimal("150.00"),
            "timezone": "Europe/London",
            "notes": "Plotters on the second floor are leased; call the vendor first.",
        },
    )
    client.teams.add(Group.objects.get_or_create(name=SECOND_TEAM)[0])
    office, _ = Site.objects.get_or_create(
        client=client, name="Studio", defaults={"address": "12 Canal St, London"}
    )
    _asset(
        client,
        office,
        "fab-fs01",
        asset_type="server",
        role="File server (CAD archive)",
        ip_address="10.30.0.10",
        os="Windows Server",
        os_version="2022",
    )


# --- Credential vault demo (appended) --------------------------------------------------
# Secrets are generated at seed time and stored only encrypted (through msp.services.vault, so
# the seed is audited like any other write); nothing secret is written in this file.


def _demo_secret() -> str:
    import secrets

    return secrets.token_urlsafe(18)


def _demo_private_key() -> str:
    import secrets
    import textwrap

    body = "\n".join(textwrap.wrap(secrets.token_urlsafe(300), 70))
    return f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\n"


def seed_credentials(client: Client) -> None:
    """Demo credentials of the demo client; existing ones (by name) are left alone."""
    from msp.models import Credential
    from msp.services import vault

    by_host = {asset.hostname: asset for asset in Infrastructure.objects.filter(client=client)}
    tenant = M365Tenant.objects.filter(client=client).first()
    database = Service.objects.filter(
        infrastructure__client=client, name="SQL Server (PRACTICE)"
    ).first()
    backup = Service.objects.filter(
        infrastructure__client=client, name="Veeam Backup & Replication"
    ).first()
    specs = [
        (
            "FortiGate fw-main admin",
            {
                "credential_type": "password",
                "username": "admin",
                "infrastructure": by_host.get("fw-main"),
                "urls": ["https://fw-main.northwind-dental.example:8443/"],
                "requires_2fa": True,
            },
            lambda: {"password": _demo_secret()},
        ),
        (
            "HV01 iDRAC",
            {
                "credential_type": "password",
                "username": "root",
                "infrastructure": by_host.get("HV01"),
                "requires_vpn": True,
                "notes": "iDRAC at 10.10.99.21, management VLAN only.",
            },
            lambda: {"password": _demo_secret()},
        ),
        (
            "Practice DB service account",
            {
                "credential_type": "connection_string",
                "username": "svc_practice",
                "infrastructure": by_host.get("APP01"),
                "service": database,
            },
            lambda: {
                "password": _demo_secret(),
                "connection_string": "Server=tcp:app01.nwd.local,1433;Database=PRACTICE;"
                f"User Id=svc_practice;Password={_demo_secret()};",
            },
        ),
        (
            "Veeam to HV01 SSH key",
            {
                "credential_type": "ssh_key",
                "username": "veeam",
                "infrastructure": by_host.get("HV01"),
                "service": backup,
            },
            lambda: {"private_key": _demo_private_key()},
        ),
        (
            "M365 Graph app (backup)",
            {
                "credential_type": "oauth_client",
                "m365_tenant": tenant,
                "username": "3b1f2c4d-5e6f-4a70-8b91-0c2d3e4f5a6b",
                "expires_at": datetime.datetime(2027, 9, 30, tzinfo=datetime.UTC),
                "notes": "App registration used by the M365 backup product.",
            },
            lambda: {"client_secret": _demo_secret()},
        ),
    ]
    for name, fields, make_secrets in specs:
        if Credential.objects.filter(client=client, name=name).exists():
            continue
        vault.create_credential(
            fields={"client": client, "name": name, **fields}, secrets=make_secrets()
        )
