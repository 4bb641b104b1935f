"""The billed lock is the model's, one place: the API, the admin and the services all
meet it there, and ``unbill`` (permission, reason, audit event) is the only way back."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as DjangoClient
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEvent
from msp.demo import manager_group
from msp.testing.api import client_for
from msp.testing.factories import TechnicianFactory, UserFactory
from tracking.admin import TimeEntryInline
from tracking.models import BilledEntryLocked, TimeEntry, WorkSession
from tracking.services import time_entries
from tracking.testing.factories import TimeEntryFactory, WorkSessionFactory

pytestmark = pytest.mark.django_db


def billed(**kwargs) -> TimeEntry:
    return TimeEntryFactory(billed=True, invoice_reference="INV-1", **kwargs)


def manager():
    user = UserFactory(is_staff=True)
    user.groups.add(manager_group())
    return user


def test_model_save_delete_and_clean_refuse_a_billed_entry():
    entry = billed()
    entry.description = "changed"
    for attempt in (entry.full_clean, entry.save, entry.delete):
        with pytest.raises(BilledEntryLocked):
            attempt()


def test_queryset_update_and_delete_refuse_billed_rows():
    open_entry, done = TimeEntryFactory(), billed()
    rows = TimeEntry.objects.filter(pk__in=[open_entry.pk, done.pk])
    with pytest.raises(BilledEntryLocked):
        rows.update(description="bulk")
    with pytest.raises(BilledEntryLocked):
        rows.delete()
    assert TimeEntry.objects.filter(description="bulk").count() == 0
    assert TimeEntry.objects.filter(pk=open_entry.pk).update(description="bulk") == 1


def test_api_meets_the_model_lock_as_409():
    entry = billed()
    api = client_for(UserFactory(is_superuser=True))
    response = api.patch(f"/api/v1/time-entries/{entry.pk}/", {"billed": False})
    assert response.status_code == 409 and response.json()["code"] == "billed"


def test_admin_delete_meets_the_model_lock():
    entry = billed()
    user = UserFactory(is_staff=True, is_superuser=True)
    browser = DjangoClient()
    browser.force_login(user)
    response = browser.post(
        reverse("admin:tracking_timeentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 403  # the page knows the entry is locked
    assert TimeEntry.objects.filter(pk=entry.pk).exists()
    # Below the page's own refusal, the bulk delete itself meets the model's lock.
    request = RequestFactory().post("/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    model_admin = admin.site._registry[TimeEntry]
    model_admin.delete_queryset(request, TimeEntry.objects.filter(pk=entry.pk))
    assert TimeEntry.objects.filter(pk=entry.pk).exists()
    assert "Nothing deleted" in str(next(iter(request._messages)))


def test_session_inline_delete_of_a_billed_entry_is_a_form_error():
    session = WorkSessionFactory()
    entry = billed(session=session, client=session.client, technician=session.technician)
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    inline = TimeEntryInline(WorkSession, admin.site)
    formset_class = inline.get_formset(request, session)
    prefix = formset_class.get_default_prefix()
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": str(entry.pk),
        f"{prefix}-0-session": str(session.pk),
        f"{prefix}-0-DELETE": "on",
    }
    formset = formset_class(data, instance=session, prefix=prefix)
    assert not formset.is_valid(), formset.errors
    assert formset.non_form_errors() == ["A billed time entry cannot be deleted."]
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


def test_mark_billed_reports_billed_entries_as_a_count():
    entries = [billed() for _ in range(3)] + [TimeEntryFactory()]
    with pytest.raises(BilledEntryLocked) as caught:
        time_entries.mark_billed([entry.pk for entry in entries], "INV-2")
    assert caught.value.message == "3 of the 4 entries are billed already."


def test_unbill_needs_the_permission_and_a_reason():
    entry = billed()
    with pytest.raises(PermissionDenied):
        time_entries.unbill([entry.pk], actor=TechnicianFactory(), reason="typo")
    with pytest.raises(ValidationError) as caught:
        time_entries.unbill([entry.pk], actor=manager(), reason="  ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError):
        time_entries.unbill([TimeEntryFactory().pk], actor=manager(), reason="not billed")
    assert TimeEntry.objects.get(pk=entry.pk).billed
    assert not AuditEvent.objects.filter(event_type=time_entries.UNBILLED_EVENT).exists()


def test_unbill_clears_the_lock_and_records_the_reason():
    entry, boss = billed(), manager()
    batch = time_entries.unbill([entry.pk], actor=boss, reason="Wrong client invoiced")
    assert (batch.unbilled, batch.amount) == (1, entry.amount)
    entry.refresh_from_db()
    assert (entry.billed, entry.invoice_reference, entry.billed_at) == (False, "", None)
    event = AuditEvent.objects.get(event_type=time_entries.UNBILLED_EVENT)
    assert (event.actor_id, event.target_id) == (str(boss.pk), str(entry.pk))
    assert event.details["reason"] == "Wrong client invoiced"
    assert event.details["invoice_reference"] == "INV-1"
    entry.description = "editable again"
    entry.save()


def test_technicians_do_not_get_the_unbill_permission():
    assert not TechnicianFactory().has_perm(time_entries.UNBILL_PERMISSION)
    assert manager().has_perm(time_entries.UNBILL_PERMISSION)
    assert Permission.objects.filter(codename="unbill_timeentry").exists()


def test_admin_unbill_action_is_a_managers_with_a_reason():
    entry = billed()
    url = reverse("admin:tracking_timeentry_changelist")
    tech = DjangoClient()
    tech.force_login(TechnicianFactory(is_staff=True))
    response = tech.get(url)
    assert "unbill" not in dict(response.context["action_form"].fields["action"].choices)
    tech.post(url, {"action": "unbill", "_selected_action": [entry.pk], "confirm": "yes",
                    "reason": "try"})  # fmt: skip
    assert TimeEntry.objects.get(pk=entry.pk).billed
    boss = DjangoClient()
    boss.force_login(manager())
    selection = {"action": "unbill", "_selected_action": [entry.pk]}
    response = boss.post(url, selection)
    assert response.status_code == 200 and response.context["count"] == 1
    response = boss.post(url, {**selection, "confirm": "yes", "reason": ""})
    assert response.context["form"].errors["reason"]
    assert TimeEntry.objects.get(pk=entry.pk).billed
    boss.post(url, {**selection, "confirm": "yes", "reason": "Credit note CN-4"})
    assert not TimeEntry.objects.get(pk=entry.pk).billed
    assert AuditEvent.objects.get(event_type="time_entry.unbilled").details["reason"] == (
        "Credit note CN-4"
    )
