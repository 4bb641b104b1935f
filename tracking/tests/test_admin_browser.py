"""The back office in a real browser (Debian's chromium through Playwright), as a
technician, a manager and a user who sees one client: billing with its confirmation,
unbilling with a reason, the report, memories and their search, a session's page and
the audit trail. Nothing may leave the server; screenshots land in var/screenshots/."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from audit.models import AuditEvent
from context_recall.testing.factories import ConversationContextFactory
from msp.demo import manager_group
from msp.testing.browser import (
    SCREENSHOTS,
    admin_login,
    browser,
    guarded_page,
    needs_chromium,
)
from msp.testing.factories import TEST_PASSWORD, TechnicianFactory, UserFactory
from msp.testing.inventory_factories import ClientFactory
from tracking.models import TimeEntry
from tracking.testing.factories import (
    CommandRunFactory,
    ProjectFactory,
    TimeEntryFactory,
    WorkSessionFactory,
)

__all__ = ["browser"]  # a fixture, used by name

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]
UTC = datetime.UTC
VIEWPORT = {"width": 1440, "height": 900}


def office(team: Group) -> dict:
    """Two clients: Acme (Berlin, the team's) and Globex (another team's)."""
    acme = ClientFactory(
        name="Acme GmbH",
        timezone="Europe/Berlin",
        teams=[team],
        default_hourly_rate=Decimal("120.00"),
    )
    globex = ClientFactory(
        name="Globex Corp",
        timezone="America/New_York",
        teams=[],
        default_hourly_rate=Decimal("90.00"),
    )
    tech = TechnicianFactory(username="tina", is_staff=True, teams=[team])
    session = WorkSessionFactory(client=acme, technician=tech, title="VPN between offices")
    CommandRunFactory(session=session, command="ipsec statusall")
    project = ProjectFactory(client=acme, name="Acme network")
    ConversationContextFactory(
        project=project,
        session=session,
        title="Branch office tunnel rebuilt",
        commands=["ipsec statusall", "systemctl restart strongswan"],
        open_items=["Rotate the pre-shared key"],
        key_decisions=["Keep IKEv2 with AES-GCM"],
    )
    ConversationContextFactory(
        project=ProjectFactory(client=globex), title="Globex firewall", commands=["ipsec up"]
    )
    # 22:30 UTC on March 31st is already April 1st, 00:30 in Berlin.
    late = TimeEntryFactory(
        client=acme,
        session=session,
        technician=tech,
        actual_minutes=45,
        description="Rebuilt the IPsec tunnel",
        started_at=datetime.datetime(2026, 3, 31, 22, 30, tzinfo=UTC),
    )
    early = TimeEntryFactory(
        client=acme,
        technician=tech,
        actual_minutes=30,
        description="Checked the backups",
        started_at=datetime.datetime(2026, 4, 2, 8, 0, tzinfo=UTC),
    )
    done = TimeEntryFactory(
        client=acme,
        technician=tech,
        actual_minutes=60,
        billed=True,
        invoice_reference="INV-2026-030",
        description="March patching",
        started_at=datetime.datetime(2026, 4, 3, 8, 0, tzinfo=UTC),
    )
    TimeEntryFactory(
        client=globex,
        actual_minutes=15,
        description="Globex call",
        started_at=datetime.datetime(2026, 4, 2, 14, 0, tzinfo=UTC),
    )
    return {
        "acme": acme,
        "globex": globex,
        "tech": tech,
        "session": session,
        "late": late,
        "early": early,
        "done": done,
    }


def part(page, selector: str, name: str) -> None:
    """A screenshot of one part of the page (small enough for the docs)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(selector).first.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def finish(guarded) -> None:
    assert guarded.elsewhere == [], guarded.elsewhere
    assert guarded.errors == [], guarded.errors


def run_action(page, action: str, pks) -> None:
    for pk in pks:
        page.check(f'input.action-select[value="{pk}"]')
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state("networkidle")


def test_technician_bills_with_an_invoice_reference_and_reads_memories(browser, live_server):
    data = office(Group.objects.create(name="acme-team"))
    with guarded_page(browser, live_server.url, viewport=VIEWPORT) as guarded:
        page = guarded.page
        admin_login(guarded, "tina", TEST_PASSWORD)
        guarded.goto("/admin/tracking/timeentry/?client__id__exact=" + str(data["acme"].pk))
        text = page.inner_text("#result_list")
        assert "2026-04-01 00:30 CEST" in text  # the client's clock, not UTC
        assert "Rebuilt the IPsec tunnel" in text and "Globex" not in text
        assert "Billed · INV-2026-030" in text
        options = page.eval_on_selector_all(
            "select[name=action] option", "o => o.map(x => x.value)"
        )
        assert "mark_billed" in options and "unbill" not in options
        guarded.screenshot("admin-timeentry-list")

        run_action(page, "mark_billed", [data["late"].pk, data["early"].pk, data["done"].pk])
        assert page.inner_text("#confirm-count") == "2"
        assert (
            page.inner_text("#confirm-amount")
            == f"{data['late'].amount + data['early'].amount} EUR"
        )
        assert "1 of the selected entries is billed already" in page.inner_text("#confirm-already")
        assert not TimeEntry.objects.get(pk=data["late"].pk).billed
        guarded.screenshot("admin-mark-billed-confirm")
        page.click("input[type=submit].default")  # no invoice reference: not sent
        assert page.locator("#id_invoice_reference:invalid").count() == 1
        page.fill("#id_invoice_reference", "INV-2026-031")
        page.click("input[type=submit].default")
        page.wait_for_load_state("networkidle")
        assert "2 entries marked billed on INV-2026-031" in page.inner_text(".messagelist")
        assert "1 already billed" in page.inner_text(".messagelist")
        assert TimeEntry.objects.get(pk=data["early"].pk).invoice_reference == "INV-2026-031"

        guarded.goto("/admin/tracking/timeentry/report/")
        page.select_option("#id_client", str(data["acme"].pk))
        page.fill("#id_month", "2026-04")
        page.click("input[type=submit]")
        page.wait_for_load_state("networkidle")
        totals = page.inner_text("#report-totals")
        assert re.search(r"Billed\s+3", totals) and re.search(r"Not billed yet\s+0", totals)
        assert "EUR" in totals
        assert "2026-04-01 00:30 CEST" in page.inner_text("#report-entries")
        guarded.screenshot("admin-billing-report")
        with page.expect_download() as download:
            page.click("#export-csv")
        csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert "billed total" in csv_text and "INV-2026-031" in csv_text

        guarded.goto("/admin/context_recall/conversationcontext/?q=IPsec")
        assert "Branch office tunnel rebuilt" in page.inner_text("#result_list")
        assert "Globex firewall" not in page.inner_text("#result_list")
        page.click("text=Branch office tunnel rebuilt")
        page.wait_for_load_state("networkidle")
        assert "systemctl restart strongswan" in page.inner_text(".field-commands_list"), (
            page.url,
            page.content()[-3000:],
        )
        assert page.locator("textarea[name=commands]").count() == 0
        guarded.screenshot("admin-memory-context")
        part(page, "fieldset:has-text('Saved by the hooks')", "admin-memory-lists")

        guarded.goto(f"/admin/tracking/worksession/{data['session'].pk}/change/")
        body = page.inner_text("#content")
        assert "Branch office tunnel rebuilt" in body and "ipsec statusall" in body
        assert "1 entries" in body
        guarded.screenshot("admin-session-page")
        part(
            page,
            "#contexts-group, .inline-group:has-text('memories saved')",
            "admin-session-memories",
        )
    finish(guarded)


def test_manager_unbills_with_a_reason_and_reads_it_in_the_audit_trail(browser, live_server):
    data = office(Group.objects.create(name="acme-team"))
    boss = UserFactory(username="marta", is_staff=True)
    boss.groups.add(manager_group())
    assert boss.has_perm("tracking.unbill_timeentry") and boss.has_perm("audit.view_auditevent")
    with guarded_page(browser, live_server.url, viewport=VIEWPORT) as guarded:
        page = guarded.page
        admin_login(guarded, "marta", TEST_PASSWORD)
        guarded.goto("/admin/tracking/timeentry/?billed__exact=1")
        run_action(page, "unbill", [data["done"].pk])
        assert page.inner_text("#confirm-count") == "1"
        guarded.screenshot("admin-unbill-confirm")
        page.click("input[type=submit].default")  # no reason: not sent
        assert page.locator("#id_reason:invalid").count() == 1
        assert TimeEntry.objects.get(pk=data["done"].pk).billed
        page.fill("#id_reason", "Invoiced to the wrong client; credit note CN-12")
        page.click("input[type=submit].default")
        page.wait_for_load_state("networkidle")
        assert "1 entries unbilled" in page.inner_text(".messagelist")
        assert not TimeEntry.objects.get(pk=data["done"].pk).billed

        event = AuditEvent.objects.get(event_type="time_entry.unbilled")
        guarded.goto(f"/admin/audit/auditevent/?actor={boss.pk}")
        listing = page.inner_text("#result_list")
        assert "Time entries unbilled" in listing and "marta" in listing
        guarded.screenshot("admin-audit-list")
        guarded.goto(f"/admin/audit/auditevent/{event.pk}/change/")
        content = page.inner_text("#content")
        assert "credit note CN-12" in content and "INV-2026-030" in content
        assert "Prev mac" not in content and "Actor repr" not in content
        page.click(".field-target_link a")
        page.wait_for_load_state("networkidle")
        assert f"/admin/tracking/timeentry/{data['done'].pk}/change/" in page.url
        guarded.goto(f"/admin/audit/auditevent/{event.pk}/change/")
        guarded.screenshot("admin-audit-event")
    finish(guarded)


def test_user_of_one_client_sees_only_that_client(browser, live_server):
    team = Group.objects.create(name="acme-team")
    data = office(team)
    viewer = UserFactory(username="vera", is_staff=True, teams=[team])
    viewer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=("tracking", "context_recall"), codename__startswith="view_"
        )
    )
    with guarded_page(browser, live_server.url, viewport=VIEWPORT) as guarded:
        page = guarded.page
        admin_login(guarded, "vera", TEST_PASSWORD)
        guarded.goto("/admin/tracking/timeentry/")
        listing = page.inner_text("#result_list")
        assert "Rebuilt the IPsec tunnel" in listing and "Globex call" not in listing
        options = page.eval_on_selector_all(
            "select[name=action] option", "o => o.map(x => x.value)"
        )
        assert "mark_billed" not in options and "unbill" not in options  # view only
        guarded.screenshot("admin-scoped-user")
        guarded.goto("/admin/tracking/timeentry/report/")
        clients = page.eval_on_selector_all("#id_client option", "o => o.map(x => x.textContent)")
        assert "Acme GmbH" in clients and "Globex Corp" not in clients
        guarded.goto("/admin/context_recall/conversationcontext/?q=ipsec")
        listing = page.inner_text("#result_list")
        assert "Branch office tunnel rebuilt" in listing and "Globex firewall" not in listing
        response = guarded.goto(f"/admin/tracking/timeentry/{data['done'].pk}/change/")
        assert response.status == 200  # shown, read-only
        assert page.locator("input[name=_save]").count() == 0
        assert guarded.goto("/admin/audit/auditevent/").status == 403
    finish(guarded)
