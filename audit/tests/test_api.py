import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from audit.tests.factories import make_event, make_request_log

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/audit/events/"
REQUESTS = "/api/v1/audit/api-requests/"


@pytest.fixture
def staff_client():
    client = APIClient()
    client.force_authenticate(get_user_model().objects.create_user("boss", is_staff=True))
    return client


@pytest.mark.parametrize("path", [EVENTS, REQUESTS])
def test_anonymous_is_401(path):
    assert APIClient().get(path).status_code == 401


@pytest.mark.parametrize("path", [EVENTS, REQUESTS])
def test_non_staff_is_403(api, path):
    assert api.get(path).status_code == 403


def test_staff_with_a_real_token_can_list(staff_api):
    make_event()
    response = staff_api.get(EVENTS)
    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_event_list_detail_and_filters(staff_client):
    first = make_event("auth.login_failed", actor_repr="mallory", details={"username": "mallory"})
    make_event("keys.rotated", target_type="msp.credential", target_id="9")
    body = staff_client.get(EVENTS).json()
    assert {"count", "next", "previous", "results"} <= set(body)
    assert [row["event_type"] for row in body["results"]][:2] == [
        "keys.rotated",
        "auth.login_failed",
    ]

    detail = staff_client.get(f"{EVENTS}{first.pk}/").json()
    assert detail["details"] == {"username": "mallory"}
    assert detail["mac"] == first.mac and detail["seq"] == first.seq

    def types(**params):
        return [row["event_type"] for row in staff_client.get(EVENTS, params).json()["results"]]

    assert types(event_type="keys.rotated") == ["keys.rotated"]
    assert types(target_type="msp.credential", target_id="9") == ["keys.rotated"]
    assert types(search="mallory") == ["auth.login_failed"]
    assert types(ordering="seq")[-2:] == ["auth.login_failed", "keys.rotated"]
    assert types(timestamp_after="2999-01-01T00:00:00Z") == []
    assert "keys.rotated" in types(timestamp_before="2999-01-01T00:00:00Z")


def test_request_log_list_detail_and_filters(staff_client):
    row = make_request_log(
        request_id="abc",
        endpoint="/api/v1/clients/7/",
        http_method="PUT",
        response_status=409,
        user_id="5",
    )
    make_request_log(request_id="def")
    results = staff_client.get(REQUESTS, {"endpoint": "CLIENTS/7"}).json()["results"]
    assert [r["request_id"] for r in results] == ["abc"]
    for params in (
        {"request_id": "abc"},
        {"user_id": "5"},
        {"http_method": "PUT"},
        {"response_status": 409},
        {"search": "clients/7"},
    ):
        results = staff_client.get(REQUESTS, params).json()["results"]
        assert [r["request_id"] for r in results] == ["abc"], params
    detail = staff_client.get(f"{REQUESTS}{row.pk}/").json()
    assert detail["response_status"] == 409 and detail["prev_mac"] == row.prev_mac


def test_unknown_query_parameter_is_400(staff_client):
    response = staff_client.get(EVENTS, {"evnt_type": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize("path", [EVENTS, REQUESTS])
def test_audit_rows_cannot_be_written(staff_client, path):
    row = make_event() if path == EVENTS else make_request_log()
    assert staff_client.post(path, {}, format="json").status_code == 405
    for method in ("put", "patch", "delete"):
        response = getattr(staff_client, method)(f"{path}{row.pk}/", {}, format="json")
        assert response.status_code == 405, method
