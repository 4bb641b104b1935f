"""The audit pages read as a trail, not as columns: labels, rendered details, linked
actors and targets, filters by actor, action and date, and no N+1 on the lists."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.services import record
from audit.tests.factories import make_event, make_request_log

pytestmark = pytest.mark.django_db
EVENTS = "/admin/audit/auditevent/"


@pytest.fixture
def root():
    return get_user_model().objects.create_superuser("root", "r@example.invalid")


@pytest.fixture
def browser(root):
    client = Client()
    client.force_login(root)
    return client


def test_event_page_has_labels_details_and_links(browser, root):
    # A group stands in for any target with an admin page (audit imports no other app).
    target = Group.objects.create(name="night-shift")
    event = record("credential.reveal", actor=root, target=target, details={"fields": ["password"]})
    page = browser.get(f"{EVENTS}{event.pk}/change/").content.decode()
    assert "Credential revealed" in page
    assert "Previous link (HMAC)" in page and "Prev mac" not in page
    assert "Actor repr" not in page
    assert "<th>Fields</th><td>password</td>" in page  # details as a table, not JSON
    assert reverse("admin:auth_group_change", args=[target.pk]) in page
    assert reverse("admin:auth_user_change", args=[root.pk]) in page


def test_events_filter_by_actor_action_and_date(browser, root):
    other = get_user_model().objects.create_user("mallory")
    mine = record("auth.token_issued", actor=root)
    record("auth.login_failed", actor=other)
    response = browser.get(EVENTS, {"actor": str(root.pk)})
    rows = response.context["cl"].result_list
    # Signing in (force_login) is an event of root's too.
    assert mine in rows and {row.actor_id for row in rows} == {str(root.pk)}
    response = browser.get(EVENTS, {"event_type": "auth.login_failed"})
    assert [row.event_type for row in response.context["cl"].result_list] == ["auth.login_failed"]
    day = mine.timestamp
    response = browser.get(
        EVENTS,
        {"timestamp__year": day.year, "timestamp__month": day.month, "timestamp__day": day.day},
    )
    assert len(response.context["cl"].result_list) == 3
    choices = response.context["cl"].filter_specs
    actor_filter = next(spec for spec in choices if getattr(spec, "parameter_name", "") == "actor")
    assert {label for _, label in actor_filter.lookup_choices} == {"root", "mallory"}


def test_request_log_links_user_and_events(browser, root):
    log = make_request_log(user_id=str(root.pk), request_id="req-77")
    page = browser.get(f"/admin/audit/apirequestlog/{log.pk}/change/").content.decode()
    assert reverse("admin:auth_user_change", args=[root.pk]) in page
    assert "Time taken" in page and "?q=req-77" in page
    response = browser.get("/admin/audit/apirequestlog/", {"user": str(root.pk)})
    assert [row.pk for row in response.context["cl"].result_list] == [log.pk]


@pytest.mark.parametrize("model", ["auditevent", "apirequestlog"])
def test_lists_cost_the_same_queries_for_3_and_30_rows(browser, root, model):
    def make(n):
        for i in range(n):
            make_event(
                "auth.token_issued",
                actor_id=str(root.pk),
                actor_repr="root",
                target_type="auth.user",
                target_id=str(root.pk),
                details={"i": i},
            )
            make_request_log(user_id=str(root.pk), request_id=f"r{i}")

    make(3)
    with CaptureQueriesContext(connection) as few:
        assert browser.get(f"/admin/audit/{model}/").status_code == 200
    make(27)
    with CaptureQueriesContext(connection) as many:
        assert browser.get(f"/admin/audit/{model}/").status_code == 200
    assert len(many) == len(few)
