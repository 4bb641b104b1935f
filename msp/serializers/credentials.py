"""Credential serializers: secrets are write-only; reads show only which are set.

Writes take the plaintext secret fields (``password``, ``api_key``, ...), validate the rest
like every inventory serializer (the model's ``full_clean``), and hand both to
:mod:`msp.services.vault`, which encrypts and audits in one transaction. ``null`` or ``""`` clears
a secret; a secret field left out is kept as it is.
"""

from __future__ import annotations

from rest_framework import serializers

from msp.api.serializers import ModelCleanSerializer
from msp.models import Credential
from msp.models.credentials import SECRET_FIELDS
from msp.services import vault

# Generous but bounded: a 4096-bit RSA PEM key is about 3.3 KB, a certificate chain more.
SECRET_MAX_LENGTH = {"private_key": 32_768, "connection_string": 4_096}
DEFAULT_SECRET_MAX_LENGTH = 4_096


def _secret_field(name: str) -> serializers.CharField:
    return serializers.CharField(
        write_only=True,
        required=False,
        allow_null=True,
        allow_blank=True,
        trim_whitespace=False,
        max_length=SECRET_MAX_LENGTH.get(name, DEFAULT_SECRET_MAX_LENGTH),
        style={"input_type": "password"},
        help_text=f"Write-only: sets the {name.replace('_', ' ')} (encrypted at rest); "
        'null or "" clears it. Never returned: see `secrets_set` and '
        "POST credentials/{id}/reveal/.",
    )


class CredentialSerializer(ModelCleanSerializer):
    urls = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, max_length=50
    )
    secrets_set = serializers.ListField(
        child=serializers.ChoiceField(choices=list(SECRET_FIELDS)),
        read_only=True,
        help_text="Which secret fields hold a value (the values themselves are never listed).",
    )
    password = _secret_field("password")
    api_key = _secret_field("api_key")
    client_secret = _secret_field("client_secret")
    token = _secret_field("token")
    connection_string = _secret_field("connection_string")
    private_key = _secret_field("private_key")

    class Meta:
        model = Credential
        fields = [
            "id",
            "display",
            "client",
            "infrastructure",
            "service",
            "m365_tenant",
            "name",
            "credential_type",
            "username",
            *SECRET_FIELDS,
            "secrets_set",
            "urls",
            "requires_vpn",
            "requires_2fa",
            "expires_at",
            "last_rotated_at",
            "is_active",
            "notes",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs):
        # The secrets are not model fields: set them aside while the model validates.
        self._secrets = {name: attrs.pop(name) for name in SECRET_FIELDS if name in attrs}
        return super().validate(attrs)

    def _explicit(self) -> set[str]:
        data = self.initial_data
        return set(data) if hasattr(data, "keys") else set()

    def _actor(self) -> tuple[object, object]:
        request = self.context.get("request")
        return getattr(request, "user", None), request

    def create(self, validated_data):
        user, request = self._actor()
        return vault.create_credential(
            fields=validated_data,
            secrets=self._secrets,
            user=user,
            request=request,
            explicit=self._explicit(),
        )

    def update(self, instance, validated_data):
        user, request = self._actor()
        return vault.update_credential(
            instance,
            fields=validated_data,
            secrets=self._secrets,
            user=user,
            request=request,
            explicit=self._explicit(),
        )


class RevealedSecretsSerializer(serializers.Serializer):
    """Plaintexts of the secret fields that are set; unset ones are absent."""

    password = serializers.CharField(required=False)
    api_key = serializers.CharField(required=False)
    client_secret = serializers.CharField(required=False)
    token = serializers.CharField(required=False)
    connection_string = serializers.CharField(required=False)
    private_key = serializers.CharField(required=False)


class CredentialRevealSerializer(serializers.Serializer):
    """Answer of ``POST credentials/{id}/reveal/``."""

    id = serializers.UUIDField()
    name = serializers.CharField()
    username = serializers.CharField(allow_blank=True)
    secrets = RevealedSecretsSerializer(
        help_text="The decrypted secrets, only the fields that are set."
    )
    revealed_at = serializers.DateTimeField()
