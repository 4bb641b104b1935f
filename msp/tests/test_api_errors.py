"""Every answer under /api/ is JSON, DEBUG on (``make run``) or off (production); the
database errors that are not an outage are 500s with their cause in the log."""

import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from msp.testing.auth import client_for
from msp.testing.factories import TEST_PASSWORD, StaffUserFactory
from msp.testing.outage import database_unreachable

TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/auth/me/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(db):
    return client_for(StaffUserFactory(is_superuser=True))


both_modes = pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])


def assert_json_error(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    body = response.json()
    assert set(body) <= {"detail", "code", "errors"}
    assert isinstance(body["detail"], str) and body["code"]
    return body


@both_modes
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/no-such-thing/",
        "/api/v1/clients/not-a-uuid/",
        "/api/v1/clients/00000000-0000-0000-0000-000000000000/",
        "/api/nothing-here",
        "/api/",
    ],
)
def test_unknown_paths_and_malformed_ids_are_json_404(api, debug, path):
    with override_settings(DEBUG=debug):
        body = assert_json_error(api.get(path), 404)
    assert body["code"] == "not_found"


@both_modes
def test_the_index_needs_a_token_and_answers_json(debug):
    with override_settings(DEBUG=debug):
        assert_json_error(APIClient().get("/api/v1/"), 401)


@both_modes
def test_the_index_lists_every_resource(api, debug):
    with override_settings(DEBUG=debug):
        response = api.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    resources = body["resources"]
    for name in ("clients", "credentials", "sessions", "time-entries", "contexts", "decisions"):
        assert resources[name] == f"http://testserver/api/v1/{name}/"
    assert body["endpoints"]["recall"] == "http://testserver/api/v1/recall/"
    assert body["endpoints"]["hooks/claude-code"].endswith("/api/v1/hooks/claude-code/")
    assert body["docs"]["redoc"] == "http://testserver/api/redoc/"
    # Every listed resource really answers its list.
    for url in resources.values():
        assert api.get(url).status_code == 200, url


def test_the_index_rejects_unknown_query_parameters(api):
    assert_json_error(api.get("/api/v1/", {"x": "1"}), 400)


@both_modes
def test_wrong_method_on_the_index_is_json_405(api, debug):
    with override_settings(DEBUG=debug):
        response = api.post("/api/v1/", {}, format="json")
    assert_json_error(response, 405)
    assert "GET" in response["Allow"]


def test_admin_view_site_link_leads_to_the_api_docs(db):
    client = APIClient()
    client.force_login(StaffUserFactory(is_superuser=True))
    page = client.get("/admin/")
    assert page.status_code == 200
    assert b'href="/api/docs/"' in page.content
    assert client.get("/api/docs/").status_code == 200


@pytest.fixture
def django_request_log():
    """What Django logs about failed requests (its logger does not propagate to the root,
    where pytest's caplog listens)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(level=logging.ERROR)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


@pytest.fixture
def without_cache_table(transactional_db):
    """The state ``migrate`` used to leave behind without ``createcachetable``."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE msp_cache")
    yield
    call_command("createcachetable", verbosity=0)


@pytest.mark.django_db(transaction=True)
@both_modes
def test_a_missing_table_is_a_logged_500_not_an_outage(
    without_cache_table, django_request_log, debug
):
    user = StaffUserFactory()
    client = APIClient(raise_request_exception=False)
    with override_settings(DEBUG=debug):
        response = client.post(
            TOKEN, {"username": user.username, "password": TEST_PASSWORD}, format="json"
        )
    body = assert_json_error(response, 500)
    assert body["code"] == "server_error"
    assert "Retry-After" not in response
    assert "msp_cache" not in response.content.decode()
    causes = [str(r.exc_info[1]) for r in django_request_log if r.exc_info]
    assert any("msp_cache" in cause for cause in causes), causes


@pytest.mark.django_db(transaction=True)
@both_modes
def test_database_outage_is_503_with_retry_after_on_api_routes(api, debug):
    with database_unreachable(), override_settings(DEBUG=debug):
        for response in (
            api.get(ME),
            api.get("/api/v1/clients/"),
            APIClient().post(TOKEN, {"username": "a", "password": "b"}, format="json"),
        ):
            body = assert_json_error(response, 503)
            assert body["code"] == "database_unavailable"
            assert int(response["Retry-After"]) > 0
    assert api.get(ME).status_code == 200
