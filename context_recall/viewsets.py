"""Context recall API: thin viewsets, plus the recall endpoint."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from context_recall import selectors, services
from context_recall.filtersets import (
    ContextSnippetFilterSet,
    ConversationContextFilterSet,
    DecisionLogFilterSet,
    ProjectStateFilterSet,
)
from context_recall.models import ContextSnippet, ConversationContext, DecisionLog, ProjectState
from context_recall.permissions import CanRecall
from context_recall.serializers import (
    ContextSnippetSerializer,
    ConversationContextSerializer,
    DecisionLogSerializer,
    ProjectStateSerializer,
    RecallQuerySerializer,
    RecallSerializer,
)
from msp.api.views import BaseAPIView
from msp.api.viewsets import BaseModelViewSet
from msp.http import run_after_response
from msp.scoping import scope_for_user
from tracking.models import Project


class DedupCreateMixin:
    """Saving content that exists answers 200 with the existing (bumped) row."""

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        if response.data.get("deduplicated"):
            response.status_code = status.HTTP_200_OK
        return response


@extend_schema_view(
    create=extend_schema(
        responses={201: ConversationContextSerializer, 200: ConversationContextSerializer}
    )
)
class ConversationContextViewSet(DedupCreateMixin, BaseModelViewSet):
    """Compressed, redacted summaries of work sessions; same content saved twice is one row."""

    queryset = ConversationContext.objects.select_related("project").prefetch_related("tags")
    serializer_class = ConversationContextSerializer
    filterset_class = ConversationContextFilterSet
    search_fields = ["title", "summary", "current_state"]
    ordering_fields = ["created_at", "updated_at", "importance", "usage_count", "title"]


@extend_schema_view(
    create=extend_schema(responses={201: ContextSnippetSerializer, 200: ContextSnippetSerializer})
)
class ContextSnippetViewSet(DedupCreateMixin, BaseModelViewSet):
    """Knowledge for a project, a client (no project) or everyone (neither)."""

    queryset = ContextSnippet.objects.prefetch_related("tags")
    serializer_class = ContextSnippetSerializer
    filterset_class = ContextSnippetFilterSet
    search_fields = ["title", "content"]
    ordering_fields = ["created_at", "updated_at", "importance", "usage_count", "title"]


@extend_schema_view(
    create=extend_schema(responses={201: ProjectStateSerializer, 200: ProjectStateSerializer})
)
class ProjectStateViewSet(BaseModelViewSet):
    """One state per project. ``POST`` with a project that has one updates it;
    ``by-project/{project_id}/`` reads, and with ``PUT``/``PATCH`` upserts, by project."""

    queryset = ProjectState.objects.select_related("project")
    serializer_class = ProjectStateSerializer
    filterset_class = ProjectStateFilterSet
    search_fields = ["summary", "notes"]
    ordering_fields = ["created_at", "updated_at", "progress", "phase"]

    def create(self, request, *args, **kwargs):
        existed = (
            ProjectState.objects.filter(project_id=request.data.get("project")).exists()
            if (isinstance(request.data, dict) and _is_uuid(request.data.get("project")))
            else False
        )
        response = super().create(request, *args, **kwargs)
        if existed:
            response.status_code = status.HTTP_200_OK
        return response

    def get_object(self):
        # by-project/{project_id}/ (DRF's OPTIONS metadata calls this too).
        if "project_id" in self.kwargs:
            obj = get_object_or_404(self.get_queryset(), project_id=self.kwargs["project_id"])
            self.check_object_permissions(self.request, obj)
            return obj
        return super().get_object()

    @extend_schema(
        request=ProjectStateSerializer,
        responses={200: ProjectStateSerializer, 201: ProjectStateSerializer},
    )
    @action(
        detail=False,
        methods=["get", "put", "patch"],
        url_path="by-project/<uuid:project_id>",
        url_name="by-project",
    )
    def by_project(self, request, project_id=None):
        project = get_object_or_404(scope_for_user(Project.objects, request.user), pk=project_id)
        state = ProjectState.objects.filter(project=project).first()
        if request.method == "GET":
            if state is None:
                return Response(
                    {"detail": "This project has no state yet.", "code": "not_found"},
                    status=status.HTTP_404_NOT_FOUND,
                )
            return Response(self.get_serializer(state).data)
        data = (
            {**request.data, "project": str(project.pk)}
            if isinstance(request.data, dict)
            else request.data
        )
        serializer = self.get_serializer(state, data=data, partial=request.method == "PATCH")
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            saved, created = services.upsert_project_state(
                project,
                {k: v for k, v in serializer.validated_data.items() if k != "project"},
                partial=request.method == "PATCH",
            )
        return Response(
            self.get_serializer(saved).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class DecisionLogViewSet(BaseModelViewSet):
    """Decisions and why; a superseded decision links to its successor and leaves recall."""

    queryset = DecisionLog.objects.select_related("project").prefetch_related("tags")
    serializer_class = DecisionLogSerializer
    filterset_class = DecisionLogFilterSet
    search_fields = ["title", "decision", "rationale"]
    ordering_fields = ["created_at", "updated_at", "importance", "status"]


class RecallView(BaseAPIView):
    """The best memories of a project for a query, packed into a token budget."""

    permission_classes = [IsAuthenticated, CanRecall]
    extra_query_params = (
        "project", "q", "tags", "limit", "max_tokens", "min_score", "record_usage",
    )  # fmt: skip

    @extend_schema(
        parameters=[RecallQuerySerializer],
        responses=RecallSerializer,
        operation_id="recall",
    )
    def get(self, request):
        params = RecallQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        # Another client's project is "no such project", like a missing one.
        project = scope_for_user(Project.objects, request.user).filter(pk=data["project"]).first()
        if project is None:
            raise ValidationError({"project": ["No such project."]})
        tags = [t.strip() for t in data["tags"].split(",") if t.strip()]
        result = selectors.recall(
            project,
            q=data["q"],
            tags=tags,
            limit=data["limit"],
            max_tokens=data["max_tokens"],
            min_score=data["min_score"],
        )
        response = Response(RecallSerializer(result.as_dict()).data)
        if result.items and data["record_usage"]:
            # The usage bump is bookkeeping the caller never waits for.
            run_after_response(response, partial(services.bump_usage, result.recalled_ids()))
        return response
