"""Model rules that the API tests do not reach directly."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from msp.testing.inventory_factories import ClientFactory, InfrastructureFactory
from tracking.models import BilledEntryLocked, Tag, TaggedItem
from tracking.testing.factories import (
    CommandRunFactory,
    InfrastructureChangeFactory,
    ProjectFactory,
    TaskFactory,
    TimeEntryFactory,
    WorkSessionFactory,
)

pytestmark = pytest.mark.django_db


def test_time_entry_defaults_from_client():
    client = ClientFactory(
        default_hourly_rate="100.00", billing_increment_minutes=15, minimum_billable_minutes=15
    )
    entry = TimeEntryFactory(client=client, actual_minutes=1)
    assert entry.billable_minutes == 15
    assert entry.hourly_rate == Decimal("100.00")
    assert entry.amount == Decimal("25.00")
    assert entry.ended_at - entry.started_at == datetime.timedelta(minutes=1)


def test_billed_entry_cannot_be_saved_or_deleted():
    entry = TimeEntryFactory()
    entry.billed = True
    entry.invoice_reference = "INV-1"
    entry.save()
    assert entry.billed_at is not None
    entry.description = "sneaky"
    with pytest.raises(BilledEntryLocked):
        entry.save()
    with pytest.raises(BilledEntryLocked):
        entry.delete()


def test_task_blocked_needs_reason_and_done_gets_completed_at():
    task = TaskFactory()
    task.status = "blocked"
    with pytest.raises(ValidationError) as exc:
        task.full_clean()
    assert "blocked_reason" in exc.value.message_dict
    task.status = "done"
    task.save()
    assert task.completed_at is not None
    task.status = "todo"
    task.save()
    assert task.completed_at is None


def test_task_parent_cycle_rejected():
    parent = TaskFactory()
    child = TaskFactory(client=parent.client, parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as exc:
        parent.full_clean()
    assert "parent" in exc.value.message_dict


def test_task_parent_of_other_client_rejected():
    parent = TaskFactory()
    with pytest.raises(ValidationError) as exc:
        TaskFactory(parent=parent)  # a new client
    assert "parent" in exc.value.message_dict


def test_infrastructure_change_host_must_match_session_client():
    session = WorkSessionFactory()
    with pytest.raises(ValidationError) as exc:
        InfrastructureChangeFactory(session=session)
    assert "infrastructure" in exc.value.message_dict
    change = InfrastructureChangeFactory(
        session=session, infrastructure=InfrastructureFactory(client=session.client), verified=True
    )
    assert change.verified_at is not None


def test_command_output_is_redacted():
    run = CommandRunFactory(
        command="mysql -u root --password=Hunter2Secret! db",
        output_excerpt="export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    assert "Hunter2Secret" not in run.command
    assert "wJalrXUtnFEMI" not in run.output_excerpt


def test_session_takes_client_from_project_and_rejects_other_client():
    project = ProjectFactory()
    session = WorkSessionFactory(client=None, project=project)
    assert session.client_id == project.client_id
    with pytest.raises(ValidationError) as exc:
        WorkSessionFactory(project=project)
    assert "project" in exc.value.message_dict


def test_session_claude_id_blank_is_null_and_unique_when_set():
    WorkSessionFactory(claude_session_id="")
    WorkSessionFactory(claude_session_id="  ")
    WorkSessionFactory(claude_session_id="abc")
    with pytest.raises(ValidationError):
        WorkSessionFactory(claude_session_id="abc")


def test_tags_unique_case_insensitively_and_shared_across_models():
    tag = Tag.objects.create(name="Exchange Online")
    assert tag.slug == "exchange-online"
    with pytest.raises(ValidationError):
        Tag.objects.create(name="exchange  online")
    session = WorkSessionFactory()
    session.tags.add(tag)
    assert TaggedItem.objects.filter(tag=tag, object_id=session.pk).exists()
    assert list(session.tags.names()) == ["Exchange Online"]


def test_repository_urls_share_one_key():
    ProjectFactory(repository_url="git@GitHub.com:Acme/Infra.git")
    with pytest.raises(ValidationError) as exc:
        ProjectFactory(repository_url="https://github.com/acme/infra/")
    assert "repository_url" in exc.value.message_dict


def test_seed_demo_adds_a_month_of_work_and_is_idempotent(capsys):
    from django.core.management import call_command

    from tracking.models import TimeEntry, WorkSession

    call_command("seed_demo")
    counts = (WorkSession.objects.count(), TimeEntry.objects.count(), Tag.objects.count())
    assert counts[0] >= 15 and counts[1] == counts[0]
    call_command("seed_demo")
    assert (WorkSession.objects.count(), TimeEntry.objects.count(), Tag.objects.count()) == counts
