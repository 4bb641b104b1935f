"""Filtersets of context recall: project, client, type/category, tag, date range."""

from __future__ import annotations

import django_filters as filters

from context_recall.models import ContextSnippet, ConversationContext, DecisionLog, ProjectState
from msp.filtersets import BaseFilterSet


class TagFilterMixin(filters.FilterSet):
    tag = filters.CharFilter(method="filter_tag", max_length=100, help_text="A tag name.")

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__name__iexact=value).distinct()


class ConversationContextFilterSet(TagFilterMixin, BaseFilterSet):
    project_id = filters.UUIDFilter(field_name="project")
    client_id = filters.UUIDFilter(field_name="client")
    session_id = filters.UUIDFilter(field_name="session")
    machine_id = filters.UUIDFilter(field_name="machine")

    class Meta:
        model = ConversationContext
        fields = [
            "project_id", "client_id", "session_id", "machine_id", "context_type",
            "claude_session_id", "tag",
        ]  # fmt: skip


class ContextSnippetFilterSet(TagFilterMixin, BaseFilterSet):
    project_id = filters.UUIDFilter(field_name="project")
    client_id = filters.UUIDFilter(field_name="client")
    scope = filters.ChoiceFilter(
        choices=[("project", "project"), ("client", "client"), ("global", "global")],
        method="filter_scope",
    )

    class Meta:
        model = ContextSnippet
        fields = ["project_id", "client_id", "category", "scope", "tag"]

    def filter_scope(self, queryset, name, value):
        if value == "project":
            return queryset.filter(project__isnull=False)
        if value == "client":
            return queryset.filter(project__isnull=True, client__isnull=False)
        return queryset.filter(project__isnull=True, client__isnull=True)


class ProjectStateFilterSet(BaseFilterSet):
    project_id = filters.UUIDFilter(field_name="project")
    client_id = filters.UUIDFilter(field_name="project__client")

    class Meta:
        model = ProjectState
        fields = ["project_id", "client_id", "phase"]


class DecisionLogFilterSet(TagFilterMixin, BaseFilterSet):
    project_id = filters.UUIDFilter(field_name="project")
    client_id = filters.UUIDFilter(field_name="project__client")
    session_id = filters.UUIDFilter(field_name="session")

    class Meta:
        model = DecisionLog
        fields = ["project_id", "client_id", "session_id", "decision_type", "status", "tag"]
