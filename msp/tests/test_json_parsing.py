"""Hostile JSON bodies: deep nesting, non-finite numbers, other charsets, broken UTF-8.
Each is a clear 400 or 415 on every endpoint (the hook endpoint included), never a 500,
and stores nothing."""

import gzip
import json

import pytest
from rest_framework.test import APIClient

from msp.api.parsers import MAX_JSON_DEPTH
from msp.models import Client
from msp.testing.auth import client_for
from msp.testing.factories import StaffUserFactory, TechnicianFactory
from tracking.services.machine_tokens import issue_machine_token

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
CLIENTS = "/api/v1/clients/"
HOOK = "/api/v1/hooks/claude-code/"
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def admin_api():
    return client_for(StaffUserFactory(is_superuser=True))


@pytest.fixture
def hook():
    # A technician: the hook endpoint needs the context_recall permissions before it parses.
    issued = issue_machine_token(user=TechnicianFactory(), fingerprint="f" * 64, hostname="laptop")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    return client


def post_raw(client, url, body, content_type="application/json", **extra):
    data = body.encode("utf-8") if isinstance(body, str) else body
    return client.generic("POST", url, data, content_type=content_type, **extra)


def assert_error(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def nested(depth: int) -> str:
    return '{"name": ' + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "}"


def test_deep_nesting_is_400_on_the_public_token_endpoint():
    body = assert_error(post_raw(APIClient(), TOKEN, DEEP), 400)
    assert body["code"] == "parse_error"
    assert "nested deeper" in body["detail"]


def test_deep_nesting_is_400_on_a_resource(admin_api):
    assert_error(post_raw(admin_api, CLIENTS, DEEP), 400)
    assert not Client.objects.exists()


def test_deep_nesting_is_400_on_the_hook_endpoint_plain_and_gzipped(hook):
    assert_error(post_raw(hook, HOOK, DEEP), 400)
    gzipped = gzip.compress(DEEP.encode())
    assert_error(post_raw(hook, HOOK, gzipped, HTTP_CONTENT_ENCODING="gzip"), 400)


def test_nesting_up_to_the_limit_parses_and_one_more_level_does_not(admin_api):
    # At the limit the body reaches the serializer, which rejects a list as a name.
    at_limit = assert_error(post_raw(admin_api, CLIENTS, nested(MAX_JSON_DEPTH)), 400)
    assert "name" in at_limit["errors"]
    beyond = assert_error(post_raw(admin_api, CLIENTS, nested(MAX_JSON_DEPTH + 1)), 400)
    assert "nested deeper" in beyond["detail"]


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_400_and_store_nothing(admin_api, number):
    body = '{"name": ' + number + ', "client_type": "business"}'
    assert_error(post_raw(admin_api, CLIENTS, body), 400)
    assert not Client.objects.exists()


def test_non_finite_numbers_are_400_on_the_hook_endpoint(hook):
    body = '{"hook_event_name": "Stop", "session_id": "s", "cwd": "/x", "n": 1e999}'
    assert_error(post_raw(hook, HOOK, body), 400)


def test_finite_numbers_still_parse(admin_api):
    response = post_raw(admin_api, CLIENTS, '{"name": "Acme", "default_hourly_rate": 1.5e2}')
    assert response.status_code == 201, response.content
    assert Client.objects.get().default_hourly_rate == 150


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "iso-8859-15", "no-such-charset"])
def test_json_in_another_charset_is_415(admin_api, charset):
    body = json.dumps({"name": "Café"}).encode("latin-1")
    content_type = f"application/json; charset={charset}"
    response = post_raw(admin_api, CLIENTS, body, content_type=content_type)
    assert assert_error(response, 415)["code"] == "unsupported_media_type"
    assert not Client.objects.exists()


def test_a_non_utf8_charset_is_415_on_the_hook_endpoint(hook):
    body = b'{"hook_event_name": "Stop", "session_id": "s", "cwd": "/x"}'
    assert_error(post_raw(hook, HOOK, body, content_type="application/json; charset=latin-1"), 415)


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8"])
def test_utf8_named_any_way_is_accepted(admin_api, charset):
    body = json.dumps({"name": "Café"}, ensure_ascii=False)
    content_type = f"application/json; charset={charset}"
    response = post_raw(admin_api, CLIENTS, body, content_type=content_type)
    assert response.status_code == 201, response.content
    assert Client.objects.get().name == "Café"


def test_invalid_utf8_bytes_are_400(admin_api):
    body = b'{"name": "Caf\xe9"}'
    assert "UTF-8" in assert_error(post_raw(admin_api, CLIENTS, body), 400)["detail"]
    assert not Client.objects.exists()
