"""factory_boy factory of vault credentials: secrets go through msp.services.vault (encrypted,
audited), exactly as the API and the admin store them."""

from __future__ import annotations

import secrets as _secrets

import factory

from msp.models import Credential
from msp.services import vault
from msp.testing.inventory_factories import ClientFactory


class CredentialFactory(factory.django.DjangoModelFactory):
    """``CredentialFactory(secrets={"password": "...", "api_key": "..."})``; by default a
    random password is set."""

    class Meta:
        model = Credential

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Admin login {n:04d}")
    credential_type = "password"
    username = factory.Sequence(lambda n: f"admin{n}")
    secrets = factory.LazyFunction(lambda: {"password": _secrets.token_urlsafe(18)})

    @classmethod
    def _create(cls, model_class, *args, secrets=None, **kwargs):
        return vault.create_credential(fields=kwargs, secrets=secrets or {})

    @classmethod
    def _build(cls, model_class, *args, secrets=None, **kwargs):
        return model_class(**kwargs)
