"""factory_boy factories of the tracking app (context_recall's tests may use them)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import ClientFactory
from tracking.models import (
    CommandRun,
    FileChange,
    InfrastructureChange,
    Machine,
    ProblemSolution,
    Project,
    ProjectPath,
    Tag,
    Task,
    TimeEntry,
    WorkItem,
    WorkSession,
)

BASE_TIME = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


class MachineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Machine

    owner = factory.SubFactory(UserFactory)
    hostname = factory.Sequence(lambda n: f"laptop-{n:03d}")
    fingerprint = factory.Sequence(lambda n: f"fp-{n:040d}")
    platform = "linux"
    os_version = "Ubuntu 24.04"
    username = "tech"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    client = factory.SubFactory(ClientFactory)
    repository_url = factory.Sequence(lambda n: f"git@git.example.com:msp/repo-{n}.git")


class ProjectPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPath

    project = factory.SubFactory(ProjectFactory)
    machine = factory.SubFactory(MachineFactory)
    path = factory.Sequence(lambda n: f"/home/tech/src/repo-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")
    category = "technology"


class WorkSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkSession

    technician = factory.SubFactory(UserFactory)
    client = factory.SubFactory(ClientFactory)
    project = None
    machine = None
    title = factory.Sequence(lambda n: f"Session {n}")
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    status = "active"


class WorkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItem

    session = factory.SubFactory(WorkSessionFactory)
    category = "troubleshooting"
    title = factory.Sequence(lambda n: f"Work item {n}")
    status = "in_progress"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    title = factory.Sequence(lambda n: f"Task {n}")
    client = factory.SubFactory(ClientFactory)
    status = "todo"


class TimeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeEntry

    technician = factory.SubFactory(UserFactory)
    client = factory.SubFactory(ClientFactory)
    started_at = BASE_TIME
    actual_minutes = 50
    category = "maintenance"


class CommandRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommandRun

    session = factory.SubFactory(WorkSessionFactory)
    command = factory.Sequence(lambda n: f"systemctl status svc{n}")
    exit_code = 0


class FileChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FileChange

    session = factory.SubFactory(WorkSessionFactory)
    path = factory.Sequence(lambda n: f"/etc/app/config{n}.yml")
    change_type = "modified"


class ProblemSolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemSolution

    client = factory.SubFactory(ClientFactory)
    title = factory.Sequence(lambda n: f"Problem {n}")
    symptom = "Users cannot log in"
    resolution = "Restarted the NPS service"


class InfrastructureChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfrastructureChange

    infrastructure = factory.SubFactory("msp.testing.inventory_factories.InfrastructureFactory")
    title = factory.Sequence(lambda n: f"Change {n}")
    before_state = "TLS 1.0 enabled"
    after_state = "TLS 1.2 only"
    rollback_plan = "Re-enable TLS 1.0 in the registry"
