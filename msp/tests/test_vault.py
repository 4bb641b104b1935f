"""The credential vault at rest: no plaintext in the database, every kind of bad stored
value fails closed (error + audit event, no stored text returned), and key rotation
round-trips, survives interruption and lets the old key go. Backend-agnostic: runs on
SQLite and MariaDB."""

from __future__ import annotations

import io
import json
import secrets
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.test import APIClient

from audit.models import AuditEvent
from msp import crypto
from msp.crypto import Keyring, override_keyring
from msp.models import Credential
from msp.models.credentials import SECRET_FIELDS
from msp.services import vault
from msp.testing.auth import client_for
from msp.testing.credential_factories import CredentialFactory
from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import (
    ClientFactory,
    InfrastructureFactory,
    M365TenantFactory,
    ServiceFactory,
)

TABLE = Credential._meta.db_table


def plants() -> dict[str, str]:
    """One unmistakable plaintext per secret field."""
    tag = secrets.token_hex(6)
    return {name: f"PLANTED-{name}-{tag}" for name in SECRET_FIELDS}


def events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("seq"))


def raw_dump() -> str:
    """Every row of every table, read with raw SQL (no ORM, no decryption), as text."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, bytearray, memoryview)):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def raw_update(credential: Credential, column: str, value: str | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(TABLE)} SET "
            f"{connection.ops.quote_name(column)} = %s WHERE id = %s",
            [value, credential.pk.hex],
        )


def raw_value(credential: Credential, column: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM "
            f"{connection.ops.quote_name(TABLE)} WHERE id = %s",
            [credential.pk.hex],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def revealer(db):
    return UserFactory(permissions=["msp.reveal_credential"])


# --- no plaintext at rest -------------------------------------------------------------


@pytest.mark.django_db
def test_secrets_absent_from_a_raw_dump_of_every_table(revealer):
    values = plants()
    credential = CredentialFactory(name="DUMP-MARKER-credential", secrets=values)
    # Every path that touches secrets: update, clear-and-set, reveal, rotation.
    second = plants()
    vault.update_credential(
        credential, secrets={"password": second["password"], "token": None}, user=revealer
    )
    vault.update_credential(credential, secrets={"token": second["token"]}, user=revealer)
    assert vault.reveal_credential(credential, user=revealer)["password"] == second["password"]
    ring = crypto.get_keyring().with_key("dumpnew", secrets.token_bytes(32), make_current=True)
    with override_keyring(ring):
        call_command(
            "rotate_encryption_key", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO()
        )
    dump = raw_dump()
    assert "DUMP-MARKER-credential" in dump  # the dump does read the credential table
    assert "v1:dumpnew:" in dump  # ...and the ciphertexts
    for plaintext in (*values.values(), *second.values()):
        assert plaintext not in dump, plaintext
        # Not even a recognisable chunk of it.
        assert plaintext[-12:] not in dump, plaintext


@pytest.mark.django_db
def test_secrets_sent_to_the_api_are_absent_from_the_database(revealer):
    client_row = ClientFactory()
    values = plants()
    # A connection string as it really looks: the request log's redactor knows the form.
    values["connection_string"] = (
        f"Server=tcp:db1,1433;Database=erp;User Id=sa;Password={values['connection_string']};"
    )
    writer = client_for(UserFactory(permissions=["msp.add_credential", "msp.change_credential"]))
    response = writer.post(
        "/api/v1/credentials/",
        {"client": str(client_row.pk), "name": "via API", **values},
        format="json",
    )
    assert response.status_code == 201, response.content
    path = f"/api/v1/credentials/{response.json()['id']}/"
    replaced = plants()
    response = writer.patch(
        path,
        {"password": replaced["password"], "private_key": replaced["private_key"]},
        format="json",
    )
    assert response.status_code == 200
    reveal = client_for(revealer).post(f"{path}reveal/")
    assert reveal.json()["secrets"]["api_key"] == values["api_key"]
    dump = raw_dump()
    assert "via API" in dump
    assert "/api/v1/credentials/" in dump  # the request log is part of the dump
    secret_parts = [v.split("Password=")[-1].rstrip(";") for v in values.values()]
    for plaintext in (*secret_parts, replaced["password"], replaced["private_key"]):
        assert plaintext not in dump, plaintext


@pytest.mark.django_db
def test_opaque_connection_string_sent_to_the_api_is_absent_from_the_database():
    client_row = ClientFactory()
    opaque = f"PLANTED-opaque-{secrets.token_hex(8)}"
    writer = client_for(UserFactory(permissions=["msp.add_credential"]))
    response = writer.post(
        "/api/v1/credentials/",
        {"client": str(client_row.pk), "name": "opaque", "connection_string": opaque},
        format="json",
    )
    assert response.status_code == 201
    assert opaque not in raw_dump()


@pytest.mark.django_db(transaction=True)
def test_sqlite_database_file_holds_no_plaintext():
    if connection.vendor != "sqlite":
        pytest.skip("reads the SQLite database file; the raw SQL dump covers MariaDB")
    values = plants()
    CredentialFactory(name="FILE-MARKER", secrets=values)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(FULL)")
    name = Path(connection.settings_dict["NAME"])
    blob = b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists())
    assert b"FILE-MARKER" in blob
    for plaintext in values.values():
        assert plaintext.encode() not in blob


@pytest.mark.django_db
def test_model_refuses_a_plaintext_assigned_directly():
    credential = CredentialFactory.build(client=ClientFactory(), name="direct")
    credential.password_encrypted = "hunter2-in-clear"
    with pytest.raises(ValidationError) as info:
        credential.save()
    assert "password" in info.value.message_dict
    assert not Credential.objects.filter(name="direct").exists()


@pytest.mark.django_db
def test_no_attribute_decrypts_silently():
    credential = CredentialFactory(secrets={"password": "quiet-please-1"})
    for name in dir(credential):
        if name.startswith("_") or name in {"objects", "pk"}:
            continue
        try:
            value = getattr(credential, name)
        except Exception:  # descriptors that need more context
            continue
        if not callable(value):
            assert "quiet-please-1" not in str(value), name
    assert "quiet-please-1" not in repr(credential) + str(credential)


# --- related objects of the same client --------------------------------------------------


@pytest.mark.django_db
def test_relations_must_belong_to_the_credential_client():
    acme, other = ClientFactory(), ClientFactory()
    server = InfrastructureFactory(client=other)
    for field, value in (
        ("infrastructure", server),
        ("service", ServiceFactory(infrastructure=server)),
        ("m365_tenant", M365TenantFactory(client=other)),
    ):
        with pytest.raises(ValidationError) as info:
            vault.create_credential(fields={"client": acme, "name": f"x-{field}", field: value})
        assert field in info.value.message_dict
    own = InfrastructureFactory(client=acme)
    elsewhere = ServiceFactory(infrastructure=InfrastructureFactory(client=acme))
    with pytest.raises(ValidationError) as info:
        vault.create_credential(
            fields={"client": acme, "name": "mismatch", "infrastructure": own, "service": elsewhere}
        )
    assert "service" in info.value.message_dict
    assert not Credential.objects.exists()


# --- bad stored values fail closed ------------------------------------------------------


def _assert_fails_closed(
    credential, user, *, reason: str, key_id: str | None, field: str = "password"
) -> None:
    credential.refresh_from_db()
    stored = credential.stored_secret(field)
    with pytest.raises(vault.CredentialDecryptError) as info:
        vault.reveal_credential(credential, user=user)
    message = str(info.value)
    assert field in message and reason in message
    assert stored not in message and stored.split(":")[-1] not in message
    [failure] = info.value.failures
    assert (failure.field, failure.reason, failure.key_id) == (field, reason, key_id)
    failed = events("credential.decrypt_failed")[-1]
    assert failed.details["field"] == field
    assert failed.details["reason"] == reason
    assert failed.details["key_id"] == key_id
    assert failed.target_id == str(credential.pk)
    assert failed.actor_id == str(user.pk)
    assert stored.split(":")[-1] not in json.dumps(failed.details)
    assert not events("credential.reveal")


@pytest.mark.django_db
def test_tampered_ciphertext_fails_closed(revealer):
    credential = CredentialFactory(secrets={"password": "tamper-1"})
    stored = credential.stored_secret("password")
    version, key_id, nonce, body = stored.split(":")
    flipped = body[:5] + ("A" if body[5] != "A" else "B") + body[6:]
    raw_update(credential, "password_encrypted", f"{version}:{key_id}:{nonce}:{flipped}")
    _assert_fails_closed(credential, revealer, reason="authentication_failed", key_id=key_id)


@pytest.mark.django_db
def test_value_copied_to_another_row_fails_closed(revealer):
    source = CredentialFactory(secrets={"password": "belongs-to-source"})
    target = CredentialFactory(client=source.client, secrets={"password": "target-own"})
    raw_update(target, "password_encrypted", raw_value(source, "password_encrypted"))
    _assert_fails_closed(
        target, revealer, reason="authentication_failed", key_id=crypto.current_key_id()
    )
    # The source row itself still decrypts.
    assert vault.reveal_credential(source, user=revealer) == {"password": "belongs-to-source"}


@pytest.mark.django_db
def test_value_copied_to_another_field_fails_closed(revealer):
    credential = CredentialFactory(secrets={"password": "pw-field", "token": "tok-field"})
    raw_update(credential, "token_encrypted", raw_value(credential, "password_encrypted"))
    _assert_fails_closed(
        credential,
        revealer,
        reason="authentication_failed",
        key_id=crypto.current_key_id(),
        field="token",
    )


@pytest.mark.django_db
def test_unknown_key_id_fails_closed(revealer):
    retired = Keyring.generate("retired")
    with override_keyring(retired):
        credential = CredentialFactory(secrets={"password": "under-a-lost-key"})
    assert credential.stored_secret("password").startswith("v1:retired:")
    _assert_fails_closed(credential, revealer, reason="unknown_key", key_id="retired")


@pytest.mark.django_db
def test_malformed_value_fails_closed(revealer):
    credential = CredentialFactory(secrets={"password": "x"})
    raw_update(credential, "password_encrypted", "hunter2 stored in clear by a bad import")
    credential.refresh_from_db()
    with pytest.raises(vault.CredentialDecryptError) as info:
        vault.reveal_credential(credential, user=revealer)
    assert "hunter2" not in str(info.value)
    assert events("credential.decrypt_failed")[-1].details["reason"] == "malformed"


@pytest.mark.django_db
def test_api_answers_409_for_unknown_key_without_stored_text(revealer):
    with override_keyring(Keyring.generate("gone")):
        credential = CredentialFactory(secrets={"password": "p"})
    stored = credential.stored_secret("password")
    response = client_for(revealer).post(f"/api/v1/credentials/{credential.pk}/reveal/")
    assert response.status_code == 409
    assert response.json()["code"] == "decrypt_failed"
    assert "unknown_key" in response.json()["detail"]
    assert stored.split(":")[-1] not in response.content.decode()


# --- permission --------------------------------------------------------------------------


@pytest.mark.django_db
def test_reveal_service_checks_the_permission_itself():
    user = UserFactory(permissions=["msp.view_credential", "msp.change_credential"])
    credential = CredentialFactory()
    with pytest.raises(PermissionDenied):
        vault.reveal_credential(credential, user=user)
    [denied] = events("permission.denied")
    assert denied.actor_id == str(user.pk) and denied.target_id == str(credential.pk)
    inactive = UserFactory(permissions=["msp.reveal_credential"], is_active=False)
    with pytest.raises(PermissionDenied):
        vault.reveal_credential(credential, user=inactive)
    superuser = UserFactory(is_superuser=True)
    assert set(vault.reveal_credential(credential, user=superuser)) == {"password"}


@pytest.mark.django_db
def test_reveal_is_not_offered_without_a_token_nor_for_get():
    credential = CredentialFactory()
    path = f"/api/v1/credentials/{credential.pk}/reveal/"
    assert APIClient().post(path).status_code == 401
    revealer = client_for(UserFactory(permissions=["msp.reveal_credential"]))
    assert revealer.get(path).status_code == 405
    assert not events("credential.reveal")


# --- rotation ---------------------------------------------------------------------------


def _rotate(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("rotate_encryption_key", "--no-progress", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _key_ids() -> list[str]:
    return sorted(
        crypto.key_id_of(v)
        for row in Credential.objects.values_list(*[f"{n}_encrypted" for n in SECRET_FIELDS])
        for v in row
        if v is not None
    )


@pytest.mark.django_db
def test_rotation_round_trips_and_the_old_key_can_be_removed(revealer):
    old_ring = Keyring.generate("old2025")
    expected = {}
    with override_keyring(old_ring):
        for index in range(7):
            values = plants()
            if index % 2:
                values.pop("private_key")
            credential = CredentialFactory(secrets=values)
            expected[credential.pk] = values
        empty = CredentialFactory(secrets={})
    new_ring = old_ring.with_key("new2026", secrets.token_bytes(32), make_current=True)
    with override_keyring(new_ring):
        out, _ = _rotate("--dry-run")
        assert "Values on other keys: 39" in out and "Dry run" in out
        assert set(_key_ids()) == {"old2025"}  # dry run changed nothing
        before_updated = dict(Credential.objects.values_list("pk", "updated_at"))
        out, err = _rotate("--batch-size", "3")
        assert "Rotated 39 value(s) to key new2026" in out
        assert "old2025: 0 (old key, nothing left on it: it can be removed" in out
        assert err == ""
        assert set(_key_ids()) == {"new2026"}
        assert dict(Credential.objects.values_list("pk", "updated_at")) == before_updated
        # Idempotent: a second run touches nothing.
        stored = list(Credential.objects.values_list("password_encrypted", flat=True))
        out, _ = _rotate()
        assert "Rotated 0 value(s)" in out
        assert list(Credential.objects.values_list("password_encrypted", flat=True)) == stored
    [first, second] = events("keys.rotated")
    assert first.details == {
        "current_key": "new2026",
        "rotated": 39,
        "failed": 0,
        "remaining_by_key": {},
        "interrupted": False,
        "limited": False,
    }
    assert second.details["rotated"] == 0
    # The old key is gone from the ring: every value still decrypts.
    with override_keyring(new_ring.without("old2025")):
        for credential in Credential.objects.exclude(pk=empty.pk):
            assert vault.reveal_credential(credential, user=revealer) == expected[credential.pk]


@pytest.mark.django_db
def test_interrupted_rotation_is_resumed_by_a_rerun(revealer):
    old_ring = Keyring.generate("k1")
    with override_keyring(old_ring):
        originals = {
            CredentialFactory(secrets={"password": f"pw-{i}", "token": f"t-{i}"}).pk: i
            for i in range(10)
        }
    ring = old_ring.with_key("k2", secrets.token_bytes(32), make_current=True)
    with override_keyring(ring):
        # 1. Stopped on purpose after a few values (--limit), as an operator might.
        out, _ = _rotate("--batch-size", "2", "--limit", "3")
        assert "Rotated 4 value(s)" in out  # the batch in progress is finished
        assert "k1: 16 (old key, still needed)" in out
        assert events("keys.rotated")[-1].details["limited"] is True
        # 2. A batch that blows up half-way is rolled back whole.
        real = crypto.reencrypt
        calls = {"n": 0}

        def flaky(stored, *, aad):
            calls["n"] += 1
            if calls["n"] == 6:
                raise RuntimeError("database went away mid-batch")
            return real(stored, aad=aad)

        with (
            mock.patch.object(crypto, "reencrypt", flaky),
            pytest.raises(RuntimeError, match="mid-batch"),
        ):
            _rotate("--batch-size", "2")
        # Batches before the failure are kept: 4 earlier + 4 more (2 rows x 2 fields).
        assert _key_ids().count("k2") == 8
        # 3. A rerun finishes the job.
        out, _ = _rotate("--batch-size", "2")
        assert "Rotated 12 value(s)" in out
        assert "k1: 0 (old key, nothing left on it" in out
    with override_keyring(ring.without("k1")):
        for pk, index in originals.items():
            assert vault.reveal_credential(Credential.objects.get(pk=pk), user=revealer) == {
                "password": f"pw-{index}",
                "token": f"t-{index}",
            }


@pytest.mark.django_db
def test_rotation_reports_and_skips_values_that_do_not_decrypt():
    old_ring = Keyring.generate("a")
    with override_keyring(old_ring):
        good = CredentialFactory(secrets={"password": "good"})
        bad = CredentialFactory(secrets={"password": "bad", "api_key": "fine"})
    stored = raw_value(bad, "password_encrypted")
    raw_update(bad, "password_encrypted", stored[:-3] + ("AAA" if stored[-3:] != "AAA" else "BBB"))
    ring = old_ring.with_key("b", secrets.token_bytes(32), make_current=True)
    with override_keyring(ring), pytest.raises(CommandError, match="1 value"):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("rotate_encryption_key", "--no-progress", stdout=out, stderr=err)
        finally:
            assert (
                f"FAILED row {bad.pk} field password: authentication_failed (key a)"
                in err.getvalue()
            )
            assert "a: 1 (old key, still needed)" in out.getvalue()
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.stored_secret("password").startswith("v1:b:")
    assert bad.stored_secret("api_key").startswith("v1:b:")
    assert bad.stored_secret("password").startswith("v1:a:")  # left as it was
    [failed] = events("credential.decrypt_failed")
    assert failed.details["credential_id"] == str(bad.pk)
    assert failed.details["context"] == "rotate_encryption_key"
    assert events("keys.rotated")[-1].details["failed"] == 1


@pytest.mark.django_db
def test_rotation_shows_a_progress_bar():
    old_ring = Keyring.generate("p1")
    with override_keyring(old_ring):
        CredentialFactory(secrets={"password": "x"})
    with override_keyring(old_ring.with_key("p2", secrets.token_bytes(32), make_current=True)):
        err = io.StringIO()
        call_command("rotate_encryption_key", stdout=io.StringIO(), stderr=err)
    assert "Rotating" in err.getvalue() and "1/1" in err.getvalue()


@pytest.mark.django_db
def test_rotation_argument_checks():
    with pytest.raises(CommandError):
        _rotate("--batch-size", "0")
    with pytest.raises(CommandError):
        _rotate("--limit", "0")


@pytest.mark.django_db
def test_demo_seed_adds_encrypted_credentials_idempotently(revealer):
    from msp.demo_inventory import DEMO_CLIENT, seed_inventory

    seed_inventory()
    seed_inventory()
    demo = Credential.objects.filter(client__name=DEMO_CLIENT)
    assert demo.count() == 5
    kinds = {c.name: c.secrets_set for c in demo}
    assert kinds["Veeam to HV01 SSH key"] == ["private_key"]
    assert kinds["Practice DB service account"] == ["password", "connection_string"]
    for credential in demo:
        revealed = vault.reveal_credential(credential, user=revealer)
        assert set(revealed) == set(credential.secrets_set)
        for value in revealed.values():
            assert value not in raw_dump()
