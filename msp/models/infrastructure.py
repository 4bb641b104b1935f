"""Infrastructure (servers, VMs, network devices, ...) and the services they run."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

from msp.models.base import BaseModel, NotesMixin
from msp.models.checks import same_client_error, unique_error
from msp.models.clients import Client, Site
from msp.models.fields import DomainNameField, MACAddressField
from msp.validators import validate_hostname, validate_port

# A parent chain longer than this is treated as a cycle (real nesting is 2-3 levels).
MAX_PARENT_DEPTH = 32


class AssetType(models.TextChoices):
    SERVER = "server", "Server (physical)"
    HYPERVISOR = "hypervisor", "Hypervisor host"
    VM = "vm", "Virtual machine"
    CONTAINER = "container", "Container"
    WORKSTATION = "workstation", "Workstation"
    LAPTOP = "laptop", "Laptop"
    FIREWALL = "firewall", "Firewall"
    ROUTER = "router", "Router"
    SWITCH = "switch", "Switch"
    ACCESS_POINT = "access_point", "Wireless access point"
    NAS = "nas", "NAS"
    STORAGE = "storage", "SAN / storage array"
    PRINTER = "printer", "Printer / MFP"
    UPS = "ups", "UPS"
    PHONE = "phone", "VoIP phone / PBX"
    IOT = "iot", "IoT / camera / building device"
    CLOUD = "cloud", "Cloud resource"
    OTHER = "other", "Other"


# What may be whose parent: a guest type -> the asset types that can host it.
HOST_TYPES: dict[str, set[str]] = {
    AssetType.VM: {AssetType.HYPERVISOR, AssetType.SERVER},
    AssetType.CONTAINER: {AssetType.HYPERVISOR, AssetType.SERVER, AssetType.VM},
}
FIREWALL_TYPES = {AssetType.FIREWALL, AssetType.ROUTER}


class InfrastructureStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    MAINTENANCE = "maintenance", "In maintenance"
    OFFLINE = "offline", "Offline / down"
    DECOMMISSIONED = "decommissioned", "Decommissioned"


class Infrastructure(BaseModel, NotesMixin):
    """One asset of a client. VMs and containers name their ``parent`` host."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="infrastructure")
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="infrastructure"
    )
    asset_type = models.CharField(max_length=20, choices=AssetType.choices)
    hostname = models.CharField(
        max_length=253,
        validators=[validate_hostname],
        help_text="Unique per client, case-insensitively.",
    )
    fqdn = DomainNameField(blank=True, verbose_name="FQDN")
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name="IP address")
    mac_address = MACAddressField(blank=True, verbose_name="MAC address")
    os = models.CharField(max_length=100, blank=True, verbose_name="OS")
    os_version = models.CharField(max_length=100, blank=True, verbose_name="OS version")
    role = models.CharField(
        max_length=200, blank=True, help_text="e.g. Domain controller, DNS, DHCP"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The host a VM or container runs on.",
    )
    status = models.CharField(
        max_length=20, choices=InfrastructureStatus.choices, default=InfrastructureStatus.ACTIVE
    )
    manufacturer = models.CharField(max_length=100, blank=True)
    hardware_model = models.CharField(max_length=100, blank=True, verbose_name="model")
    serial_number = models.CharField(max_length=100, blank=True)
    warranty_expires = models.DateField(null=True, blank=True)
    environmental_notes = models.TextField(
        blank=True,
        help_text="Quirks the next technician must know (recall surfaces these): "
        "'reboot only after 22:00', 'RAID battery weak', ...",
    )

    class Meta(BaseModel.Meta):
        ordering = ["client__name", "hostname"]
        verbose_name_plural = "infrastructure"
        constraints = [
            models.UniqueConstraint(
                fields=["client", "hostname"], name="msp_infrastructure_client_hostname_unique"
            ),
        ]
        indexes = [models.Index(fields=["ip_address"], name="msp_infra_ip_idx")]

    def __str__(self) -> str:
        return f"{self.hostname} ({self.get_asset_type_display()})"

    @property
    def is_host(self) -> bool:
        return any(self.asset_type in hosts for hosts in HOST_TYPES.values())

    def clean(self) -> None:
        super().clean()
        self.hostname = (self.hostname or "").strip()
        if self.client_id is None:
            return
        errors: dict = {}
        errors |= unique_error(
            self,
            "hostname",
            Infrastructure.objects.filter(client_id=self.client_id, hostname__iexact=self.hostname),
            "This client already has an asset with this hostname.",
        )
        errors |= same_client_error(self, "site", self.site, self.client_id, "site")
        errors |= self._parent_errors()
        errors |= self._children_errors()
        if errors:
            raise ValidationError(errors)

    def _parent_errors(self) -> dict:
        parent = self.parent
        if parent is None:
            return {}
        hosts = HOST_TYPES.get(self.asset_type)
        if hosts is None:
            return {
                "parent": ValidationError(
                    "Only virtual machines and containers have a parent host.", code="no_parent"
                )
            }
        if parent.pk == self.pk:
            return {
                "parent": ValidationError("An asset cannot be its own host.", code="parent_cycle")
            }
        if parent.client_id != self.client_id:
            return same_client_error(self, "parent", parent, self.client_id, "host")
        if parent.asset_type not in hosts:
            return {
                "parent": ValidationError(
                    "A %(type)s must run on one of: %(hosts)s.",
                    code="not_a_host",
                    params={
                        "type": self.get_asset_type_display(),
                        "hosts": ", ".join(sorted(str(AssetType(h).label) for h in hosts)),
                    },
                )
            }
        # Walk the stored chain upwards: reaching this asset again means a cycle.
        seen = {self.pk}
        current = parent
        for _ in range(MAX_PARENT_DEPTH):
            if current.parent_id is None:
                return {}
            if current.parent_id in seen:
                break
            seen.add(current.pk)
            current = Infrastructure.objects.only("id", "parent_id").get(pk=current.parent_id)
        return {
            "parent": ValidationError(
                "This host would make a cycle of parents.", code="parent_cycle"
            )
        }

    def _children_errors(self) -> dict:
        """A host that still has guests cannot become something that cannot host them."""
        if self._state.adding:
            return {}
        guest_types = set(self.children.values_list("asset_type", flat=True))
        for guest in guest_types:
            if self.asset_type not in HOST_TYPES.get(guest, set()):
                return {
                    "asset_type": ValidationError(
                        "This asset hosts %(guest)s guests; move them before changing its type.",
                        code="has_guests",
                        params={"guest": AssetType(guest).label},
                    )
                }
        original = (
            Infrastructure.objects.filter(pk=self.pk).values_list("client_id", flat=True).first()
        )
        if (
            original is not None
            and original != self.client_id
            and (
                self.children.exists()
                or self.security_incidents.exists()
                or self.credentials.exists()
                or Service.depends_on.through.objects.filter(
                    models.Q(from_service__infrastructure=self)
                    | models.Q(to_service__infrastructure=self)
                ).exists()
            )
        ):
            return {
                "client": ValidationError(
                    "This asset has guests, incidents, credentials or service dependencies at "
                    "its current "
                    "client; it cannot move to another client.",
                    code="has_children",
                )
            }
        return {}


class ServiceType(models.TextChoices):
    WEB = "web", "Web server / site"
    APPLICATION = "application", "Line-of-business application"
    DATABASE = "database", "Database"
    MAIL = "mail", "Mail"
    DNS = "dns", "DNS"
    DHCP = "dhcp", "DHCP"
    DIRECTORY = "directory", "Directory (AD / LDAP)"
    FILE_SHARE = "file_share", "File share"
    PRINT = "print", "Print server"
    BACKUP = "backup", "Backup"
    REMOTE_ACCESS = "remote_access", "Remote access (RDP / SSH)"
    VPN = "vpn", "VPN"
    MONITORING = "monitoring", "Monitoring / RMM"
    VIRTUALIZATION = "virtualization", "Virtualization management"
    VOIP = "voip", "VoIP / telephony"
    API = "api", "API"
    OTHER = "other", "Other"


class ServiceProtocol(models.TextChoices):
    TCP = "tcp", "TCP"
    UDP = "udp", "UDP"
    TCP_UDP = "tcp_udp", "TCP and UDP"


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    RUNNING = "running", "Running"
    DEGRADED = "degraded", "Degraded"
    STOPPED = "stopped", "Stopped"
    DECOMMISSIONED = "decommissioned", "Decommissioned"


def validate_urls(value) -> None:
    if not isinstance(value, list):
        raise ValidationError("Enter a list of URLs.", code="invalid")
    check = URLValidator(
        schemes=["http", "https", "ftp", "ftps", "ssh", "rdp", "ldap", "ldaps", "smb"]
    )
    for item in value:
        if not isinstance(item, str) or len(item) > 2000:
            raise ValidationError(
                "Each URL must be text of at most 2000 characters.", code="invalid"
            )
        check(item)


class Service(BaseModel, NotesMixin):
    """Something an asset runs that people or other services use. Its client is its
    infrastructure's client."""

    infrastructure = models.ForeignKey(
        Infrastructure, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=200, help_text="Unique per asset.")
    service_type = models.CharField(
        max_length=20, choices=ServiceType.choices, default=ServiceType.OTHER
    )
    urls = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_urls],
        verbose_name="URLs",
        help_text='e.g. ["https://erp.example.com"]',
    )
    port = models.PositiveIntegerField(null=True, blank=True, validators=[validate_port])
    protocol = models.CharField(
        max_length=10, choices=ServiceProtocol.choices, default=ServiceProtocol.TCP
    )
    version = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.RUNNING
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        help_text="Services this one needs (same client).",
    )

    class Meta(BaseModel.Meta):
        ordering = ["infrastructure__hostname", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["infrastructure", "name"], name="msp_service_infrastructure_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.infrastructure.hostname}"

    @property
    def client(self) -> Client:
        return self.infrastructure.client

    @property
    def client_id(self):
        return self.infrastructure.client_id if self.infrastructure_id else None

    def clean(self) -> None:
        super().clean()
        self.name = (self.name or "").strip()
        if self.infrastructure_id is None:
            return
        errors = unique_error(
            self,
            "name",
            Service.objects.filter(
                infrastructure_id=self.infrastructure_id, name__iexact=self.name
            ),
            "This asset already has a service with this name.",
        )
        if not self._state.adding and (
            self.depends_on.exclude(infrastructure__client_id=self.client_id).exists()
            or self.credentials.exclude(client_id=self.client_id).exists()
        ):
            errors["infrastructure"] = ValidationError(
                "This service depends on services or has credentials of its current "
                "client; remove those before moving it to another client.",
                code="other_client",
            )
        if errors:
            raise ValidationError(errors)

    def clean_m2m(self, depends_on=None) -> None:
        """Checks the many-to-many values about to be set (``depends_on``): same client,
        not itself, no dependency cycle. Called by the serializers and the admin form."""
        if depends_on is None:
            return
        for other in depends_on:
            if other.pk == self.pk:
                raise ValidationError(
                    {
                        "depends_on": ValidationError(
                            "A service cannot depend on itself.", code="self_dependency"
                        )
                    }
                )
            if self.infrastructure_id and other.infrastructure.client_id != self.client_id:
                raise ValidationError(
                    {
                        "depends_on": ValidationError(
                            "“%(service)s” belongs to another client.",
                            code="other_client",
                            params={"service": other.name},
                        )
                    }
                )
        if self._state.adding:
            return
        # A cycle exists if this service is reachable from one of its new dependencies.
        frontier = {other.pk for other in depends_on}
        seen: set = set()
        while frontier:
            if self.pk in frontier:
                raise ValidationError(
                    {
                        "depends_on": ValidationError(
                            "These dependencies would make a cycle.", code="dependency_cycle"
                        )
                    }
                )
            seen |= frontier
            frontier = (
                set(
                    Service.depends_on.through.objects.filter(
                        from_service_id__in=frontier
                    ).values_list("to_service_id", flat=True)
                )
                - seen
            )
