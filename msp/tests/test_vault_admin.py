"""The Credential admin: secrets never on the change list or change form, write-only
inputs to set / replace / clear them, and a deliberate, audited "Reveal secrets" page."""

from __future__ import annotations

import pytest
from django.test import Client as DjangoClient
from django.urls import reverse

from audit.models import AuditEvent
from msp.models import Credential
from msp.models.credentials import SECRET_FIELDS
from msp.services import vault
from msp.testing.credential_factories import CredentialFactory
from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import ClientFactory

PLAIN = {name: f"admin-plain-{name}-7Qz" for name in SECRET_FIELDS}
PERMS = [
    "msp.view_credential",
    "msp.add_credential",
    "msp.change_credential",
    "msp.delete_credential",
    "msp.view_client",
]


def events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("seq"))


def browser(*permissions: str) -> tuple[DjangoClient, object]:
    user = UserFactory(is_staff=True, permissions=list(permissions))
    client = DjangoClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client, user


def csrf_post(client: DjangoClient, url: str, data: dict | None = None):
    page = client.get(url)
    token = (
        page.cookies["csrftoken"].value
        if "csrftoken" in page.cookies
        else client.cookies["csrftoken"].value
    )
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": token})


def assert_no_secret(html: str, credential=None) -> None:
    for value in PLAIN.values():
        assert value not in html
    if credential is not None:
        for name in credential.secrets_set:
            assert credential.stored_secret(name).split(":")[-1] not in html


@pytest.mark.django_db
def test_change_list_and_change_form_show_which_secrets_are_set_not_the_values():
    credential = CredentialFactory(secrets=PLAIN, name="Core switch admin")
    client, _ = browser(*PERMS)
    listing = client.get(reverse("admin:msp_credential_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Core switch admin" in html and "API key" in html and "private key" in html
    assert_no_secret(html, credential)
    form = client.get(reverse("admin:msp_credential_change", args=[credential.pk]))
    html = form.content.decode()
    assert form.status_code == 200
    assert 'type="password"' in html and "currently set" in html
    # Without msp.reveal_credential, no button leads to a page that would refuse.
    assert "Reveal secrets" not in html
    assert_no_secret(html, credential)


@pytest.mark.django_db
def test_admin_sets_replaces_and_clears_secrets_through_the_vault():
    acme = ClientFactory()
    client, user = browser(*PERMS)
    add = reverse("admin:msp_credential_add")
    response = csrf_post(
        client,
        add,
        {
            "client": str(acme.pk),
            "name": "NAS admin",
            "credential_type": "password",
            "username": "admin",
            "urls": "[]",
            "is_active": "on",
            "set_password": PLAIN["password"],
            "set_private_key": PLAIN["private_key"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    credential = Credential.objects.get(name="NAS admin")
    assert credential.secrets_set == ["password", "private_key"]
    assert vault.reveal_credential(credential, user=UserFactory(is_superuser=True)) == {
        "password": PLAIN["password"],
        "private_key": PLAIN["private_key"],
    }
    created = events("credential.created")[-1]
    assert created.actor_id == str(user.pk)
    assert created.details["secrets_set"] == ["password", "private_key"]

    change = reverse("admin:msp_credential_change", args=[credential.pk])
    response = csrf_post(
        client,
        change,
        {
            "client": str(acme.pk),
            "name": "NAS admin",
            "credential_type": "password",
            "username": "admin",
            "urls": "[]",
            "is_active": "on",
            "set_password": "",
            "clear_private_key": "on",
            "set_token": PLAIN["token"],
        },
    )
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.secrets_set == ["password", "token"]  # empty input kept the password
    updated = events("credential.updated")[-1]
    assert (updated.details["secrets_set"], updated.details["secrets_cleared"]) == (
        ["token"],
        ["private_key"],
    )


@pytest.mark.django_db
def test_a_form_shown_again_with_errors_does_not_echo_the_secret():
    acme = ClientFactory()
    CredentialFactory(client=acme, name="Taken")
    client, _ = browser(*PERMS)
    response = csrf_post(
        client,
        reverse("admin:msp_credential_add"),
        {
            "client": str(acme.pk),
            "name": "taken",
            "credential_type": "password",
            "urls": "[]",
            "set_password": PLAIN["password"],
            "set_private_key": PLAIN["private_key"],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "already has a credential with this name" in html
    assert_no_secret(html)


@pytest.mark.django_db
def test_admin_reveal_needs_post_and_the_permission_and_is_audited():
    credential = CredentialFactory(
        secrets={"password": PLAIN["password"], "api_key": PLAIN["api_key"]}
    )
    url = reverse("admin:msp_credential_reveal", args=[credential.pk])

    client, user = browser("msp.view_credential")
    page = client.get(url)
    assert page.status_code == 200
    assert "do not have the permission" in page.content.decode()
    assert_no_secret(page.content.decode())
    denied = csrf_post(client, url)
    assert denied.status_code == 403
    assert_no_secret(denied.content.decode())
    [event] = events("permission.denied")
    assert event.actor_id == str(user.pk) and event.target_id == str(credential.pk)
    assert event.details["via"] == "admin"

    client, user = browser("msp.view_credential", "msp.reveal_credential")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert_no_secret(html)  # GET only offers the button
    assert not events("credential.reveal")
    # Without the CSRF token the POST is refused.
    assert client.post(url).status_code == 403
    revealed = csrf_post(client, url)
    assert revealed.status_code == 200
    assert "no-store" in revealed["Cache-Control"]
    html = revealed.content.decode()
    assert PLAIN["password"] in html and PLAIN["api_key"] in html
    [event] = events("credential.reveal")
    assert event.actor_id == str(user.pk)
    assert event.details == {"fields": ["password", "api_key"], "via": "admin"}
    assert event.ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_admin_reveal_of_a_bad_value_is_409_without_the_stored_text():
    credential = CredentialFactory(secrets={"password": "p"})
    Credential.objects.filter(pk=credential.pk).update(
        password_encrypted=credential.stored_secret("password")[:-2] + "AA"
    )
    client, _ = browser("msp.view_credential", "msp.reveal_credential")
    response = csrf_post(client, reverse("admin:msp_credential_reveal", args=[credential.pk]))
    assert response.status_code == 409
    html = response.content.decode()
    assert "could not be decrypted" in html
    assert credential.stored_secret("password").split(":")[-1][:-2] not in html
    assert events("credential.decrypt_failed")


@pytest.mark.django_db
def test_admin_reveal_needs_view_permission_and_a_login():
    credential = CredentialFactory()
    url = reverse("admin:msp_credential_reveal", args=[credential.pk])
    assert DjangoClient().get(url).status_code == 302  # to the login page
    client, _ = browser("msp.view_client")
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_admin_delete_is_audited():
    credential = CredentialFactory()
    client, _ = browser(*PERMS)
    response = csrf_post(
        client, reverse("admin:msp_credential_delete", args=[credential.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Credential.objects.filter(pk=credential.pk).exists()
    assert events("credential.deleted")[-1].target_id == str(credential.pk)
