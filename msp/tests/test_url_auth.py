"""Walks the whole URL resolver: every route but the public ones rejects a request that has
no valid token. A new endpoint cannot ship unauthenticated without failing this test."""

import base64
import json
import re
import time
import uuid

import jwt
import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from msp.auth.jwt_families import FamilyRefreshToken
from msp.auth.services import revoke_login
from msp.testing.factories import UserFactory

PUBLIC_API = {
    "/api/v1/auth/token/",
    "/api/v1/auth/token/refresh/",
    "/api/schema/",
    "/api/docs/",
    "/api/redoc/",
    "/api/redoc/redoc.standalone.js",  # ReDoc's bundle, served offline
    "/healthz",
    "/api/v1/hooks/claude-code/client.py",  # the hook client: holds no secret
}
ADMIN_PUBLIC = {"/admin/login/", "/admin/logout/", "/admin/jsi18n/"}
METHODS = ("get", "post", "put", "patch", "delete")


def _concrete(pattern: str) -> str:
    """A path that matches ``pattern``: named groups and converters get a UUID."""
    pattern = pattern.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    # Regex groups first: their ``(?P<name>`` would otherwise look like a converter.
    pattern = re.sub(r"\(\?P<\w+>[^)]*\)", str(uuid.uuid4()), pattern)
    return re.sub(r"<(?:\w+:)?\w+>", str(uuid.uuid4()), pattern)


def _walk(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        text = prefix + _concrete(str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from _walk(entry, text)
        elif isinstance(entry, URLPattern):
            yield "/" + text


def all_paths() -> list[str]:
    return sorted(set(_walk(get_resolver())))


def api_paths() -> list[str]:
    return [p for p in all_paths() if p.startswith("/api/") and p not in PUBLIC_API]


def _encode(claims: dict, key: str | None = None, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key or settings.SIMPLE_JWT["SIGNING_KEY"], algorithm=algorithm)


def _swap_payload(token: str, claims: dict) -> str:
    """The original header and signature around a forged payload."""
    header, _, signature = token.split(".")
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{payload}.{signature}"


@pytest.fixture
def bad_tokens(db):
    """Tokens that must all be refused: each is wrong in exactly one way."""
    user = UserFactory()
    refresh = FamilyRefreshToken.for_user(user)
    good = refresh.access_token
    claims = dict(good.payload)
    now = int(time.time())
    revoked_refresh = FamilyRefreshToken.for_user(user)
    revoked_access = str(revoked_refresh.access_token)
    revoke_login(user, revoked_refresh)
    tampered = str(good)[:-4] + ("AAAA" if not str(good).endswith("AAAA") else "BBBB")
    return {
        "expired": _encode({**claims, "exp": now - 60, "iat": now - 700}),
        "wrong_audience": _encode({**claims, "aud": "someone-else"}),
        "wrong_issuer": _encode({**claims, "iss": "evil"}),
        "wrong_key": _encode(claims, key="not-the-signing-key-" + "x" * 40),
        "tampered_signature": tampered,
        "tampered_payload": _swap_payload(str(good), {**claims, "user_id": 999_999}),
        "alg_none": jwt.encode(claims, None, algorithm="none")
        if "none" in jwt.algorithms.get_default_algorithms()
        else _encode(claims, key="n" * 50),
        "refresh_as_access": str(refresh),
        "revoked_login": revoked_access,
        "garbage": "not.a.jwt",
    }


def test_resolver_walk_finds_the_api():
    paths = all_paths()
    assert "/api/v1/auth/me/" in paths
    assert len(api_paths()) >= 5


@pytest.mark.django_db
def test_every_non_public_api_route_rejects_a_missing_token():
    client = APIClient()
    for path in api_paths():
        for method in METHODS:
            response = getattr(client, method)(path, {}, format="json")
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json()["code"], (method, path)


@pytest.mark.django_db
def test_every_non_public_api_route_rejects_bad_tokens(bad_tokens):
    for kind, token in bad_tokens.items():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        for path in api_paths():
            response = client.get(path)
            assert response.status_code == 401, (kind, path, response.status_code)


@pytest.mark.django_db
def test_admin_pages_need_a_login():
    client = APIClient()
    for path in all_paths():
        if not path.startswith("/admin/") or path in ADMIN_PUBLIC:
            continue
        response = client.get(path)
        assert response.status_code in (302, 404), (path, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"], path


@pytest.mark.django_db
def test_public_routes_answer_without_a_token():
    client = APIClient()
    for path in ("/healthz", "/api/schema/", "/api/docs/", "/api/redoc/"):
        assert client.get(path).status_code == 200, path
