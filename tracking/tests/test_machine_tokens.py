"""Machine tokens: issue, use, revoke (API, commands, admin), and what they may not do."""

from __future__ import annotations

import io
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEvent
from msp.testing.auth import client_for
from msp.testing.factories import StaffUserFactory, TechnicianFactory, UserFactory
from tracking.models import Machine
from tracking.models.tokens import MachineToken
from tracking.services.machine_tokens import TOUCH_INTERVAL, issue_machine_token
from tracking.testing.factories import MachineFactory

BASE = "/api/v1/auth/machine-tokens/"
REGISTRATION = {
    "fingerprint": "fp-laptop-0001",
    "hostname": "tech-laptop",
    "platform": "linux",
    "os_version": "Ubuntu 24.04",
    "username": "alice",
    "name": "claude-code hooks",
}

pytestmark = pytest.mark.django_db


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_technician_registers_a_machine_and_gets_a_token_that_works():
    user = UserFactory()
    response = client_for(user).post(BASE, REGISTRATION, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Cache-Control"] == "no-store"
    assert body["machine"]["fingerprint"] == "fp-laptop-0001"
    assert body["name"] == "claude-code hooks" and not body["is_revoked"]
    machine = Machine.objects.get(fingerprint="fp-laptop-0001")
    assert (machine.owner, machine.hostname, machine.platform) == (user, "tech-laptop", "linux")
    claims = jwt.decode(body["token"], options={"verify_signature": False})
    assert claims["token_type"] == "machine"
    assert claims["jti"] == body["id"] and claims["machine_id"] == str(machine.pk)
    assert claims["aud"] == settings.SIMPLE_JWT["AUDIENCE"]
    assert claims["exp"] - claims["iat"] >= settings.MSP_MACHINE_TOKEN_DAYS * 86400 - 5

    me = bearer(body["token"]).get("/api/v1/auth/me/")
    assert me.status_code == 200, me.content
    assert me.json()["username"] == user.username
    assert AuditEvent.objects.filter(event_type="auth.token_issued", target_id=body["id"]).exists()


def test_the_token_string_is_never_stored():
    user = UserFactory()
    body = client_for(user).post(BASE, REGISTRATION, format="json").json()
    signature = body["token"].rsplit(".", 1)[1]
    for row in MachineToken.objects.values():
        assert signature not in str(row)
    for row in AuditEvent.objects.values():
        assert signature not in str(row)


def test_registering_again_updates_the_machine_instead_of_duplicating_it():
    user = UserFactory()
    api = client_for(user)
    assert api.post(BASE, REGISTRATION, format="json").status_code == 201
    renamed = {**REGISTRATION, "hostname": "tech-laptop-2", "os_version": "Ubuntu 26.04"}
    assert api.post(BASE, renamed, format="json").status_code == 201
    machine = Machine.objects.get(fingerprint="fp-laptop-0001")
    assert (machine.hostname, machine.os_version) == ("tech-laptop-2", "Ubuntu 26.04")
    assert Machine.objects.count() == 1 and machine.tokens.count() == 2


def test_machine_of_another_technician_is_a_409_and_writes_nothing():
    MachineFactory(fingerprint="fp-laptop-0001", hostname="theirs")
    response = client_for(UserFactory()).post(BASE, REGISTRATION, format="json")
    assert response.status_code == 409, response.content
    assert Machine.objects.get(fingerprint="fp-laptop-0001").hostname == "theirs"
    assert not MachineToken.objects.exists()


def test_invalid_registration_is_a_400_with_field_messages():
    api = client_for(UserFactory())
    response = api.post(BASE, {"hostname": "x", "platform": "amiga"}, format="json")
    assert response.status_code == 400
    assert {"fingerprint", "platform"} <= set(response.json()["errors"])
    assert not Machine.objects.exists()


def test_revocation_takes_effect_on_the_next_request():
    user = UserFactory()
    api = client_for(user)
    body = api.post(BASE, REGISTRATION, format="json").json()
    machine_client = bearer(body["token"])
    assert machine_client.get("/api/v1/auth/me/").status_code == 200
    assert api.delete(f"{BASE}{body['id']}/").status_code == 204
    refused = machine_client.get("/api/v1/auth/me/")
    assert refused.status_code == 401
    assert refused.json()["code"] in {"token_revoked", "token_not_valid"}
    detail = api.get(f"{BASE}{body['id']}/").json()
    assert detail["is_revoked"] and detail["revoked_at"]
    assert AuditEvent.objects.filter(event_type="auth.token_revoked", target_id=body["id"]).exists()


def test_expired_tampered_and_inactive_tokens_are_refused():
    user = UserFactory()
    issued = issue_machine_token(user=user, fingerprint="fp-1", hostname="h1")
    header, payload, signature = issued.token.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}AAAA"
    assert bearer(tampered).get("/api/v1/auth/me/").status_code == 401

    claims = jwt.decode(issued.token, options={"verify_signature": False})
    claims["exp"] = int((timezone.now() - timedelta(minutes=1)).timestamp())
    expired = jwt.encode(claims, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")
    assert bearer(expired).get("/api/v1/auth/me/").status_code == 401

    claims = jwt.decode(issued.token, options={"verify_signature": False})
    claims["aud"] = "someone-else"
    wrong_audience = jwt.encode(claims, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")
    assert bearer(wrong_audience).get("/api/v1/auth/me/").status_code == 401

    assert bearer(issued.token).get("/api/v1/auth/me/").status_code == 200
    Machine.objects.filter(pk=issued.row.machine_id).update(is_active=False)
    assert bearer(issued.token).get("/api/v1/auth/me/").status_code == 401


def test_a_machine_token_cannot_mint_or_list_machine_tokens():
    issued = issue_machine_token(user=UserFactory(), fingerprint="fp-1", hostname="h1")
    machine_client = bearer(issued.token)
    assert machine_client.post(BASE, REGISTRATION, format="json").status_code == 403
    assert machine_client.get(BASE).status_code == 403
    assert machine_client.delete(f"{BASE}{issued.row.pk}/").status_code == 403
    assert MachineToken.objects.count() == 1


def test_technicians_see_only_their_own_tokens_and_managers_see_all():
    # Technicians of seed_demo's group are staff (they use the admin): neither that nor
    # the group's permissions reach a colleague's tokens.
    alice, bob = TechnicianFactory(is_staff=True), TechnicianFactory(is_staff=True)
    assert not alice.has_perm("tracking.manage_machine_tokens")
    mine = issue_machine_token(user=alice, fingerprint="fp-a", hostname="a").row
    theirs = issue_machine_token(user=bob, fingerprint="fp-b", hostname="b").row
    listed = {row["id"] for row in client_for(alice).get(BASE).json()["results"]}
    assert listed == {str(mine.pk)}
    assert client_for(alice).get(f"{BASE}{mine.pk}/").status_code == 200
    assert client_for(alice).get(f"{BASE}{theirs.pk}/").status_code == 404
    assert client_for(alice).delete(f"{BASE}{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert client_for(alice).delete(f"{BASE}{mine.pk}/").status_code == 204

    manager = client_for(UserFactory(permissions=["tracking.manage_machine_tokens"]))
    assert {row["id"] for row in manager.get(BASE).json()["results"]} == {
        str(mine.pk),
        str(theirs.pk),
    }
    assert manager.delete(f"{BASE}{theirs.pk}/").status_code == 204


def test_a_technician_cannot_take_over_a_colleagues_machine():
    bob = TechnicianFactory(is_staff=True)
    issue_machine_token(user=bob, fingerprint="fp-b", hostname="b")
    response = client_for(TechnicianFactory(is_staff=True)).post(
        BASE, {**REGISTRATION, "fingerprint": "fp-b"}, format="json"
    )
    assert response.status_code == 409, response.content
    assert MachineToken.objects.filter(machine__fingerprint="fp-b").count() == 1


def test_admin_lists_only_the_technicians_own_tokens():
    from django.test import Client

    alice = TechnicianFactory(is_staff=True)
    issue_machine_token(user=alice, fingerprint="fp-a", hostname="alice-laptop")
    theirs = issue_machine_token(user=TechnicianFactory(), fingerprint="fp-b", hostname="bob-pc")
    browser = Client()
    browser.force_login(alice)
    page = browser.get("/admin/tracking/machinetoken/")
    assert page.status_code == 200
    assert b"alice-laptop" in page.content and b"bob-pc" not in page.content
    assert browser.get(f"/admin/tracking/machinetoken/{theirs.row.pk}/change/").status_code in (
        302,
        404,
    )
    browser.post(
        "/admin/tracking/machinetoken/",
        {"action": "revoke_tokens", "_selected_action": [str(theirs.row.pk)]},
    )
    theirs.row.refresh_from_db()
    assert theirs.row.revoked_at is None


def test_use_updates_last_seen_at_most_once_per_interval(django_assert_max_num_queries):
    issued = issue_machine_token(user=UserFactory(), fingerprint="fp-1", hostname="h1")
    machine_client = bearer(issued.token)
    assert machine_client.get("/api/v1/auth/me/").status_code == 200
    machine = Machine.objects.get(pk=issued.row.machine_id)
    first_seen = machine.last_seen_at
    assert first_seen is not None
    assert machine_client.get("/api/v1/auth/me/").status_code == 200
    machine.refresh_from_db()
    assert machine.last_seen_at == first_seen  # within the interval: no second write
    earlier = timezone.now() - TOUCH_INTERVAL - timedelta(seconds=1)
    MachineToken.objects.filter(pk=issued.row.pk).update(last_used_at=earlier)
    Machine.objects.filter(pk=machine.pk).update(last_seen_at=earlier)
    assert machine_client.get("/api/v1/auth/me/").status_code == 200
    machine.refresh_from_db()
    assert machine.last_seen_at > earlier


def test_issue_and_revoke_commands():
    user = UserFactory(username="carol")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "issue_machine_token",
        "--user=carol",
        "--fingerprint=fp-cmd",
        "--hostname=ws-01",
        "--platform=windows",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    assert bearer(token).get("/api/v1/auth/me/").status_code == 200
    row = MachineToken.objects.get(machine__fingerprint="fp-cmd")
    assert row.user == user and row.machine.platform == "windows"

    call_command("revoke_token", token, stdout=io.StringIO())
    assert bearer(token).get("/api/v1/auth/me/").status_code == 401

    second = issue_machine_token(user=user, fingerprint="fp-cmd", hostname="ws-01")
    third = issue_machine_token(user=user, fingerprint="fp-cmd", hostname="ws-01")
    out = io.StringIO()
    call_command("revoke_token", "--machine=fp-cmd", stdout=out)
    assert "Revoked 2" in out.getvalue()
    for issued in (second, third):
        assert bearer(issued.token).get("/api/v1/auth/me/").status_code == 401

    with pytest.raises(CommandError):
        call_command("issue_machine_token", "--user=nobody", "--fingerprint=f", "--hostname=h")
    with pytest.raises(CommandError):
        call_command("revoke_token", "not-a-token")
    with pytest.raises(CommandError):
        call_command("revoke_token")


def test_admin_lists_tokens_and_revokes_them():
    admin_user = StaffUserFactory(is_superuser=True)
    issued = issue_machine_token(user=UserFactory(), fingerprint="fp-1", hostname="h1")
    from django.test import Client

    browser = Client()
    browser.force_login(admin_user)
    page = browser.get("/admin/tracking/machinetoken/")
    assert page.status_code == 200 and b"h1" in page.content
    response = browser.post(
        "/admin/tracking/machinetoken/",
        {"action": "revoke_tokens", "_selected_action": [str(issued.row.pk)]},
    )
    assert response.status_code == 302
    issued.row.refresh_from_db()
    assert issued.row.is_revoked
    assert bearer(issued.token).get("/api/v1/auth/me/").status_code == 401


def test_a_machine_token_cannot_reveal_credentials_even_for_a_permitted_user():
    from msp.testing.credential_factories import CredentialFactory

    user = UserFactory(permissions=["msp.reveal_credential", "msp.view_credential"])
    credential = CredentialFactory()
    assert client_for(user).post(f"/api/v1/credentials/{credential.pk}/reveal/").status_code == 200
    issued = issue_machine_token(user=user, fingerprint="fp-1", hostname="h1")
    response = bearer(issued.token).post(f"/api/v1/credentials/{credential.pk}/reveal/")
    assert response.status_code == 403
    denied = AuditEvent.objects.filter(event_type="permission.denied").latest("seq")
    assert denied.details["delegated"] is True
