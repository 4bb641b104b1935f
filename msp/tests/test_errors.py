"""Bad input gets the right JSON error and changes nothing."""

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from audit.models import ApiRequestLog, AuditEvent
from msp.testing.outage import database_unreachable

TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/auth/me/"

pytestmark = pytest.mark.django_db


def assert_json_error(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["code"]
    assert "Traceback" not in response.content.decode()
    return body


def test_malformed_json_is_400():
    response = APIClient().generic(
        "POST", TOKEN, '{"username": "a", ', content_type="application/json"
    )
    assert_json_error(response, 400)


def test_non_json_body_is_415():
    response = APIClient().generic(
        "POST", TOKEN, "username=a&password=b", content_type="application/x-www-form-urlencoded"
    )
    assert_json_error(response, 415)


@override_settings(MSP_MAX_BODY_BYTES=1024)
def test_oversized_body_is_413_and_never_parsed():
    from msp.middleware import ApiBodyLimitMiddleware  # noqa: F401  (limit read per request)

    body = json.dumps({"username": "a", "password": "x" * 5000})
    response = APIClient().generic("POST", TOKEN, body, content_type="application/json")
    assert_json_error(response, 413)
    assert not AuditEvent.objects.filter(event_type="auth.login_failed").exists()


def test_unknown_query_parameter_is_400(api):
    body = assert_json_error(api.get(ME, {"verbose": "1"}), 400)
    assert body["errors"] == {"verbose": ["Unknown query parameter."]}


def test_unknown_api_path_is_json_404(api):
    assert_json_error(api.get("/api/v1/no-such-thing/"), 404)


def test_wrong_method_is_json_405(api):
    assert_json_error(api.delete(ME), 405)


def test_missing_token_is_json_401():
    body = assert_json_error(APIClient().get(ME), 401)
    assert body["code"] == "not_authenticated"


def test_errors_carry_a_request_id(api):
    response = api.get(ME, {"bogus": 1})
    assert len(response["X-Request-ID"]) >= 16


def test_sql_looking_and_emoji_input_stored_verbatim():
    """The login attempt's username is kept as sent in the audit trail, on either database."""
    username = "robert'); DROP TABLE api_audit_log;-- 🦄𝄞"
    response = APIClient().post(TOKEN, {"username": username, "password": "x"}, format="json")
    assert response.status_code == 401
    event = AuditEvent.objects.get(event_type="auth.login_failed")
    assert event.details["username"] == username
    logged = ApiRequestLog.objects.filter(endpoint=TOKEN).latest("seq")
    assert "🦄𝄞" in logged.request_body
    assert ApiRequestLog.objects.count() >= 1


def test_password_in_body_never_reaches_the_request_log():
    secret = "Sup3r-S3cret-Passw0rd!"
    APIClient().post(TOKEN, {"username": "nobody", "password": secret}, format="json")
    row = ApiRequestLog.objects.filter(endpoint=TOKEN).latest("seq")
    assert secret not in row.request_body
    assert "nobody" in row.request_body


@pytest.mark.django_db(transaction=True)
def test_database_outage_is_503_and_the_server_recovers(api):
    with database_unreachable():
        assert_json_error(api.get(ME), 503)
        health = APIClient().get("/healthz")
        assert health.status_code == 503
        assert health.json()["database"] == "unreachable"
    assert api.get(ME).status_code == 200
    assert APIClient().get("/healthz").status_code == 200
