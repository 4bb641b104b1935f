"""credentials/ through the generic API test base, plus what only a vault has: secrets
write-only, ``secrets_set`` on reads, the audited reveal, and decrypt failures (409)."""

from __future__ import annotations

import datetime
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from msp.models import Credential
from msp.models.credentials import SECRET_FIELDS
from msp.testing.api import APIViewTestCases
from msp.testing.auth import client_for
from msp.testing.credential_factories import CredentialFactory
from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import (
    ClientFactory,
    InfrastructureFactory,
    M365TenantFactory,
    ServiceFactory,
)

OLD = datetime.datetime(2019, 6, 1, tzinfo=datetime.UTC)
PLAIN = {
    "password": "Pw-Q7mZr4tLx9vB2",
    "api_key": "ak-8f3e1c0b7d6a5e4f",
    "client_secret": "cs~Jd8.fj38Fh_2kd9",
    "token": "tok-3b9d7e1f0a2c4e6",
    "connection_string": "Server=tcp:db1,1433;Database=erp;User Id=sa;Password=CsPw-71kq0Zx",
    "private_key": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
    "-----END OPENSSH PRIVATE KEY-----\n",
}


def ids(*objects) -> set:
    return {obj.pk for obj in objects}


def events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("seq"))


def assert_no_plaintext(text: str, values=PLAIN.values()) -> None:
    for value in values:
        assert value not in text, value


class TestCredentialAPI(APIViewTestCases.APIViewTestCase):
    model = Credential
    base_path = "/api/v1/credentials/"
    factory = CredentialFactory
    update_data = {"notes": "Rotated after the 2026 audit 🔐", "requires_vpn": True}

    def setUp(self):
        super().setUp()
        self.acme = ClientFactory()
        self.other = ClientFactory()
        self.server = InfrastructureFactory(client=self.acme)
        self.service = ServiceFactory(infrastructure=self.server)
        self.tenant = M365TenantFactory(client=self.acme)
        self.existing = CredentialFactory(client=self.acme, name="Existing login")
        # The audit app creates its request-chain head on the first logged request, one
        # query more than every later request; whether that already happened depends on
        # which tests ran before. Start warm so the base's query-count test counts the
        # credential list only (reported to the audit app's owner).
        assert self.client.get("/api/v1/auth/me/").status_code == 200

    def get_create_data(self):
        return [
            {
                "client": str(self.acme.pk),
                "name": "Firewall admin 🔥",
                "username": "admin",
                "credential_type": "password",
                "infrastructure": str(self.server.pk),
                "service": str(self.service.pk),
                "m365_tenant": str(self.tenant.pk),
                "urls": ["https://fw.acme.example:8443/"],
                "requires_vpn": True,
                "requires_2fa": True,
                "expires_at": "2030-01-01T00:00:00Z",
                **PLAIN,
            },
            {"client": str(self.acme.pk), "name": "No secrets yet"},
        ]

    def check_created(self, obj, payload, body):
        sent = [name for name in SECRET_FIELDS if name in payload]
        assert body["secrets_set"] == sent
        assert obj.secrets_set == sent
        for name in SECRET_FIELDS:
            assert name not in body
        assert_no_plaintext(json.dumps(body))
        if sent:
            assert obj.last_rotated_at is not None
            assert obj.stored_secret("password").startswith("v1:")
        else:
            assert obj.last_rotated_at is None

    def get_invalid_data(self):
        client = str(self.acme.pk)
        other_server = InfrastructureFactory(client=self.other)
        return [
            ({"client": client, "name": ""}, {"name"}),
            ({"client": client, "name": "EXISTING LOGIN"}, {"name"}),
            ({"client": client, "name": "T", "credential_type": "magic"}, {"credential_type"}),
            (
                {"client": client, "name": "O", "infrastructure": str(other_server.pk)},
                {"infrastructure"},
            ),
            ({"client": client, "name": "U", "urls": ["not a url"]}, {"urls"}),
            ({"client": client, "name": "L", "password": "x" * 5000}, {"password"}),
        ]

    def filter_cases(self):
        a = CredentialFactory(
            client=self.other,
            name="Filter A",
            credential_type="api_key",
            is_active=False,
            requires_vpn=True,
            requires_2fa=True,
            username="svc-filter",
            notes="legacy ERP",
            expires_at=timezone.now() + datetime.timedelta(days=400),
        )
        server = InfrastructureFactory(client=self.other)
        service = ServiceFactory(infrastructure=server)
        tenant = M365TenantFactory(client=self.other)
        b = CredentialFactory(
            client=self.other,
            name="Filter B",
            infrastructure=server,
            service=service,
            m365_tenant=tenant,
            urls=["https://erp.other.example/"],
            expires_at=timezone.now() - datetime.timedelta(days=1),
        )
        Credential.objects.filter(pk=a.pk).update(created_at=OLD)
        others = set(Credential.objects.exclude(pk=a.pk).values_list("pk", flat=True))
        return [
            ({"client_id": str(self.other.pk)}, ids(a, b)),
            ({"infrastructure_id": str(server.pk)}, ids(b)),
            ({"service_id": str(service.pk)}, ids(b)),
            ({"m365_tenant_id": str(tenant.pk)}, ids(b)),
            ({"name": "filter a"}, ids(a)),
            ({"credential_type": "api_key"}, ids(a)),
            ({"is_active": "false"}, ids(a)),
            ({"requires_vpn": "true"}, ids(a)),
            ({"requires_2fa": "true"}, ids(a)),
            ({"expires_at__gte": "2029-01-01T00:00:00Z"}, set()),
            ({"expires_at__gte": timezone.now().isoformat()}, ids(a)),
            ({"expires_at__lte": timezone.now().isoformat()}, ids(b)),
            ({"created_at__lte": "2020-01-01T00:00:00Z"}, ids(a)),
            ({"created_at__gte": "2020-01-01T00:00:00Z"}, others),
            ({"search": "svc-filter"}, ids(a)),
            ({"search": "legacy"}, ids(a)),
            ({"search": "erp.other"}, ids(b)),
        ]

    def invalid_filter_params(self):
        return [
            {"credential_type": "magic"},
            {"expires_at__gte": "soon"},
            {"client_id": "not-a-uuid"},
        ]

    # --- what the base cannot know -----------------------------------------------------

    def test_list_query_count_is_constant_once_warm(self):
        """The base's test also counts the audit chain's one-off first write; this one
        warms up first, so any difference is the credential list itself."""
        CredentialFactory(client=self.acme)
        assert self.client.get(self.base_path).status_code == 200
        with CaptureQueriesContext(connection) as few:
            assert self.client.get(self.base_path).status_code == 200
        for _ in range(8):
            server = InfrastructureFactory(client=self.acme)
            CredentialFactory(
                client=self.acme,
                infrastructure=server,
                service=ServiceFactory(infrastructure=server),
                m365_tenant=M365TenantFactory(client=self.acme),
                secrets=PLAIN,
            )
        with CaptureQueriesContext(connection) as many:
            assert self.client.get(self.base_path, {"page_size": 500}).status_code == 200
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]

    def test_list_and_detail_show_which_secrets_are_set_never_the_values(self):
        credential = CredentialFactory(client=self.acme, secrets=PLAIN)
        listing = self.client.get(self.base_path, {"page_size": 500})
        detail = self.client.get(self.detail_path(credential))
        assert listing.status_code == detail.status_code == 200
        row = next(r for r in listing.json()["results"] if r["id"] == str(credential.pk))
        for body in (row, detail.json()):
            assert body["secrets_set"] == list(SECRET_FIELDS)
            assert not set(SECRET_FIELDS) & set(body)
            assert not any(key.endswith("_encrypted") for key in body)
        text = listing.content.decode() + detail.content.decode()
        assert_no_plaintext(text)
        assert "v1:" not in text  # not even the ciphertext

    def test_patch_sets_replaces_and_clears_secrets(self):
        credential = CredentialFactory(
            client=self.acme, secrets={"password": "old-pass-1", "token": "old-token-1"}
        )
        before = credential.stored_secret("password")
        response = self.client.patch(
            self.detail_path(credential),
            {"password": "new-pass-2", "token": None, "api_key": "fresh-key-3"},
            format="json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["secrets_set"] == ["password", "api_key"]
        credential.refresh_from_db()
        assert credential.stored_secret("password") != before
        response = self.client.patch(self.detail_path(credential), {"api_key": ""}, format="json")
        assert response.json()["secrets_set"] == ["password"]
        # Leaving a secret out keeps it.
        self.client.patch(self.detail_path(credential), {"notes": "x"}, format="json")
        credential.refresh_from_db()
        assert credential.secrets_set == ["password"]
        updated = events("credential.updated")
        assert updated[0].details == {
            "fields": [],
            "secrets_set": ["password", "api_key"],
            "secrets_cleared": ["token"],
        }
        assert updated[1].details["secrets_cleared"] == ["api_key"]
        assert updated[2].details == {"fields": ["notes"], "secrets_set": [], "secrets_cleared": []}
        assert updated[0].request_id and updated[0].actor_id == str(self.user.pk)
        assert_no_plaintext(
            json.dumps([e.details for e in updated]), ["old-pass-1", "new-pass-2", "fresh-key-3"]
        )

    def test_create_and_delete_are_audited_with_names_only(self):
        response = self.client.post(self.base_path, self.get_create_data()[0], format="json")
        assert response.status_code == 201
        created = events("credential.created")[-1]
        assert created.target_id == response.json()["id"]
        assert created.details["secrets_set"] == list(SECRET_FIELDS)
        assert {"name", "client", "username"} <= set(created.details["fields"])
        assert created.request_id == response["X-Request-ID"]
        assert self.client.delete(f"{self.base_path}{created.target_id}/").status_code == 204
        deleted = events("credential.deleted")[-1]
        assert deleted.target_id == created.target_id
        assert_no_plaintext(json.dumps([created.details, deleted.details]))

    def test_secret_change_stamps_last_rotated_at_unless_given(self):
        credential = CredentialFactory(client=self.acme, secrets={})
        assert credential.last_rotated_at is None
        self.client.patch(self.detail_path(credential), {"password": "p-1"}, format="json")
        credential.refresh_from_db()
        assert credential.last_rotated_at is not None
        self.client.patch(
            self.detail_path(credential),
            {"password": "p-2", "last_rotated_at": "2024-05-01T00:00:00Z"},
            format="json",
        )
        credential.refresh_from_db()
        assert credential.last_rotated_at == datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)


class TestReveal(APIViewTestCases.Base):
    model = Credential
    base_path = "/api/v1/credentials/"
    factory = CredentialFactory

    def reveal_path(self, credential) -> str:
        return f"{self.base_path}{credential.pk}/reveal/"

    def test_reveal_without_permission_is_403_and_audited(self):
        credential = CredentialFactory(secrets=PLAIN)
        # self.user has every model permission of credentials, but not reveal.
        response = self.client.post(self.reveal_path(credential), HTTP_X_REQUEST_ID="req-deny-1")
        body = self.assert_error(response, 403)
        assert_no_plaintext(response.content.decode())
        assert body["code"] == "permission_denied"
        [denied] = events("permission.denied")
        assert denied.actor_id == str(self.user.pk)
        assert (denied.target_type, denied.target_id) == ("msp.credential", str(credential.pk))
        assert denied.request_id == "req-deny-1" == response["X-Request-ID"]
        assert denied.ip_address == "127.0.0.1"
        assert denied.details["permission"] == "msp.reveal_credential"
        assert not events("credential.reveal")

    def test_reveal_needs_a_token(self):
        credential = CredentialFactory()
        self.assert_error(self.anonymous.post(self.reveal_path(credential)), 401)
        assert not events("credential.reveal") and not events("permission.denied")

    def test_reveal_with_permission_returns_the_secrets_and_is_audited(self):
        credential = CredentialFactory(secrets=PLAIN, username="root")
        revealer = client_for(UserFactory(permissions=["msp.reveal_credential"]))
        response = revealer.post(self.reveal_path(credential), HTTP_X_REQUEST_ID="req-reveal-1")
        assert response.status_code == 200, response.content
        assert response["Cache-Control"] == "no-store"
        body = response.json()
        assert body["secrets"] == PLAIN
        assert (body["id"], body["username"]) == (str(credential.pk), "root")
        [revealed] = events("credential.reveal")
        assert revealed.request_id == "req-reveal-1"
        assert revealed.target_id == str(credential.pk)
        assert revealed.ip_address == "127.0.0.1"
        assert revealed.details == {"fields": list(SECRET_FIELDS), "via": "api"}
        assert_no_plaintext(json.dumps(revealed.details) + revealed.target_repr)

    def test_reveal_of_a_missing_credential_is_404(self):
        revealer = client_for(UserFactory(permissions=["msp.reveal_credential"]))
        self.assert_error(
            revealer.post(f"{self.base_path}00000000-0000-4000-8000-000000000000/reveal/"), 404
        )
        self.assert_error(revealer.post(f"{self.base_path}nope/reveal/"), 404)

    def test_reveal_only_set_fields(self):
        credential = CredentialFactory(secrets={"api_key": "only-key"})
        revealer = client_for(UserFactory(permissions=["msp.reveal_credential"]))
        assert revealer.post(self.reveal_path(credential)).json()["secrets"] == {
            "api_key": "only-key"
        }

    def test_tampered_value_is_409_audited_and_never_echoed(self):
        credential = CredentialFactory(
            secrets={"password": "tamper-me-please", "token": "fine-token"}
        )
        stored = credential.stored_secret("password")
        # Flip one character of the ciphertext, straight in the database.
        last = stored[-1]
        tampered = stored[:-2] + ("A" if stored[-2] != "A" else "B") + last
        table = connection.ops.quote_name(Credential._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET password_encrypted = %s WHERE id = %s",
                [tampered, credential.pk.hex],
            )
        revealer = client_for(UserFactory(permissions=["msp.reveal_credential"]))
        response = revealer.post(self.reveal_path(credential), HTTP_X_REQUEST_ID="req-tamper")
        body = self.assert_error(response, 409)
        assert body["code"] == "decrypt_failed"
        assert "password" in body["detail"] and "authentication_failed" in body["detail"]
        text = response.content.decode()
        assert tampered not in text and stored not in text
        assert tampered.split(":")[3] not in text
        assert "fine-token" not in text and "tamper-me-please" not in text
        [failed] = events("credential.decrypt_failed")
        assert failed.details["reason"] == "authentication_failed"
        assert failed.details["field"] == "password"
        assert failed.details["key_id"] == stored.split(":")[1]
        assert failed.request_id == "req-tamper"
        assert tampered.split(":")[3] not in json.dumps(failed.details)
        assert not events("credential.reveal")
