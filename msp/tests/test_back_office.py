"""The back office's overview pages without a browser: the dashboard (admin index), the
client hub, the vault's activity panel and reveal page, the changelists' columns, and
the number of queries each page runs (no N+1)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client as DjangoClient
from django.urls import reverse
from django.utils import timezone

from context_recall.services.memories import save_context
from msp.demo_inventory import DEMO_CLIENT, SECOND_CLIENT
from msp.models import Client, Credential, Infrastructure, Network, SecurityIncident
from msp.seeding import seed_demo
from msp.selectors import dashboard as dashboard_selectors
from msp.selectors.vault import credential_activity
from msp.services import vault
from msp.testing.factories import UserFactory
from tracking.models import Machine, Project, Task, TimeEntry
from tracking.services.machine_tokens import issue_machine_token

CHANGELISTS = (
    "msp_client",
    "msp_site",
    "msp_infrastructure",
    "msp_service",
    "msp_network",
    "msp_firewallrule",
    "msp_m365tenant",
    "msp_credential",
    "msp_securityincident",
    "tracking_machinetoken",
)


def save_memory() -> None:
    """A memory of the demo project, as the hooks would save it."""
    save_context(
        {
            "project": Project.objects.get(slug="northwind-ops"),
            "title": "Backup job on FS01 fails on the CAD share",
            "context_type": "session_summary",
            "importance": 8,
            "summary": "Long paths on the CAD share broke the nightly job; long paths "
            "enabled on FS01, job rerun and verified.",
        }
    )


@pytest.fixture
def demo(db):
    seeded = seed_demo()
    technician, manager = seeded.technician, seeded.manager
    save_memory()
    return {
        "technician": technician,
        "manager": manager,
        "client": Client.objects.get(name=DEMO_CLIENT),
        "second": Client.objects.get(name=SECOND_CLIENT),
    }


def logged_in(user) -> DjangoClient:
    client = DjangoClient()
    client.force_login(user)
    return client


# --- dashboard --------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_shows_what_needs_attention_on_demo_data(demo):
    page = logged_in(demo["manager"]).get(reverse("admin:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "MSP back office" in html and "Django administration" not in html
    for panel in (
        "dash-incidents",
        "dash-overdue",
        "dash-blocked",
        "dash-unbilled",
        "dash-machines",
        "dash-credentials",
        "dash-chart",
    ):
        assert f'id="{panel}"' in html, panel
    assert "Replace UPS battery in server closet" in html  # the demo's blocked task
    assert DEMO_CLIENT in html
    assert "<svg" in html and "<rect" in html  # the chart, drawn on the server
    assert "never revealed" in html
    assert 'rel="icon"' in html


@pytest.mark.django_db
def test_every_dashboard_link_with_a_filter_is_accepted(demo):
    Task.objects.create(
        client=demo["client"],
        title="Overdue on purpose",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    client = logged_in(demo["manager"])
    html = client.get(reverse("admin:index")).content.decode()
    links = set(re.findall(r'href="(/admin/[^"]+\?[^"]+)"', html))
    assert len(links) >= 4
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        # An unknown filter makes Django redirect with ?e=1 or answer 400.
        assert response.status_code == 200, link
    overdue = next(link for link in links if "due_date__lt" in link)
    listing = client.get(overdue.replace("&amp;", "&")).content.decode()
    assert "Overdue on purpose" in listing and "Retire the old NAS" not in listing


@pytest.mark.django_db
def test_dashboard_lists_only_the_users_clients(demo):
    SecurityIncident.objects.create(
        client=demo["second"], title="Fabrikam-only incident", severity="high"
    )
    Task.objects.create(
        client=demo["second"],
        title="Fabrikam overdue task",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    technician_html = logged_in(demo["technician"]).get(reverse("admin:index")).content.decode()
    manager_html = logged_in(demo["manager"]).get(reverse("admin:index")).content.decode()
    for text in ("Fabrikam-only incident", "Fabrikam overdue task"):
        assert text in manager_html
        assert text not in technician_html
    # The technician may not view machine tokens of others, nor reveal: the panels that
    # concern them still show, but with their own rows only.
    assert "demo-laptop" in technician_html


@pytest.mark.django_db
def test_dashboard_hides_panels_of_kinds_the_user_may_not_view(demo):
    clerk = UserFactory(is_staff=True, permissions=["msp.view_client"])
    html = logged_in(clerk).get(reverse("admin:index")).content.decode()
    for panel in ("dash-incidents", "dash-overdue", "dash-unbilled", "dash-credentials"):
        assert f'id="{panel}"' not in html


@pytest.mark.django_db
def test_dashboard_selectors_compute_the_figures(demo):
    now = timezone.now()
    board = dashboard_selectors.dashboard(demo["manager"], now)
    entries = TimeEntry.objects.filter(
        client=demo["client"],
        is_billable=True,
        billed=False,
        started_at__gte=dashboard_selectors.month_start(now),
    )
    expected = sum(entry.billable_minutes for entry in entries)
    northwind = [row for row in board.unbilled if row.client_name == DEMO_CLIENT]
    assert (northwind[0].minutes if northwind else 0) == expected
    weekly = board.weekly_hours
    assert len(weekly.weeks) == dashboard_selectors.CHART_WEEKS
    total = sum(sum(values) for values in weekly.series.values())
    start = timezone.make_aware(datetime.datetime.combine(weekly.weeks[0], datetime.time.min))
    billable = TimeEntry.objects.filter(is_billable=True, started_at__gte=start)
    assert abs(float(total) - sum(e.billable_minutes for e in billable) / 60) < 0.1 * len(
        weekly.weeks
    ) * max(len(weekly.series), 1)
    # Every demo credential is new and unrevealed; revealing one takes it off the list
    # (it was rotated just now).
    stale = board.stale_credentials
    assert stale.total == Credential.objects.filter(is_active=True).count()
    credential = stale.rows[0]
    vault.reveal_credential(credential, user=demo["manager"])
    after = dashboard_selectors.dashboard(demo["manager"], now).stale_credentials
    assert after.total == stale.total - 1


@pytest.mark.django_db
def test_silent_machines_are_the_users_own_unless_they_manage_tokens(demo):
    other = UserFactory(is_staff=True)
    Machine.objects.create(
        owner=other,
        hostname="old-laptop",
        fingerprint="fp-old",
        last_seen_at=timezone.now() - datetime.timedelta(days=45),
    )
    Machine.objects.create(
        owner=other, hostname="fresh-laptop", fingerprint="fp-new", last_seen_at=timezone.now()
    )
    manager_rows = dashboard_selectors.silent_machines(demo["manager"], timezone.now()).rows
    technician_rows = dashboard_selectors.silent_machines(demo["technician"], timezone.now()).rows
    assert "old-laptop" in [m.hostname for m in manager_rows]
    assert "fresh-laptop" not in [m.hostname for m in manager_rows]
    assert "old-laptop" not in [m.hostname for m in technician_rows]


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_rows(demo, django_assert_max_num_queries):
    client = logged_in(demo["manager"])

    def more(count: int, start: int) -> None:
        for index in range(start, start + count):
            SecurityIncident.objects.create(client=demo["client"], title=f"incident {index}")
            Task.objects.create(
                client=demo["client"],
                title=f"task {index}",
                status="blocked",
                blocked_reason="waiting",
                due_date=timezone.localdate() - datetime.timedelta(days=1),
            )

    # Lists longer than they show cost one count each: fill them past that first.
    more(15, 0)
    with django_assert_max_num_queries(20) as first:
        client.get(reverse("admin:index"))
    more(40, 15)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("admin:index"))


# --- client hub -------------------------------------------------------------------------


def hub_url(client: Client) -> str:
    return reverse("admin:msp_client_change", args=[client.pk])


@pytest.mark.django_db
def test_client_hub_pulls_the_client_together(demo):
    html = logged_in(demo["technician"]).get(hub_url(demo["client"])).content.decode()
    assert 'id="client-hub"' in html
    infrastructure = Infrastructure.objects.filter(client=demo["client"]).count()
    assert re.search(
        rf'href="/admin/msp/infrastructure/\?client__id__exact={demo["client"].pk}"[^>]*>'
        rf'<span class="count">{infrastructure}</span>',
        html,
    )
    for changelist, param in (
        ("tracking/task", "client__id__exact"),
        ("tracking/worksession", "client__id__exact"),
        ("tracking/timeentry", "client__id__exact"),
        ("msp/service", "infrastructure__client__id__exact"),
        ("msp/firewallrule", "firewall__client__id__exact"),
        ("context_recall/conversationcontext", "client__id__exact"),
        ("msp/credential", "client__id__exact"),
    ):
        assert f"/admin/{changelist}/?{param}={demo['client'].pk}" in html, changelist
    assert "Replace UPS battery in server closet" in html  # open task
    assert (
        "Enable MFA for the front desk accounts"
        not in html.split('id="hub-tasks"')[1].split("</table>")[0]
    )  # done: not open
    assert 'id="hub-unbilled"' in html and 'id="hub-sessions"' in html
    assert "Backup job on FS01 fails on the CAD share" in html.split('id="hub-memories"')[1]


@pytest.mark.django_db
def test_every_hub_link_opens_its_filtered_list(demo):
    client = logged_in(demo["manager"])
    html = client.get(hub_url(demo["client"])).content.decode()
    links = re.findall(r'<a href="(/admin/[^"]+\?[^"]*__id__exact=[^"]+)"', html)
    assert len(links) >= 15
    for link in set(links):
        response = client.get(link.replace("&amp;", "&"))
        # An unknown filter makes Django redirect with ?e=1: every link must be accepted.
        assert response.status_code == 200, link


@pytest.mark.django_db
def test_hub_counts_follow_the_filtered_lists(demo):
    client = logged_in(demo["manager"])
    url = reverse("admin:msp_infrastructure_changelist")
    listing = client.get(f"{url}?client__id__exact={demo['second'].pk}").content.decode()
    assert "fab-fs01" in listing and "HV01" not in listing


@pytest.mark.django_db
def test_another_teams_client_hub_is_not_reachable(demo):
    response = logged_in(demo["technician"]).get(hub_url(demo["second"]))
    assert response.status_code == 302  # Django's "does not exist" redirect to the index


@pytest.mark.django_db
def test_client_hub_query_count_is_constant(demo, django_assert_max_num_queries):
    client = logged_in(demo["manager"])
    with django_assert_max_num_queries(25) as first:
        client.get(hub_url(demo["client"]))
    site = demo["client"].sites.first()
    for index in range(20):
        Task.objects.create(client=demo["client"], title=f"more work {index}")
        SecurityIncident.objects.create(client=demo["client"], title=f"more incident {index}")
        # Inline rows too: each network row offers the client's sites.
        Network.objects.create(
            client=demo["client"], site=site, name=f"extra {index}", cidr=f"10.99.{index}.0/24"
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(hub_url(demo["client"]))


@pytest.mark.django_db
def test_contacts_are_edited_as_a_table(demo):
    client = logged_in(demo["manager"])
    acme = demo["client"]
    form = client.get(hub_url(acme)).content.decode()
    assert 'table class="msp-contacts"' in form
    assert 'name="contacts-0-name"' in form
    data = {
        "name": acme.name,
        "client_type": acme.client_type,
        "is_active": "on",
        "domain": acme.domain,
        "timezone": acme.timezone,
        "default_hourly_rate": str(acme.default_hourly_rate),
        "billing_increment_minutes": acme.billing_increment_minutes,
        "minimum_billable_minutes": acme.minimum_billable_minutes,
        "teams": [group.pk for group in acme.teams.all()],
        "contacts-rows": "3",
        "contacts-0-name": "Dana Whitfield",
        "contacts-0-role": "Practice manager",
        "contacts-0-email": "dana@example.invalid",
        "contacts-1-name": "",
        "contacts-2-name": "Sam Ortiz",
        "contacts-2-phone": "+1 555 0100",
    }
    for prefix in ("sites", "networks", "m365_tenants"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    # The inline prefixes are the related names; take them from the page to be sure.
    for prefix in re.findall(r'name="([\w-]+)-TOTAL_FORMS"', form):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    response = client.post(hub_url(acme), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    acme.refresh_from_db()
    assert acme.contacts == [
        {"name": "Dana Whitfield", "role": "Practice manager", "email": "dana@example.invalid"},
        {"name": "Sam Ortiz", "phone": "+1 555 0100"},
    ]
    # A contact without a name is refused with the model's message, like the API.
    data.update({"contacts-1-email": "nobody@example.invalid"})
    response = client.post(hub_url(acme), data)
    assert response.status_code == 200
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
    assert any("Contact 2 needs a name." in error for error in errors), (
        errors,
        response.context["adminform"].form.errors,
        response.context["adminform"].form.data.get("contacts"),
    )
    hub = client.get(hub_url(acme)).content.decode()
    assert "Practice manager" in hub.split('id="hub-contacts"')[1]


# --- changelists ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelists_run_a_constant_number_of_queries(demo, name, django_assert_max_num_queries):
    client = logged_in(demo["manager"])
    url = reverse(f"admin:{name}_changelist")
    with django_assert_max_num_queries(20) as first:
        assert client.get(url).status_code == 200
    seed_more_rows(demo)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


def seed_more_rows(demo) -> None:
    from msp.testing.inventory_factories import ServiceFactory

    for index in range(5):
        asset = Infrastructure.objects.create(
            client=demo["second"], hostname=f"extra-{index}", asset_type="server"
        )
        ServiceFactory(infrastructure=asset)
        vault.create_credential(
            fields={"client": demo["second"], "name": f"extra {index}", "infrastructure": asset},
            secrets={"password": f"pw-{index}-Qx"},
        )
        SecurityIncident.objects.create(client=demo["second"], title=f"extra {index}")
        issue_machine_token(
            user=demo["technician"], fingerprint=f"fp-extra-{index}", hostname=f"extra-{index}"
        )


# --- vault ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_activity_panel_shows_changes_reveals_and_failures_to_whoever_sees_it(demo):
    credential = Credential.objects.filter(client=demo["client"]).first()
    manager = demo["manager"]
    vault.update_credential(
        credential, fields={"username": "changed"}, secrets={"password": "new-pw-Zx9"}, user=manager
    )
    vault.reveal_credential(credential, user=manager)
    with pytest.raises(Exception):
        vault.reveal_credential(credential, user=demo["technician"])
    entries = credential_activity(credential, demo["technician"])
    labels = [entry.label for entry in entries]
    assert labels[:3] == ["reveal refused", "revealed", "changed"]
    assert labels[-1] == "created"
    assert "username" in entries[2].what and "password" in entries[2].what
    page = logged_in(demo["technician"]).get(
        reverse("admin:msp_credential_change", args=[credential.pk])
    )
    html = page.content.decode()
    assert 'id="credential-activity"' in html
    assert manager.username in html and "revealed" in html
    assert "new-pw-Zx9" not in html
    # Someone who may not see the client sees no activity (and no page).
    outsider = UserFactory(is_staff=True, permissions=["msp.view_credential"])
    assert credential_activity(credential, outsider) == []


@pytest.mark.django_db
def test_reveal_button_only_for_users_who_may_reveal(demo):
    credential = Credential.objects.filter(client=demo["client"]).first()
    url = reverse("admin:msp_credential_change", args=[credential.pk])
    technician_html = logged_in(demo["technician"]).get(url).content.decode()
    manager_html = logged_in(demo["manager"]).get(url).content.decode()
    assert "Reveal secrets" not in technician_html
    assert "Reveal secrets" in manager_html


@pytest.mark.django_db
def test_form_offers_the_secret_fields_of_the_credentials_type(demo):
    client = logged_in(demo["manager"])
    ssh = Credential.objects.get(name="Veeam to HV01 SSH key")
    html = client.get(reverse("admin:msp_credential_change", args=[ssh.pk])).content.decode()
    assert 'name="set_private_key"' in html and 'name="set_password"' in html
    assert 'name="set_client_secret"' not in html and 'name="set_api_key"' not in html
    oauth = Credential.objects.get(name="M365 Graph app (backup)")
    html = client.get(reverse("admin:msp_credential_change", args=[oauth.pk])).content.decode()
    assert 'name="set_client_secret"' in html and 'name="set_private_key"' not in html


@pytest.mark.django_db
def test_reveal_page_has_copy_buttons_and_hides_the_secrets_again(demo):
    credential = Credential.objects.get(name="FortiGate fw-main admin")
    client = DjangoClient(enforce_csrf_checks=False)
    client.force_login(demo["manager"])
    url = reverse("admin:msp_credential_reveal", args=[credential.pk])
    response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-copy" in html and "data-hide-after" in html
    assert "no-store" in response["Cache-Control"]
