import json

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings
from rest_framework.request import Request

from audit.models import AuditEvent, ChainHead
from audit.redactor import truncate
from audit.request_context import get_identity, get_request_id, set_identity, set_request_id
from audit.services import record

pytestmark = pytest.mark.django_db

SECRET = "hunter2-very-secret"


def test_record_with_actor_target_request_and_redacted_details():
    user = get_user_model().objects.create_user(username="ada")
    http = RequestFactory().post("/api/v1/x/", REMOTE_ADDR="192.0.2.44")
    set_request_id(http, "req-42")
    event = record(
        "credential.reveal",
        actor=user,
        target=user,
        request=Request(http),
        details={
            "password": SECRET,
            "nested": {"api_key": "k-" + SECRET},
            "note": f"Authorization: Bearer {SECRET}",
            "ok": "kept",
            "list": [f"password={SECRET}", 3],
        },
    )
    event.refresh_from_db()
    assert (event.actor_id, event.actor_repr) == (str(user.pk), "ada")
    assert (event.target_type, event.target_id, event.target_repr) == (
        "auth.user",
        str(user.pk),
        "ada",
    )
    assert (event.ip_address, event.request_id) == ("192.0.2.44", "req-42")
    assert SECRET not in json.dumps(event.details)
    assert event.details["ok"] == "kept" and event.details["list"][1] == 3
    assert ChainHead.objects.get(name="events").last_seq == event.seq


def test_record_without_request_or_actor():
    event = record("keys.rotated", details=None)
    assert (event.actor_id, event.ip_address, event.request_id) == (None, None, "")
    assert event.details == {}


def test_anonymous_actor_falls_back_to_the_request_identity():
    from django.contrib.auth.models import AnonymousUser

    http = RequestFactory().get("/")
    set_identity(Request(http), 17, "refresh")
    event = record("auth.token_refreshed", actor=AnonymousUser(), request=http)
    assert event.actor_id == "17"
    assert get_identity(http) == ("17", "refresh")
    assert get_request_id(None) == "" and get_request_id(http) == ""


@override_settings(AUDIT_REDACTOR="audit.tests.no_such_module.redact")
def test_missing_redactor_fails_closed():
    with pytest.raises(ImportError):
        record("x", details={"a": "b"})
    assert not AuditEvent.objects.filter(event_type="x").exists()


def test_truncate_marks_the_cut():
    assert truncate("abc", 5) == "abc"
    cut = truncate("x" * 1000, 100)
    assert len(cut) == 100 and cut.endswith("[truncated: 1000 chars in all]")
