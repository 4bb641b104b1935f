"""Admin pages render, billed entries are read-only there, the report and CSV export
answer, and the "mark billed" action bills all or nothing."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client as DjangoClient
from django.urls import reverse

from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import ClientFactory
from tracking.models import TimeEntry
from tracking.testing.factories import (
    TaskFactory,
    TimeEntryFactory,
    WorkItemFactory,
    WorkSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    browser = DjangoClient()
    browser.force_login(UserFactory(is_staff=True, is_superuser=True))
    return browser


def test_session_page_shows_work_items_and_time_inline(admin_client):
    session = WorkSessionFactory()
    WorkItemFactory(session=session, title="Renew the certificate")
    TimeEntryFactory(session=session, client=session.client, billed=True, invoice_reference="I-1")
    response = admin_client.get(reverse("admin:tracking_worksession_change", args=[session.pk]))
    assert response.status_code == 200
    assert b"Renew the certificate" in response.content
    assert b"Time entries" in response.content or b"time entries" in response.content


@pytest.mark.parametrize(
    "name",
    [
        "machine",
        "project",
        "tag",
        "worksession",
        "workitem",
        "task",
        "timeentry",
        "commandrun",
        "filechange",
        "problemsolution",
        "infrastructurechange",
    ],
)
def test_changelists_render(admin_client, name):
    TaskFactory(due_date=datetime.date(2026, 4, 1))
    response = admin_client.get(reverse(f"admin:tracking_{name}_changelist"), {"q": "x"})
    assert response.status_code == 200


def test_billed_entry_is_read_only_and_not_deletable(admin_client):
    entry = TimeEntryFactory(billed=True, invoice_reference="INV-1")
    url = reverse("admin:tracking_timeentry_change", args=[entry.pk])
    response = admin_client.post(url, {"description": "changed"})
    assert response.status_code == 403
    response = admin_client.post(
        reverse("admin:tracking_timeentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert TimeEntry.objects.filter(pk=entry.pk, description="").exists()


def test_mark_billed_action_asks_for_the_invoice_reference_first(admin_client):
    a, b = TimeEntryFactory(), TimeEntryFactory(billed=True, invoice_reference="OLD")
    url = reverse("admin:tracking_timeentry_changelist")
    response = admin_client.post(url, {"action": "mark_billed", "_selected_action": [a.pk, b.pk]})
    assert response.status_code == 200
    assert response.context["count"] == 1 and response.context["already"] == 1
    assert not TimeEntry.objects.get(pk=a.pk).billed  # a confirmation page, nothing yet
    confirm = {"action": "mark_billed", "_selected_action": [a.pk, b.pk], "confirm": "yes"}
    response = admin_client.post(url, confirm)  # no invoice reference: asked again
    assert response.status_code == 200 and response.context["form"].errors
    response = admin_client.post(url, {**confirm, "invoice_reference": "INV-7"}, follow=True)
    a.refresh_from_db()
    assert (a.billed, a.invoice_reference) == (True, "INV-7")
    assert TimeEntry.objects.get(pk=b.pk).invoice_reference == "OLD"
    assert "1 already billed" in response.content.decode()


def test_report_view_and_csv_export(admin_client):
    client = ClientFactory(timezone="UTC", default_hourly_rate="100.00")
    TimeEntryFactory(
        client=client,
        actual_minutes=30,
        started_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC),
    )
    url = reverse("admin:tracking_timeentry_report")
    assert admin_client.get(url).status_code == 200
    response = admin_client.get(url, {"client": client.pk, "month": "2026-03"})
    assert response.status_code == 200
    assert b"50.00" in response.content
    response = admin_client.get(url, {"client": client.pk, "month": "2026-03", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "grand total" in response.content.decode("utf-8-sig")
    response = admin_client.get(url, {"client": client.pk, "month": "March"})
    assert response.status_code == 200
    assert b"YYYY-MM" in response.content


def test_time_entry_pages_show_the_clients_clock(admin_client):
    client = ClientFactory(timezone="Europe/Berlin")
    entry = TimeEntryFactory(
        client=client, started_at=datetime.datetime(2026, 3, 31, 22, 30, tzinfo=datetime.UTC)
    )
    assert admin_client.get(reverse("admin:tracking_timeentry_add")).status_code == 200
    page = admin_client.get(reverse("admin:tracking_timeentry_change", args=[entry.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="2026-04-01"' in text and 'value="00:30:00"' in text  # the form, Berlin
    assert "2026-04-01 00:30 CEST" in text
    listing = admin_client.get(reverse("admin:tracking_timeentry_changelist")).content.decode()
    assert "2026-04-01 00:30 CEST" in listing
