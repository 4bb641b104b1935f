"""django-filter filtersets of the tracking app (``<Model>FilterSet``).

Relations filter as ``<fk>_id``, users as ``<field>_id`` (an integer), times as
``<field>__gte`` / ``<field>__lte``, tags as ``tag=<name>`` (case-insensitive).
"""

from __future__ import annotations

import django_filters as filters

from msp.filtersets import MAX_DB_INTEGER, BaseFilterSet
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


def user_filter(field_name: str) -> filters.NumberFilter:
    return filters.NumberFilter(field_name=field_name, min_value=1, max_value=MAX_DB_INTEGER)


class TagFilterMixin(filters.FilterSet):
    tag = filters.CharFilter(method="filter_tag", max_length=100, help_text="A tag name.")

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__name__iexact=value).distinct()


class MachineFilterSet(BaseFilterSet):
    owner_id = user_filter("owner")
    hostname = filters.CharFilter(lookup_expr="iexact")
    last_seen_at__gte = filters.IsoDateTimeFilter(field_name="last_seen_at", lookup_expr="gte")

    class Meta:
        model = Machine
        fields = ["owner_id", "hostname", "fingerprint", "platform", "is_active"]


class ProjectFilterSet(BaseFilterSet):
    client_id = filters.UUIDFilter(field_name="client")
    slug = filters.CharFilter()
    repository_url = filters.CharFilter(
        method="filter_repository_url",
        max_length=500,
        help_text="Any spelling of the repository URL (it is normalised first).",
    )

    class Meta:
        model = Project
        fields = ["client_id", "slug", "status", "repository_url"]

    def filter_repository_url(self, queryset, name, value):
        from tracking.repository_urls import InvalidRepositoryURL, normalize_repository_url

        try:
            return queryset.filter(repository_key=normalize_repository_url(value))
        except InvalidRepositoryURL:
            return queryset.none()


class ProjectPathFilterSet(BaseFilterSet):
    project_id = filters.UUIDFilter(field_name="project")
    machine_id = filters.UUIDFilter(field_name="machine")

    class Meta:
        model = ProjectPath
        fields = ["project_id", "machine_id", "path"]


class TagFilterSet(BaseFilterSet):
    name = filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Tag
        fields = ["name", "slug", "category"]


class WorkSessionFilterSet(BaseFilterSet, TagFilterMixin):
    client_id = filters.UUIDFilter(field_name="client")
    project_id = filters.UUIDFilter(field_name="project")
    machine_id = filters.UUIDFilter(field_name="machine")
    technician_id = user_filter("technician")
    started_at__gte = filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    started_at__lte = filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="lte")

    class Meta:
        model = WorkSession
        fields = [
            "client_id",
            "project_id",
            "machine_id",
            "technician_id",
            "status",
            "is_billable",
            "claude_session_id",
            "tag",
        ]


class WorkItemFilterSet(BaseFilterSet, TagFilterMixin):
    session_id = filters.UUIDFilter(field_name="session")
    client_id = filters.UUIDFilter(field_name="session__client")
    project_id = filters.UUIDFilter(field_name="session__project")
    technician_id = user_filter("session__technician")
    infrastructure_id = filters.UUIDFilter(field_name="affected_infrastructure", distinct=True)
    completed_at__gte = filters.IsoDateTimeFilter(field_name="completed_at", lookup_expr="gte")
    completed_at__lte = filters.IsoDateTimeFilter(field_name="completed_at", lookup_expr="lte")

    class Meta:
        model = WorkItem
        fields = [
            "session_id",
            "client_id",
            "project_id",
            "technician_id",
            "infrastructure_id",
            "category",
            "status",
            "priority",
            "is_billable",
            "tag",
        ]


class TaskFilterSet(BaseFilterSet):
    client_id = filters.UUIDFilter(field_name="client")
    project_id = filters.UUIDFilter(field_name="project")
    origin_session_id = filters.UUIDFilter(field_name="origin_session")
    parent_id = filters.UUIDFilter(field_name="parent")
    assignee_id = user_filter("assignee")
    due_date__gte = filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_date__lte = filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Task
        fields = [
            "client_id",
            "project_id",
            "origin_session_id",
            "parent_id",
            "assignee_id",
            "status",
            "priority",
        ]


class TimeEntryFilterSet(BaseFilterSet):
    client_id = filters.UUIDFilter(field_name="client")
    project_id = filters.UUIDFilter(field_name="session__project")
    session_id = filters.UUIDFilter(field_name="session")
    work_item_id = filters.UUIDFilter(field_name="work_item")
    technician_id = user_filter("technician")
    started_at__gte = filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    started_at__lte = filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="lte")

    class Meta:
        model = TimeEntry
        fields = [
            "client_id",
            "project_id",
            "session_id",
            "work_item_id",
            "technician_id",
            "category",
            "is_billable",
            "billed",
            "invoice_reference",
        ]


class SessionEvidenceFilterSet(BaseFilterSet):
    """Evidence hangs off a session: filter by it, its client, project and technician."""

    session_id = filters.UUIDFilter(field_name="session")
    work_item_id = filters.UUIDFilter(field_name="work_item")
    client_id = filters.UUIDFilter(field_name="session__client")
    project_id = filters.UUIDFilter(field_name="session__project")
    technician_id = user_filter("session__technician")


class CommandRunFilterSet(SessionEvidenceFilterSet):
    machine_id = filters.UUIDFilter(field_name="machine")
    exit_code = filters.NumberFilter(min_value=-(2**31), max_value=2**31 - 1)
    ran_at__gte = filters.IsoDateTimeFilter(field_name="ran_at", lookup_expr="gte")
    ran_at__lte = filters.IsoDateTimeFilter(field_name="ran_at", lookup_expr="lte")

    class Meta:
        model = CommandRun
        fields = ["machine_id", "exit_code"]


class FileChangeFilterSet(SessionEvidenceFilterSet):
    changed_at__gte = filters.IsoDateTimeFilter(field_name="changed_at", lookup_expr="gte")
    changed_at__lte = filters.IsoDateTimeFilter(field_name="changed_at", lookup_expr="lte")

    class Meta:
        model = FileChange
        fields = ["change_type", "path"]


class ProblemSolutionFilterSet(SessionEvidenceFilterSet, TagFilterMixin):
    client_id = filters.UUIDFilter(field_name="client")
    infrastructure_id = filters.UUIDFilter(field_name="infrastructure")
    solved_at__gte = filters.IsoDateTimeFilter(field_name="solved_at", lookup_expr="gte")
    solved_at__lte = filters.IsoDateTimeFilter(field_name="solved_at", lookup_expr="lte")

    class Meta:
        model = ProblemSolution
        fields = ["client_id", "infrastructure_id", "tag"]


class InfrastructureChangeFilterSet(SessionEvidenceFilterSet):
    client_id = filters.UUIDFilter(field_name="infrastructure__client")
    infrastructure_id = filters.UUIDFilter(field_name="infrastructure")
    changed_at__gte = filters.IsoDateTimeFilter(field_name="changed_at", lookup_expr="gte")
    changed_at__lte = filters.IsoDateTimeFilter(field_name="changed_at", lookup_expr="lte")

    class Meta:
        model = InfrastructureChange
        fields = ["client_id", "infrastructure_id", "change_type", "verified"]
