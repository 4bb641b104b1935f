"""Credentials of the vault: who/where in the clear, secrets only as AES-256-GCM text.

Each secret field ``<name>`` is stored in ``<name>_encrypted`` in :mod:`msp.crypto`'s text
format, bound by associated data to ``msp.credential``, the field name and the row id;
NULL means "not set". The model never decrypts: reading or writing secrets goes through
:mod:`msp.services.vault`, which audits reveals. Nothing here returns a plaintext.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from msp.crypto import associated_data_for, key_id_of
from msp.models.base import BaseModel, NotesMixin
from msp.models.checks import same_client_error, unique_error
from msp.models.clients import Client
from msp.models.infrastructure import Infrastructure, Service, validate_urls
from msp.models.m365 import M365Tenant
from msp.redaction import redact

# The secret fields, in the order they are shown. Stored as ``<name>_encrypted``.
SECRET_FIELDS: tuple[str, ...] = (
    "password",
    "api_key",
    "client_secret",
    "token",
    "connection_string",
    "private_key",
)
CREDENTIAL_MODEL_LABEL = "msp.credential"


def encrypted_field_name(field: str) -> str:
    if field not in SECRET_FIELDS:
        raise ValueError(f"not a secret field: {field!r}")
    return f"{field}_encrypted"


class CredentialType(models.TextChoices):
    PASSWORD = "password", "Password"
    API_KEY = "api_key", "API key"
    OAUTH_CLIENT = "oauth_client", "OAuth client (id + secret)"
    SSH_KEY = "ssh_key", "SSH key"
    CERTIFICATE = "certificate", "Certificate / private key"
    CONNECTION_STRING = "connection_string", "Connection string"
    TOKEN = "token", "Token"
    OTHER = "other", "Other"


def _encrypted_text_field(label: str) -> models.TextField:
    # editable=False: no ModelForm or ModelSerializer ever offers the stored text.
    return models.TextField(
        null=True,
        blank=True,
        editable=False,
        verbose_name=f"{label} (encrypted)",
        help_text="msp.crypto text format; NULL = not set.",
    )


class Credential(BaseModel, NotesMixin):
    """A login, key or secret of a client, optionally tied to an asset, a service or an
    M365 tenant of the same client."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="credentials")
    infrastructure = models.ForeignKey(
        Infrastructure, on_delete=models.SET_NULL, null=True, blank=True, related_name="credentials"
    )
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="credentials"
    )
    m365_tenant = models.ForeignKey(
        M365Tenant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credentials",
        verbose_name="Microsoft 365 tenant",
    )
    name = models.CharField(max_length=200, help_text="Unique per client, case-insensitively.")
    credential_type = models.CharField(
        max_length=20, choices=CredentialType.choices, default=CredentialType.PASSWORD
    )
    username = models.CharField(
        max_length=255, blank=True, help_text="Login name, client id or key id (not secret)."
    )
    password_encrypted = _encrypted_text_field("password")
    api_key_encrypted = _encrypted_text_field("API key")
    client_secret_encrypted = _encrypted_text_field("client secret")
    token_encrypted = _encrypted_text_field("token")
    connection_string_encrypted = _encrypted_text_field("connection string")
    private_key_encrypted = _encrypted_text_field("private key")
    urls = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_urls],
        verbose_name="URLs",
        help_text='e.g. ["https://fw.example.com"]',
    )
    requires_vpn = models.BooleanField(default=False, verbose_name="requires VPN")
    requires_2fa = models.BooleanField(default=False, verbose_name="requires 2FA")
    expires_at = models.DateTimeField(null=True, blank=True)
    last_rotated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the secret was last changed (set automatically when a secret is written).",
    )
    is_active = models.BooleanField(default=True)

    class Meta(BaseModel.Meta):
        ordering = ["client__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "name"], name="msp_credential_client_name_unique"
            ),
        ]
        permissions = [("reveal_credential", "Can reveal credential secrets")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_credential_type_display()})"

    def save(self, *args, **kwargs):
        # "Password: ...", "old password: ..." written into the notes would sit next to the
        # encrypted fields in plaintext. They are redacted on every save, whichever door
        # (API, admin, seed, service) it comes through; docs/redaction.md says why this
        # and not encrypted notes.
        self.notes = redact(self.notes or "")
        super().save(*args, **kwargs)

    # --- secrets: metadata only, never plaintext -------------------------------------

    def stored_secret(self, field: str) -> str | None:
        """The stored (encrypted) text of one secret field, or None if not set."""
        return getattr(self, encrypted_field_name(field))

    @property
    def secrets_set(self) -> list[str]:
        """Names of the secret fields that hold a value."""
        return [field for field in SECRET_FIELDS if self.stored_secret(field) is not None]

    def associated_data(self, field: str) -> bytes:
        """What binds ``field``'s ciphertext to this row (see msp.crypto)."""
        encrypted_field_name(field)
        return associated_data_for(CREDENTIAL_MODEL_LABEL, field, self.pk)

    # --- validation -------------------------------------------------------------------

    def clean(self) -> None:
        super().clean()
        self.name = (self.name or "").strip()
        errors: dict = {}
        for field in SECRET_FIELDS:
            stored = self.stored_secret(field)
            # A value that is not in the vault's format is a programming error (a
            # plaintext assigned directly): refuse to store it.
            if stored is not None and key_id_of(stored) is None:
                errors[field] = ValidationError(
                    "Secrets are stored encrypted only; use msp.services.vault to set them.",
                    code="not_encrypted",
                )
        if self.client_id is not None:
            errors |= unique_error(
                self,
                "name",
                Credential.objects.filter(client_id=self.client_id, name__iexact=self.name),
                "This client already has a credential with this name.",
            )
            errors |= same_client_error(
                self, "infrastructure", self.infrastructure, self.client_id, "asset"
            )
            errors |= same_client_error(self, "service", self.service, self.client_id, "service")
            errors |= same_client_error(
                self, "m365_tenant", self.m365_tenant, self.client_id, "tenant"
            )
        if (
            "service" not in errors
            and "infrastructure" not in errors
            and self.service is not None
            and self.infrastructure_id is not None
            and self.service.infrastructure_id != self.infrastructure_id
        ):
            errors["service"] = ValidationError(
                "This service runs on another asset than the one chosen.",
                code="other_infrastructure",
            )
        if errors:
            raise ValidationError(errors)
