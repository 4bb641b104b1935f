"""The back office in a real browser (Debian's chromium, driven by Playwright), on demo
data, as three people: a manager (every client, may reveal), a technician (Northwind's
team, may not reveal) and a viewer scoped to one other client (Fabrikam, read-only).

Each walk asserts what the person sees and may do, that no request leaves the server,
that no script fails, and that no page scrolls sideways at 1280 px; screenshots land in
``var/screenshots/`` (a few are copied into docs/img for docs/admin.md)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from msp.demo import DEMO_MANAGER, DEMO_USERNAME
from msp.demo_inventory import (
    DEMO_CLIENT,
    SECOND_CLIENT,
    SECOND_TEAM,
)
from msp.models import Client, Credential
from msp.seeding import seed_demo
from msp.testing.browser import admin_login, browser, guarded_page, needs_chromium
from msp.testing.factories import UserFactory
from msp.tests.test_back_office import save_memory
from tracking.services.machine_tokens import issue_machine_token

__all__ = ["browser"]  # a fixture, used by name

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-walk-Pw-5mKq"
VIEWER = "fabrikam-viewer"
WIDE_LISTS = (
    "msp/client",
    "msp/site",
    "msp/infrastructure",
    "msp/service",
    "msp/network",
    "msp/firewallrule",
    "msp/m365tenant",
    "msp/credential",
    "msp/securityincident",
    "tracking/machinetoken",
)


@pytest.fixture
def people(transactional_db):
    seeded = seed_demo()
    technician, manager = seeded.technician, seeded.manager
    save_memory()
    for user in (technician, manager):
        user.set_password(PASSWORD)
        user.save()
    issue_machine_token(user=technician, fingerprint="demo-machine-0001", name="laptop hooks")
    viewer = UserFactory(
        username=VIEWER,
        is_staff=True,
        password=PASSWORD,
        permissions=[
            "msp.view_client",
            "msp.view_infrastructure",
            "msp.view_credential",
            "msp.view_securityincident",
            "tracking.view_task",
            "tracking.view_timeentry",
        ],
    )
    viewer.groups.add(Group.objects.get(name=SECOND_TEAM))
    return {
        "northwind": Client.objects.get(name=DEMO_CLIENT),
        "fabrikam": Client.objects.get(name=SECOND_CLIENT),
        "credential": Credential.objects.get(name="FortiGate fw-main admin"),
    }


def assert_clean(guarded) -> None:
    assert guarded.elsewhere == [], guarded.elsewhere
    assert guarded.errors == [], guarded.errors


def test_manager_walks_dashboard_hub_lists_and_reveals(browser, live_server, people):
    northwind, credential = people["northwind"], people["credential"]
    with guarded_page(
        browser, live_server.url, permissions=["clipboard-read", "clipboard-write"]
    ) as guarded:
        page = guarded.page
        admin_login(guarded, DEMO_MANAGER, PASSWORD)

        # Dashboard: branding, every panel, the chart, the favicon served from here.
        guarded.goto("/admin/")
        assert page.title().endswith("MSP back office")
        assert page.locator("#site-name").inner_text().strip() == "MSP back office"
        for panel in ("incidents", "overdue", "blocked", "unbilled", "machines", "credentials"):
            assert page.locator(f"#dash-{panel}").is_visible(), panel
        assert page.locator("#dash-chart svg rect").count() > 0
        assert DEMO_CLIENT in page.locator("#dash-unbilled").inner_text()
        assert "Replace UPS battery" in page.locator("#dash-blocked").inner_text()
        assert any(url.endswith("/static/msp/favicon.svg") for url in guarded.requested)
        guarded.screenshot("dashboard-manager", full_page=False)
        guarded.screenshot("dashboard-manager-full")

        # Client hub: counts link to the filtered lists.
        guarded.goto(f"/admin/msp/client/{northwind.pk}/change/")
        tiles = page.locator("#hub-related a")
        assert tiles.count() >= 15
        assert "Replace UPS battery" in page.locator("#hub-tasks").inner_text()
        assert page.locator("#hub-unbilled").is_visible()
        assert page.locator("table.msp-contacts").is_visible()
        assert guarded.horizontal_overflow() == 0
        guarded.screenshot("client-hub", full_page=False)
        infrastructure = page.locator("#hub-related a", has_text="infrastructure").first
        count = int(infrastructure.locator(".count").inner_text())
        infrastructure.click()
        page.wait_for_load_state("networkidle")
        assert f"client__id__exact={northwind.pk}" in page.url
        assert page.locator("#result_list tbody tr").count() == count
        assert "fab-fs01" not in page.locator("#result_list").inner_text()

        # Wide lists fit the window: no sideways scroll, no column cut off.
        for changelist in WIDE_LISTS:
            guarded.goto(f"/admin/{changelist}/")
            assert guarded.horizontal_overflow() == 0, changelist
            assert page.evaluate(
                "() => { const t = document.getElementById('result_list');"
                " return !t || t.scrollWidth <= t.parentElement.clientWidth; }"
            ), changelist
        guarded.goto("/admin/msp/infrastructure/")
        guarded.screenshot("infrastructure-list", full_page=False)

        # Vault: reveal, copy, hidden again after the set time.
        page.clock.install()
        guarded.goto(f"/admin/msp/credential/{credential.pk}/change/")
        page.get_by_role("link", name="Reveal secrets…").first.click()
        page.wait_for_load_state("networkidle")
        page.locator("input[type=submit][value='Reveal secrets']").click()
        page.wait_for_load_state("networkidle")
        secret = page.locator("pre.revealed-secret").first.inner_text()
        assert len(secret) >= 16
        page.locator("button[data-copy]").first.click()
        page.wait_for_function(
            "() => document.querySelector('button[data-copy]').textContent === 'Copied'"
        )
        assert page.evaluate("() => navigator.clipboard.readText()") == secret
        page.clock.run_for(61_000)
        assert secret not in page.content()
        assert "hidden again" in page.locator("pre.revealed-secret").first.inner_text()
        guarded.screenshot("reveal-hidden-again", full_page=False)

        # The reveal is on the credential's activity, with who and from where.
        guarded.goto(f"/admin/msp/credential/{credential.pk}/change/")
        activity = page.locator("#credential-activity")
        first_row = activity.locator("tbody tr, tr").filter(has_text="revealed").first
        assert DEMO_MANAGER in first_row.inner_text()
        assert "127.0.0.1" in first_row.inner_text()
        guarded.screenshot("credential-activity", selector="#credential-activity")
    assert_clean(guarded)


def test_technician_sees_their_team_and_may_not_reveal(browser, live_server, people):
    northwind, fabrikam, credential = people["northwind"], people["fabrikam"], people["credential"]
    with guarded_page(browser, live_server.url) as guarded:
        page = guarded.page
        admin_login(guarded, DEMO_USERNAME, PASSWORD)
        guarded.goto("/admin/")
        body = page.locator("#content-main").inner_text()
        assert DEMO_CLIENT in body and SECOND_CLIENT not in body
        guarded.screenshot("dashboard-technician", full_page=False)

        guarded.goto(f"/admin/msp/client/{northwind.pk}/change/")
        assert page.locator("#client-hub").is_visible()
        # Another team's client: the admin says it does not exist.
        guarded.goto(f"/admin/msp/client/{fabrikam.pk}/change/")
        assert page.locator("#client-hub").count() == 0
        assert re.search(r"/admin/$", page.url)

        guarded.goto(f"/admin/msp/credential/{credential.pk}/change/")
        assert page.get_by_text("Reveal secrets").count() == 0
        assert page.locator("#credential-activity").is_visible()
        # A password credential offers its password, not the other five kinds.
        assert page.locator("[name=set_password]").count() == 1
        assert page.locator("[name=set_private_key]").count() == 0
        # The reveal page itself refuses (and says so) when reached by address.
        guarded.goto(f"/admin/msp/credential/{credential.pk}/reveal/")
        assert page.locator("input[value='Reveal secrets']").count() == 0
        assert "ask a manager" in page.locator("#content-main").inner_text()

        # A new credential: the type chosen decides which secret inputs show.
        guarded.goto("/admin/msp/credential/add/")
        page.select_option("#id_credential_type", "ssh_key")
        assert page.locator(".field-set_private_key").is_visible()
        assert not page.locator(".field-set_api_key").is_visible()
        page.select_option("#id_credential_type", "api_key")
        assert page.locator(".field-set_api_key").is_visible()
        assert not page.locator(".field-set_private_key").is_visible()
    assert_clean(guarded)


def test_viewer_scoped_to_one_client_sees_only_it(browser, live_server, people):
    northwind, fabrikam = people["northwind"], people["fabrikam"]
    with guarded_page(browser, live_server.url) as guarded:
        page = guarded.page
        admin_login(guarded, VIEWER, PASSWORD)
        guarded.goto("/admin/")
        body = page.locator("#content-main").inner_text()
        assert DEMO_CLIENT not in body
        # Panels of kinds the viewer may not view are not there at all.
        assert page.locator("#dash-machines").count() == 0
        guarded.goto("/admin/msp/client/")
        rows = page.locator("#result_list tbody tr")
        assert rows.count() == 1 and SECOND_CLIENT in rows.first.inner_text()
        assert page.locator(".object-tools .addlink").count() == 0  # read-only
        guarded.goto(f"/admin/msp/client/{fabrikam.pk}/change/")
        assert page.locator("#hub-related a").count() >= 3
        labels = page.locator("#hub-related .kind").all_inner_texts()
        assert "credentials" in labels and "sites" not in labels  # no view_site
        guarded.screenshot("client-hub-viewer", full_page=False)
        guarded.goto(f"/admin/msp/client/{northwind.pk}/change/")
        assert page.locator("#client-hub").count() == 0
        guarded.goto("/admin/msp/infrastructure/")
        listing = page.locator("#result_list").inner_text()
        assert "fab-fs01" in listing and "HV01" not in listing
    assert_clean(guarded)
