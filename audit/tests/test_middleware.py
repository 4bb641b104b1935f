import json
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import Client, override_settings

from audit.models import ApiRequestLog

pytestmark = pytest.mark.django_db

NOWHERE = "/api/v1/nothing/"
SECRET = "hunter2-very-secret"


def last_log() -> ApiRequestLog:
    return ApiRequestLog.objects.latest("seq")


def test_unknown_api_path_is_logged_with_its_404():
    response = Client().get(NOWHERE, HTTP_USER_AGENT="curl/8", REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 404
    row = last_log()
    assert (row.endpoint, row.http_method, row.response_status) == (NOWHERE, "GET", 404)
    assert (row.user_id, row.auth_kind, row.ip_address) == (None, "anonymous", "192.0.2.8")
    assert row.user_agent == "curl/8"
    assert row.error_message == "Not found."
    assert row.response_time_ms >= 0
    assert response["X-Request-ID"] == row.request_id
    assert re.fullmatch(r"[0-9a-f]{32}", row.request_id)


def test_paths_outside_the_prefixes_are_not_logged():
    before = ApiRequestLog.objects.count()
    response = Client().get("/healthz")
    assert "X-Request-ID" not in response
    assert ApiRequestLog.objects.count() == before


def test_password_in_body_is_redacted():
    response = Client().post(
        NOWHERE,
        json.dumps({"username": "bob", "password": SECRET}),
        content_type="application/json",
    )
    assert response.status_code == 404
    row = last_log()
    assert SECRET not in row.request_body
    assert '"username": "bob"' in row.request_body


def test_body_is_still_readable_by_the_view():
    """The middleware reads the body first; DRF must still parse it (401, not 400)."""
    response = Client().post(
        "/api/v1/auth/token/",
        {"username": "nobody", "password": SECRET},
        content_type="application/json",
    )
    assert response.status_code == 401, response.content
    row = last_log()
    assert row.response_status == 401 and SECRET not in row.request_body
    assert row.error_message


@override_settings(AUDIT_BODY_MAX_CHARS=100)
def test_long_body_is_truncated():
    Client().post(NOWHERE, json.dumps({"text": "a" * 5000}), content_type="application/json")
    body = last_log().request_body
    assert len(body) == 100 and body.endswith("chars in all]")


@override_settings(MSP_MAX_BODY_BYTES=1000, DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_body_is_not_read():
    response = Client().post(NOWHERE, "x" * 2000, content_type="application/json")
    assert response.status_code == 413
    row = last_log()
    assert (row.response_status, row.request_body) == (413, "[body not recorded: 2000 bytes]")


def test_request_id_is_echoed_when_well_formed():
    response = Client().get(NOWHERE, HTTP_X_REQUEST_ID="lb-42.abc_DEF")
    assert response["X-Request-ID"] == "lb-42.abc_DEF" == last_log().request_id


@pytest.mark.parametrize("forged", ["a b", "x" * 65, "<script>", "id\r\nSet-Cookie: a=b", ""])
def test_malformed_request_id_is_replaced(forged):
    response = Client().get(NOWHERE, HTTP_X_REQUEST_ID=forged)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert last_log().request_id == response["X-Request-ID"]


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_client_ip_through_a_trusted_proxy():
    Client().get(NOWHERE, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert last_log().ip_address == "203.0.113.9"
    Client().get(NOWHERE, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert last_log().ip_address == "192.0.2.1"


def test_jwt_identity_comes_from_the_authentication_class(api, user):
    response = api.get("/api/v1/auth/me/")
    assert response.status_code == 200
    row = last_log()
    assert (row.user_id, row.auth_kind, row.response_status) == (str(user.pk), "jwt", 200)
    assert row.error_message == ""


def test_session_identity():
    user = get_user_model().objects.create_user(username="sess")
    client = Client()
    client.force_login(user)
    client.get(NOWHERE)
    row = last_log()
    assert (row.user_id, row.auth_kind) == (str(user.pk), "session")


def test_failed_write_is_logged_with_the_record_and_the_response_kept(caplog, monkeypatch):
    def broken(fields):
        raise OperationalError("disk full")

    monkeypatch.setattr("audit.middleware.log_api_request", broken)
    audit_logger = logging.getLogger("audit")  # does not propagate to caplog's root handler
    audit_logger.addHandler(caplog.handler)
    try:
        response = Client().post(
            NOWHERE, json.dumps({"password": SECRET, "n": 1}), content_type="application/json"
        )
    finally:
        audit_logger.removeHandler(caplog.handler)
    assert response.status_code == 404
    [entry] = [r for r in caplog.records if r.name == "audit"]
    assert entry.levelno == logging.ERROR
    message = entry.getMessage()
    assert response["X-Request-ID"] in message and NOWHERE in message
    assert SECRET not in message and '\\"n\\": 1' in message
    assert "disk full" in caplog.text


@override_settings(AUDIT_REDACTOR="audit.tests.no_such_module.redact")
def test_unredactable_record_is_not_written_anywhere(caplog):
    audit_logger = logging.getLogger("audit")
    audit_logger.addHandler(caplog.handler)
    before = ApiRequestLog.objects.count()
    try:
        response = Client().post(
            NOWHERE, json.dumps({"password": SECRET}), content_type="application/json"
        )
    finally:
        audit_logger.removeHandler(caplog.handler)
    assert response.status_code == 404
    assert ApiRequestLog.objects.count() == before
    assert "could not build" in caplog.text and SECRET not in caplog.text


@override_settings(AUDIT_REQUESTS_ENABLED=False)
def test_disabled_middleware_is_not_used():
    before = ApiRequestLog.objects.count()
    response = Client().get(NOWHERE)
    assert "X-Request-ID" not in response
    assert ApiRequestLog.objects.count() == before


def test_a_compressed_body_is_logged_as_its_size_not_as_decoded_bytes():
    import gzip

    compressed = gzip.compress(json.dumps({"note": "x" * 300}).encode())
    response = Client().post(
        "/api/v1/hooks/claude-code/",
        compressed,
        content_type="application/json",
        HTTP_CONTENT_ENCODING="gzip",
    )
    assert response.status_code == 401  # no token: still logged
    assert last_log().request_body == f"[gzip body, {len(compressed)} bytes]"
