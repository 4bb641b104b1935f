"""Time entries through the API: computed money, the billed lock (409), mark-billed, the
monthly report as JSON and CSV, and the billing_report command."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from msp.testing.auth import client_for
from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import ClientFactory
from tracking.models import TimeEntry
from tracking.testing.factories import TimeEntryFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
BASE = "/api/v1/time-entries/"
PERMS = [f"tracking.{a}_timeentry" for a in ("view", "add", "change", "delete")]


@pytest.fixture
def manager():
    return UserFactory(permissions=PERMS, first_name="Mia", last_name="Manager")


@pytest.fixture
def api(manager):
    return client_for(manager)


@pytest.fixture
def berlin():
    return ClientFactory(
        name="Berlin GmbH",
        timezone="Europe/Berlin",
        default_hourly_rate="120.00",
        billing_increment_minutes=15,
        minimum_billable_minutes=15,
    )


def test_entry_overrides_and_money(api, berlin):
    response = api.post(
        BASE,
        {
            "client": str(berlin.pk),
            "started_at": "2026-03-02T10:00:00Z",
            "actual_minutes": 7,
            "billing_increment_minutes": 6,
            "minimum_billable_minutes": 0,
            "hourly_rate": "100.00",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["billable_minutes"], body["amount"], body["ended_at"]) == (
        12,
        "20.00",
        "2026-03-02T10:07:00Z",
    )
    # Changing the end recomputes the minutes and the money.
    response = api.patch(f"{BASE}{body['id']}/", {"ended_at": "2026-03-02T10:31:00Z"})
    assert response.status_code == 200, response.content
    assert (response.json()["actual_minutes"], response.json()["amount"]) == (31, "60.00")


def test_patch_billed_then_everything_else_is_409(api, berlin):
    entry = TimeEntryFactory(client=berlin, actual_minutes=50)
    path = f"{BASE}{entry.pk}/"
    response = api.patch(path, {"billed": True, "invoice_reference": "INV-2026-001"})
    assert response.status_code == 200, response.content
    assert response.json()["billed_at"]
    for method, payload in (
        ("patch", {"description": "edit after billing"}),
        ("patch", {"billed": False}),
        ("patch", {"billed": True, "invoice_reference": "INV-2"}),
        (
            "put",
            {"client": str(berlin.pk), "started_at": "2026-03-02T10:00:00Z", "actual_minutes": 5},
        ),
        ("delete", None),
    ):
        response = getattr(api, method)(path, payload)
        assert response.status_code == 409, (method, payload, response.content)
        assert response.json()["code"] == "billed"
    entry.refresh_from_db()
    assert (entry.description, entry.invoice_reference) == ("", "INV-2026-001")


def test_mark_billed_bulk_is_all_or_nothing(api, berlin):
    a, b = TimeEntryFactory(client=berlin), TimeEntryFactory(client=berlin)
    done = TimeEntryFactory(client=berlin, billed=True, invoice_reference="OLD")
    url = f"{BASE}mark-billed/"
    response = api.post(url, {"ids": [str(a.pk), str(done.pk)], "invoice_reference": "INV-9"})
    assert response.status_code == 409
    assert not TimeEntry.objects.get(pk=a.pk).billed
    response = api.post(url, {"ids": [str(a.pk), "00000000-0000-0000-0000-000000000000"]})
    assert response.status_code == 400
    assert "ids" in response.json()["errors"]
    response = api.post(url, {"ids": [str(a.pk), str(b.pk)], "invoice_reference": "INV-9"})
    assert response.status_code == 200, response.content
    assert response.json()["billed"] == 2
    assert response.json()["amount"] == str(a.amount + b.amount)
    assert set(
        TimeEntry.objects.filter(invoice_reference="INV-9").values_list("pk", flat=True)
    ) == {
        a.pk,
        b.pk,
    }
    assert api.post(url, {"ids": "nope"}).status_code == 400


def test_mark_billed_needs_change_permission(berlin):
    viewer = client_for(
        UserFactory(permissions=["tracking.view_timeentry", "tracking.add_timeentry"])
    )
    entry = TimeEntryFactory(client=berlin)
    response = viewer.post(f"{BASE}mark-billed/", {"ids": [str(entry.pk)]})
    assert response.status_code == 403


def make_month(berlin, manager):
    other_tech = UserFactory(username="zed")
    # 2026-02-28 23:30 UTC is already March 1st 00:30 in Berlin: March, not February.
    TimeEntryFactory(
        client=berlin,
        technician=manager,
        category="security",
        actual_minutes=1,
        started_at=datetime.datetime(2026, 2, 28, 23, 30, tzinfo=UTC),
    )
    # Crosses midnight; counted in the month it starts in.
    TimeEntryFactory(
        client=berlin,
        technician=other_tech,
        category="security",
        description='Said "hi", =1+1',
        started_at=datetime.datetime(2026, 3, 10, 22, 50, tzinfo=UTC),
        ended_at=datetime.datetime(2026, 3, 11, 0, 10, tzinfo=UTC),
        actual_minutes=None,
        hourly_rate="99.99",
    )
    TimeEntryFactory(
        client=berlin,
        technician=manager,
        category="consulting",
        actual_minutes=40,
        is_billable=False,
        started_at=datetime.datetime(2026, 3, 15, 9, 0, tzinfo=UTC),
    )
    # 2026-03-31 22:30 UTC is April 1st in Berlin: not in March.
    TimeEntryFactory(
        client=berlin,
        technician=manager,
        actual_minutes=60,
        started_at=datetime.datetime(2026, 3, 31, 22, 30, tzinfo=UTC),
    )
    TimeEntryFactory(started_at=datetime.datetime(2026, 3, 5, tzinfo=UTC))  # another client


def test_report_json_totals(api, berlin, manager):
    make_month(berlin, manager)
    response = api.get(f"{BASE}report/", {"client": str(berlin.pk), "month": "2026-03"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["entries"]) == 3
    # 1 min -> 15 min at 120 = 30.00; 80 min -> 90 min at 99.99 = 149.985 -> 149.99; 0.
    assert body["total"]["amount"] == "179.99"
    assert body["total"]["actual_minutes"] == 1 + 80 + 40
    assert body["total"]["billable_minutes"] == 15 + 90
    assert sum(Decimal(e["amount"]) for e in body["entries"]) == Decimal("179.99")
    by_cat = {row["category"]: row for row in body["by_category"]}
    assert (by_cat["consulting"]["amount"], by_cat["consulting"]["actual_hours"]) == (
        "0.00",
        "0.67",
    )
    assert sum(Decimal(r["amount"]) for r in body["by_technician"]) == Decimal("179.99")
    assert body["period_start"] == "2026-02-28T23:00:00Z"


def test_report_csv_opens_in_a_spreadsheet(api, berlin, manager):
    make_month(berlin, manager)
    response = api.get(
        f"{BASE}report/", {"client": str(berlin.pk), "month": "2026-03", "format": "csv"}
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["row", "date", "technician"]
    entries = [r for r in rows if r[0] == "entry"]
    assert len(entries) == 3
    assert any(r[4] == '\'Said "hi", =1+1' for r in entries) or any(
        r[4] == 'Said "hi", =1+1' for r in entries
    )
    grand = [r for r in rows if r[0] == "grand total"]
    assert grand[0][8] == "179.99"
    assert entries[0][1] == "2026-03-01 00:30"  # shown in the client's zone


@pytest.mark.parametrize(
    "params",
    [
        {"month": "2026-03"},
        {"client": "not-a-uuid", "month": "2026-03"},
        {"client": "00000000-0000-0000-0000-000000000000", "month": "2026-03"},
        {"month": "2026-13", "client": None},
        {"month": "2026-03", "client": None, "format": "xml"},
        {"month": "2026-03", "client": None, "bogus": "1"},
    ],
)
def test_report_bad_input_is_400(api, berlin, params):
    params = {k: (str(berlin.pk) if v is None else v) for k, v in params.items()}
    response = api.get(f"{BASE}report/", params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")


def test_report_needs_view_permission(berlin):
    response = client_for(UserFactory()).get(
        f"{BASE}report/", {"client": str(berlin.pk), "month": "2026-03"}
    )
    assert response.status_code == 403


def test_billing_report_command_prints_the_same_totals(berlin, manager):
    make_month(berlin, manager)
    out = io.StringIO()
    call_command("billing_report", client="berlin gmbh", month="2026-03", format="json", stdout=out)
    assert json.loads(out.getvalue())["total"]["amount"] == "179.99"
    out = io.StringIO()
    call_command("billing_report", client=str(berlin.pk), month="2026-03", stdout=out)
    assert "TOTAL" in out.getvalue() and "179.99" in out.getvalue()


def test_unbill_takes_billed_entries_back_with_a_reason_all_or_nothing(berlin):
    from audit.models import AuditEvent

    manager = UserFactory(permissions=[*PERMS, "tracking.unbill_timeentry"])
    api = client_for(manager)
    a = TimeEntryFactory(client=berlin, billed=True, invoice_reference="INV-7")
    b = TimeEntryFactory(client=berlin, billed=True, invoice_reference="INV-7")
    open_entry = TimeEntryFactory(client=berlin)
    url = f"{BASE}unbill/"
    events = AuditEvent.objects.filter(event_type="time_entry.unbilled")

    response = api.post(url, {"ids": [str(a.pk), str(open_entry.pk)], "reason": "wrong rate"})
    assert response.status_code == 400
    assert "ids" in response.json()["errors"]
    response = api.post(url, {"ids": [str(a.pk)], "reason": "  "})
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    assert api.post(url, {"ids": "nope", "reason": "x"}).status_code == 400
    assert TimeEntry.objects.filter(billed=True).count() == 2 and not events.exists()

    response = api.post(url, {"ids": [str(a.pk), str(b.pk)], "reason": "wrong rate"})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "unbilled": 2,
        "amount": str(a.amount + b.amount),
        "reason": "wrong rate",
    }
    assert not TimeEntry.objects.filter(billed=True).exists()
    assert events.count() == 2
    assert {e.details["reason"] for e in events} == {"wrong rate"}


def test_unbill_needs_the_unbill_permission_and_sees_only_visible_clients(berlin):
    entry = TimeEntryFactory(client=berlin, billed=True, invoice_reference="INV-8")
    changer = client_for(UserFactory(permissions=PERMS))
    response = changer.post(f"{BASE}unbill/", {"ids": [str(entry.pk)], "reason": "oops"})
    assert response.status_code == 403
    assert TimeEntry.objects.get(pk=entry.pk).billed
    # Another client's entry is "no such time entry", whatever the grants.
    outsider = client_for(UserFactory(permissions=[*PERMS, "tracking.unbill_timeentry"], teams=[]))
    response = outsider.post(f"{BASE}unbill/", {"ids": [str(entry.pk)], "reason": "oops"})
    assert response.status_code == 400
    assert str(entry.pk) in response.json()["errors"]["ids"][0]
    assert TimeEntry.objects.get(pk=entry.pk).billed
