import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_swagger_ui_and_redoc_load_their_assets_from_this_server():
    client = APIClient()
    for page in ("/api/docs/", "/api/redoc/"):
        html = client.get(page).content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
        assert assets, page
        for asset in assets:
            # Served by this server: collected static files, or ReDoc's bundle with its
            # logo inlined (served beside its page).
            assert asset.startswith(("/static/", "/api/redoc/")), (page, asset)
            assert client.get(asset).status_code == 200, asset


def test_schema_is_openapi_3_and_documents_errors():
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    body = schema.json()
    assert body["openapi"].startswith("3.")
    me = body["paths"]["/api/v1/auth/me/"]["get"]["responses"]
    assert {"200", "401", "403", "503"} <= set(me)
    assert "Error" in body["components"]["schemas"]


def test_healthz_reports_the_database():
    response = APIClient().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_seed_demo_prints_a_generated_password_once(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    password = re.search(r"password (\S+)", first).group(1)
    user = get_user_model().objects.get(username="demo-tech")
    assert user.check_password(password)
    assert user.is_staff and not user.is_superuser
    call_command("seed_demo")
    assert password not in capsys.readouterr().out
    call_command("seed_demo", "--reset-password")
    again = re.search(r"password (\S+)", capsys.readouterr().out).group(1)
    assert again != password
    user.refresh_from_db()
    assert user.check_password(again)
