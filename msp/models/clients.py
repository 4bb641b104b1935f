"""Clients (the companies the MSP runs IT for) and their sites."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from msp.models.base import BaseModel, NotesMixin
from msp.models.checks import unique_error
from msp.models.fields import DomainNameField, IPAddressListField
from msp.validators import validate_timezone

MINUTES_PER_DAY = 24 * 60


class ClientType(models.TextChoices):
    MANAGED = "managed", "Managed (full service)"
    CO_MANAGED = "co_managed", "Co-managed (with in-house IT)"
    BREAK_FIX = "break_fix", "Break/fix"
    PROJECT = "project", "Project only"
    INTERNAL = "internal", "Internal (the MSP itself)"
    PROSPECT = "prospect", "Prospect"


def validate_contacts(value) -> None:
    """``contacts``: a list of ``{"name", "role"?, "email"?, "phone"?}`` objects.

    The code is ``invalid_contacts``, not ``invalid``: Django replaces the message of an
    error whose code the field knows by the field's own ("Value must be valid JSON")."""
    allowed = {"name", "role", "email", "phone", "notes"}
    if not isinstance(value, list):
        raise ValidationError("Enter a list of contacts.", code="invalid_contacts")
    for index, contact in enumerate(value):
        if (
            not isinstance(contact, dict)
            or not isinstance(contact.get("name"), str)
            or not contact["name"].strip()
        ):
            raise ValidationError(
                "Contact %(index)d needs a name.",
                code="invalid_contacts",
                params={"index": index + 1},
            )
        unknown = set(contact) - allowed
        if unknown:
            raise ValidationError(
                "Contact %(index)d has unknown keys: %(keys)s.",
                code="invalid_contacts",
                params={"index": index + 1, "keys": ", ".join(sorted(unknown))},
            )
        if not all(isinstance(item, str) for item in contact.values()):
            raise ValidationError(
                "Contact %(index)d: every value must be text.",
                code="invalid_contacts",
                params={"index": index + 1},
            )


class Client(BaseModel, NotesMixin):
    """A company the MSP supports. Billing settings here are the defaults time entries use;
    billing months are counted in the client's ``timezone``."""

    name = models.CharField(max_length=200, help_text="Unique, case-insensitively.")
    client_type = models.CharField(
        max_length=20, choices=ClientType.choices, default=ClientType.MANAGED
    )
    domain = DomainNameField(blank=True, help_text="Primary e-mail / AD domain.")
    primary_contact_name = models.CharField(max_length=200, blank=True)
    primary_contact_email = models.EmailField(blank=True)
    primary_contact_phone = models.CharField(max_length=50, blank=True)
    contacts = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_contacts],
        help_text='Further contacts: [{"name", "role", "email", "phone"}].',
    )
    default_hourly_rate = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="Rate time entries default to.",
    )
    billing_increment_minutes = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(MINUTES_PER_DAY)],
        help_text="Billable time is rounded up to a multiple of this.",
    )
    minimum_billable_minutes = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(MINUTES_PER_DAY)],
        help_text="Shortest billable time entry (0 = no minimum).",
    )
    timezone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text="IANA name; billing months are in this zone.",
    )
    is_active = models.BooleanField(default=True)
    teams = models.ManyToManyField(
        Group,
        blank=True,
        related_name="clients",
        help_text="Groups whose members see this client and everything of it.",
    )

    class Meta(BaseModel.Meta):
        ordering = ["name"]
        permissions = [
            ("view_all_clients", "Can see every client, whatever its teams"),
            ("manage_client_access", "Can choose the teams that see a client"),
        ]
        constraints = [
            # Case-insensitive on SQLite (and MySQL 8); MariaDB has no expression indexes
            # but its utf8mb4 collation makes the plain one below case-insensitive.
            models.UniqueConstraint(Lower("name"), name="msp_client_name_ci_unique"),
            models.UniqueConstraint(fields=["name"], name="msp_client_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.name = (self.name or "").strip()
        errors = unique_error(
            self,
            "name",
            Client.objects.filter(name__iexact=self.name),
            "A client with this name already exists.",
        )
        if errors:
            raise ValidationError(errors)


class Site(BaseModel, NotesMixin):
    """A location of a client: an office, a data centre rack, a cloud region."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    vpn_required = models.BooleanField(
        default=False, help_text="Reaching this site needs the client VPN."
    )
    gateway_ip = models.GenericIPAddressField(null=True, blank=True)
    dns_servers = IPAddressListField(help_text='e.g. ["10.0.0.10", "10.0.0.11"]')
    timezone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text="IANA name; blank = the client's time zone.",
    )

    class Meta(BaseModel.Meta):
        ordering = ["client__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="msp_site_client_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.client} / {self.name}"

    @property
    def effective_timezone(self) -> str:
        return self.timezone or self.client.timezone

    def clean(self) -> None:
        super().clean()
        self.name = (self.name or "").strip()
        if self.client_id is None:
            return
        errors = unique_error(
            self,
            "name",
            Site.objects.filter(client_id=self.client_id, name__iexact=self.name),
            "This client already has a site with this name.",
        )
        if not self._state.adding and (
            self.infrastructure.exclude(client_id=self.client_id).exists()
            or self.networks.exclude(client_id=self.client_id).exists()
        ):
            errors["client"] = ValidationError(
                "Assets or networks of the current client are at this site; move them "
                "before giving the site to another client.",
                code="has_children",
            )
        if errors:
            raise ValidationError(errors)
