"""Networks of a client and the rules of its firewalls."""

from __future__ import annotations

import ipaddress

from django.core.exceptions import ValidationError
from django.db import models

from msp.models.base import BaseModel, NotesMixin
from msp.models.checks import same_client_error, unique_error
from msp.models.clients import Client, Site
from msp.models.fields import AddressSpecField, CIDRField, IPAddressListField, PortSpecField
from msp.models.infrastructure import FIREWALL_TYPES, Infrastructure
from msp.validators import ANY, validate_vlan_id


class NetworkType(models.TextChoices):
    LAN = "lan", "LAN"
    SERVER = "server", "Server"
    MANAGEMENT = "management", "Management"
    DMZ = "dmz", "DMZ"
    GUEST = "guest", "Guest"
    WIFI = "wifi", "Wi-Fi"
    VOICE = "voice", "Voice"
    STORAGE = "storage", "Storage / iSCSI"
    IOT = "iot", "IoT / cameras"
    VPN = "vpn", "VPN"
    WAN = "wan", "WAN / transit"
    CLOUD = "cloud", "Cloud (VNet / VPC)"
    OTHER = "other", "Other"


class Network(BaseModel, NotesMixin):
    """An IP network (subnet) of a client, optionally a VLAN at one of its sites."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="networks")
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="networks"
    )
    name = models.CharField(max_length=200)
    network_type = models.CharField(
        max_length=20, choices=NetworkType.choices, default=NetworkType.LAN
    )
    cidr = CIDRField(verbose_name="CIDR", help_text="e.g. 10.20.0.0/24; unique per client.")
    vlan_id = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name="VLAN id", validators=[validate_vlan_id]
    )
    gateway = models.GenericIPAddressField(
        null=True, blank=True, help_text="Must lie inside the CIDR."
    )
    dns_servers = IPAddressListField(help_text='e.g. ["10.20.0.10"]')
    dhcp_enabled = models.BooleanField(default=False, verbose_name="DHCP enabled")

    class Meta(BaseModel.Meta):
        ordering = ["client__name", "cidr"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "cidr"], name="msp_network_client_cidr_unique"
            ),
        ]

    def __str__(self) -> str:
        vlan = f" VLAN {self.vlan_id}" if self.vlan_id else ""
        return f"{self.name} {self.cidr}{vlan}"

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        if self.client_id is not None:
            errors |= same_client_error(self, "site", self.site, self.client_id, "site")
            if self.cidr:
                errors |= unique_error(
                    self,
                    "cidr",
                    Network.objects.filter(client_id=self.client_id, cidr=self.cidr),
                    "This client already has this network.",
                )
        errors |= self._gateway_errors()
        if errors:
            raise ValidationError(errors)

    def _gateway_errors(self) -> dict:
        if not self.gateway or not self.cidr:
            return {}
        try:
            network = ipaddress.ip_network(self.cidr)
            gateway = ipaddress.ip_address(self.gateway)
        except ValueError:
            return {}  # the field errors already say what is wrong
        if gateway.version != network.version or gateway not in network:
            return {
                "gateway": ValidationError(
                    "The gateway %(gateway)s is outside %(cidr)s.",
                    code="gateway_outside",
                    params={"gateway": self.gateway, "cidr": self.cidr},
                )
            }
        if (
            network.version == 4
            and network.prefixlen < 31
            and gateway in (network.network_address, network.broadcast_address)
        ):
            return {
                "gateway": ValidationError(
                    "The gateway cannot be the network or broadcast address.",
                    code="gateway_reserved",
                )
            }
        return {}


class FirewallAction(models.TextChoices):
    ALLOW = "allow", "Allow"
    DENY = "deny", "Deny (drop)"
    REJECT = "reject", "Reject"


class FirewallProtocol(models.TextChoices):
    ANY = "any", "Any"
    TCP = "tcp", "TCP"
    UDP = "udp", "UDP"
    TCP_UDP = "tcp_udp", "TCP and UDP"
    ICMP = "icmp", "ICMP"
    ESP = "esp", "ESP (IPsec)"
    GRE = "gre", "GRE"


PORT_PROTOCOLS = {FirewallProtocol.TCP, FirewallProtocol.UDP, FirewallProtocol.TCP_UDP}


class FirewallRule(BaseModel, NotesMixin):
    """One rule of a firewall (an Infrastructure of type firewall or router), evaluated in
    ``position`` order. Positions need not be unique or contiguous: renumbering stays easy."""

    firewall = models.ForeignKey(
        Infrastructure,
        on_delete=models.CASCADE,
        related_name="firewall_rules",
        limit_choices_to={"asset_type__in": sorted(FIREWALL_TYPES)},
    )
    position = models.PositiveIntegerField(default=0, help_text="Evaluation order, lowest first.")
    name = models.CharField(max_length=200, blank=True)
    action = models.CharField(
        max_length=10, choices=FirewallAction.choices, default=FirewallAction.ALLOW
    )
    protocol = models.CharField(
        max_length=10, choices=FirewallProtocol.choices, default=FirewallProtocol.TCP
    )
    source_zone = models.CharField(max_length=100, blank=True, help_text="e.g. WAN, LAN, DMZ")
    source = AddressSpecField(help_text="any, an address, a CIDR or a comma list.")
    destination_zone = models.CharField(max_length=100, blank=True)
    destination = AddressSpecField(help_text="any, an address, a CIDR or a comma list.")
    destination_ports = PortSpecField(help_text='any, "443", "8000-8100" or "80,443".')
    enabled = models.BooleanField(default=True)
    log = models.BooleanField(default=False, help_text="The firewall logs matches.")

    class Meta(BaseModel.Meta):
        ordering = ["firewall__hostname", "position", "created_at"]

    def __str__(self) -> str:
        ports = "" if self.destination_ports == ANY else f":{self.destination_ports}"
        label = f" {self.name}" if self.name else ""
        return (
            f"#{self.position}{label}: {self.action} {self.protocol} {self.source} -> "
            f"{self.destination}{ports}"
        )

    @property
    def client_id(self):
        return self.firewall.client_id if self.firewall_id else None

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        if self.firewall_id is not None and self.firewall.asset_type not in FIREWALL_TYPES:
            errors["firewall"] = ValidationError(
                "Rules belong to an asset of type firewall or router, not %(type)s.",
                code="not_a_firewall",
                params={"type": self.firewall.get_asset_type_display()},
            )
        if self.protocol not in PORT_PROTOCOLS and self.destination_ports not in (ANY, ""):
            errors["destination_ports"] = ValidationError(
                "Ports apply to TCP and UDP only; use “any” for %(protocol)s.",
                code="ports_without_protocol",
                params={"protocol": self.get_protocol_display()},
            )
        if errors:
            raise ValidationError(errors)
