import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from audit.models import AuditEvent
from msp.testing.factories import TEST_PASSWORD, UserFactory

TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
REVOKE = "/api/v1/auth/token/revoke/"
ME = "/api/v1/auth/me/"

pytestmark = pytest.mark.django_db


def login(client, username, password=TEST_PASSWORD):
    return client.post(TOKEN, {"username": username, "password": password}, format="json")


def bearer(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_login_then_me():
    user = UserFactory(first_name="Ada", last_name="Lovelace")
    response = login(APIClient(), user.username)
    assert response.status_code == 200, response.content
    tokens = response.json()
    me = bearer(tokens["access"]).get(ME)
    assert me.status_code == 200
    assert me.json()["username"] == user.username
    assert me.json()["full_name"] == "Ada Lovelace"
    assert AuditEvent.objects.filter(
        event_type="auth.login_succeeded", actor_id=str(user.pk)
    ).exists()


def test_password_hashed_with_argon2():
    user = UserFactory()
    assert user.password.startswith("argon2")


def test_wrong_password_is_401_json_and_audited():
    user = UserFactory()
    response = login(APIClient(), user.username, "wrong-password")
    assert response.status_code == 401
    assert response.json()["code"] == "no_active_account"
    event = AuditEvent.objects.get(event_type="auth.login_failed")
    assert event.details["username"] == user.username
    assert "wrong-password" not in str(event.details)


def test_refresh_rotates_and_blacklists_the_old_refresh_token():
    user = UserFactory()
    tokens = login(APIClient(), user.username).json()
    rotated = APIClient().post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != tokens["refresh"]
    again = APIClient().post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert again.status_code == 401
    assert bearer(rotated.json()["access"]).get(ME).status_code == 200
    assert AuditEvent.objects.filter(event_type="auth.token_refreshed").count() == 1


def test_revoke_stops_the_access_token_and_every_refresh_of_the_login():
    user = UserFactory()
    tokens = login(APIClient(), user.username).json()
    rotated = APIClient().post(REFRESH, {"refresh": tokens["refresh"]}, format="json").json()
    client = bearer(rotated["access"])
    assert client.post(REVOKE, {"refresh": rotated["refresh"]}, format="json").status_code == 204
    assert client.get(ME).status_code == 401
    assert bearer(tokens["access"]).get(ME).status_code == 401
    refused = APIClient().post(REFRESH, {"refresh": rotated["refresh"]}, format="json")
    assert refused.status_code in (400, 401)
    assert (
        AuditEvent.objects.filter(event_type="auth.token_revoked", actor_id=str(user.pk)).count()
        == 1
    )


def test_revoke_keeps_other_logins_of_the_same_user():
    user = UserFactory()
    first = login(APIClient(), user.username).json()
    second = login(APIClient(), user.username).json()
    assert (
        bearer(first["access"])
        .post(REVOKE, {"refresh": first["refresh"]}, format="json")
        .status_code
        == 204
    )
    assert bearer(second["access"]).get(ME).status_code == 200


def test_cannot_revoke_another_users_login():
    alice, bob = UserFactory(), UserFactory()
    alice_tokens = login(APIClient(), alice.username).json()
    bob_tokens = login(APIClient(), bob.username).json()
    response = bearer(bob_tokens["access"]).post(
        REVOKE, {"refresh": alice_tokens["refresh"]}, format="json"
    )
    assert response.status_code == 400
    assert "refresh" in response.json()["errors"]
    assert bearer(alice_tokens["access"]).get(ME).status_code == 200


def test_inactive_user_is_refused():
    user = UserFactory()
    tokens = login(APIClient(), user.username).json()
    user.is_active = False
    user.save()
    assert bearer(tokens["access"]).get(ME).status_code == 401


def test_password_change_revokes_existing_tokens():
    user = UserFactory()
    tokens = login(APIClient(), user.username).json()
    user.set_password("a-brand-new-password-123")
    user.save()
    assert bearer(tokens["access"]).get(ME).status_code == 401


@override_settings(AXES_FAILURE_LIMIT=3)
def test_brute_force_lockout_answers_json_429_even_with_the_right_password():
    user = UserFactory()
    client = APIClient()
    assert [login(client, user.username, "nope").status_code for _ in range(3)] == [
        401,
        401,
        429,
    ]  # the failure that reaches the limit already answers 429
    locked = login(client, user.username)
    assert locked.status_code == 429, locked.content
    assert locked.json()["code"] == "locked_out"
    assert int(locked["Retry-After"]) > 0
    assert AuditEvent.objects.filter(event_type="auth.locked_out").exists()


def test_token_endpoint_is_throttled(settings):
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**ScopedRateThrottle.THROTTLE_RATES, "auth": "3/min"}
    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        client = APIClient()
        codes = [
            client.post(REFRESH, {"refresh": "x"}, format="json").status_code for _ in range(4)
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original
    assert codes[:3] == [401, 401, 401]
    assert codes[3] == 429


def test_token_obtain_validates_fields():
    response = APIClient().post(TOKEN, {"username": ""}, format="json")
    assert response.status_code == 400
    assert {"username", "password"} <= set(response.json()["errors"])
