"""tracking API viewsets: each names its queryset (joined/prefetched so that a list costs
the same number of queries whatever its length), serializer, filterset, search and
ordering. Time entries add the billed lock (409), mark-billed and the billing report."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import BasePermission, DjangoModelPermissions, IsAuthenticated
from rest_framework.response import Response

from msp.api.exceptions import Conflict
from msp.api.schema import ErrorSerializer
from msp.api.serializers import drf_detail
from msp.api.viewsets import BaseModelViewSet
from msp.scoping import visible_clients
from tracking import filtersets, selectors
from tracking.models import (
    BilledEntryLocked,
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
from tracking.serializers import (
    BillingReportQuerySerializer,
    CommandRunSerializer,
    FileChangeSerializer,
    InfrastructureChangeSerializer,
    MachineSerializer,
    MarkBilledSerializer,
    ProblemSolutionSerializer,
    ProjectPathSerializer,
    ProjectSerializer,
    TagSerializer,
    TaskSerializer,
    TimeEntrySerializer,
    WorkItemSerializer,
    WorkSessionSerializer,
)
from tracking.serializers.time import (
    MarkBilledResultSerializer,
    UnbillResultSerializer,
    UnbillSerializer,
)
from tracking.services import projects, time_entries

TIMESTAMPS = ["created_at", "updated_at"]


class MachineViewSet(BaseModelViewSet):
    """Machines technicians work on; ``owner`` defaults to the requesting user."""

    queryset = Machine.objects.all()
    serializer_class = MachineSerializer
    filterset_class = filtersets.MachineFilterSet
    search_fields = ["hostname", "fingerprint", "username", "os_version", "notes"]
    ordering_fields = ["hostname", "platform", "last_seen_at", *TIMESTAMPS]


class ProjectViewSet(BaseModelViewSet):
    """Projects; ``repository_url`` is normalised to ``repository_key`` (unique)."""

    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    search_fields = ["name", "slug", "description", "repository_url", "notes"]
    ordering_fields = ["name", "slug", "status", "start_date", "end_date", *TIMESTAMPS]

    def perform_update(self, serializer):
        old_client_id = serializer.instance.client_id
        try:
            with transaction.atomic():
                project = serializer.save()
                projects.follow_project_client(project, old_client_id)
        except DjangoValidationError as exc:
            raise ValidationError(drf_detail(exc)) from None


class ProjectPathViewSet(BaseModelViewSet):
    """Where a project is checked out on a machine (unique per machine)."""

    queryset = ProjectPath.objects.select_related("machine")
    serializer_class = ProjectPathSerializer
    filterset_class = filtersets.ProjectPathFilterSet
    search_fields = ["path"]
    ordering_fields = ["path", *TIMESTAMPS]


class TagViewSet(BaseModelViewSet):
    """Tags shared by sessions, work items, problem solutions, infrastructure and recall."""

    queryset = Tag.objects.annotate(usage_count=Count("tagged_items")).order_by("name")
    serializer_class = TagSerializer
    filterset_class = filtersets.TagFilterSet
    search_fields = ["name", "slug", "description"]
    ordering_fields = ["name", "category", "usage_count", *TIMESTAMPS]


class WorkSessionViewSet(BaseModelViewSet):
    """Work sessions; ``technician`` defaults to the requesting user."""

    queryset = WorkSession.objects.prefetch_related("tags")
    serializer_class = WorkSessionSerializer
    filterset_class = filtersets.WorkSessionFilterSet
    search_fields = ["title", "summary", "ticket_reference", "claude_session_id", "notes"]
    ordering_fields = ["started_at", "ended_at", "status", "title", *TIMESTAMPS]


class WorkItemViewSet(BaseModelViewSet):
    """Work items of sessions; affected assets must be the session's client's."""

    queryset = WorkItem.objects.select_related("session").prefetch_related(
        "tags", "affected_infrastructure"
    )
    serializer_class = WorkItemSerializer
    filterset_class = filtersets.WorkItemFilterSet
    search_fields = ["title", "description", "notes"]
    ordering_fields = ["order", "status", "priority", "completed_at", "title", *TIMESTAMPS]


class TaskViewSet(BaseModelViewSet):
    """Tasks with subtasks; blocked needs ``blocked_reason``, done stamps ``completed_at``."""

    queryset = Task.objects.all()
    serializer_class = TaskSerializer
    filterset_class = filtersets.TaskFilterSet
    search_fields = ["title", "description", "blocked_reason", "notes"]
    ordering_fields = ["due_date", "status", "priority", "title", "completed_at", *TIMESTAMPS]


class CanChangeTimeEntries(DjangoModelPermissions):
    """mark-billed is a POST that changes entries: it needs ``change_timeentry``."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "POST": ["%(app_label)s.change_%(model_name)s"],
    }


class CanUnbill(BasePermission):
    """Unbilling is a manager's grant, apart from changing entries."""

    message = "Unbilling needs the tracking.unbill_timeentry permission."

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm(time_entries.UNBILL_PERMISSION)


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """The report's ``format`` parameter picks JSON or CSV itself; DRF must not read it
    as its own format override (which would answer 404 for ``csv``)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class TimeEntryViewSet(BaseModelViewSet):
    """Time entries. ``billable_minutes`` and ``amount`` are computed from the client's
    billing rules (docs/billing.md). A billed entry answers 409 to any edit or delete
    (the lock is the model's; this class only translates it); an unbilled one is billed
    with ``PATCH {"billed": true, "invoice_reference": ...}``
    or in bulk with ``POST time-entries/mark-billed/``, and taken back (with a reason, by
    a manager) with ``POST time-entries/unbill/``."""

    queryset = TimeEntry.objects.all()
    serializer_class = TimeEntrySerializer
    filterset_class = filtersets.TimeEntryFilterSet
    search_fields = ["description", "invoice_reference", "notes"]
    ordering_fields = ["started_at", "amount", "billable_minutes", "billed_at", *TIMESTAMPS]

    def allowed_query_params(self) -> set[str]:
        allowed = super().allowed_query_params()
        if self.action == "report":
            allowed |= set(BillingReportQuerySerializer().fields)
        return allowed

    def handle_exception(self, exc):
        # The billed lock is the model's (it raises from clean, save and delete); the API
        # only says it as a 409.
        if isinstance(exc, BilledEntryLocked):
            exc = Conflict(exc.message, code="billed")
        return super().handle_exception(exc)

    @extend_schema(
        request=MarkBilledSerializer,
        responses={
            200: MarkBilledResultSerializer,
            409: OpenApiResponse(ErrorSerializer, description="An entry is billed already."),
        },
        description="Marks the entries billed, all or none. Needs `change_timeentry`.",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="mark-billed",
        permission_classes=[IsAuthenticated, CanChangeTimeEntries],
    )
    def mark_billed(self, request):
        query = MarkBilledSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            batch = time_entries.mark_billed(
                query.validated_data["ids"],
                query.validated_data["invoice_reference"],
                among=self.get_queryset(),
            )
        except DjangoValidationError as exc:
            raise ValidationError(drf_detail(exc)) from None
        return Response(MarkBilledResultSerializer(batch).data)

    @extend_schema(
        request=UnbillSerializer,
        responses={200: UnbillResultSerializer},
        description="Takes billed entries back to unbilled, all or none, with a reason "
        "recorded per entry in the audit trail. Needs `tracking.unbill_timeentry` (a "
        "manager's grant); an entry that is not billed is a 400.",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="unbill",
        permission_classes=[IsAuthenticated, CanChangeTimeEntries, CanUnbill],
    )
    def unbill(self, request):
        query = UnbillSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            batch = time_entries.unbill(
                query.validated_data["ids"],
                actor=request.user,
                reason=query.validated_data["reason"],
                among=self.get_queryset(),
                request=request,
            )
        except DjangoValidationError as exc:
            raise ValidationError(drf_detail(exc)) from None
        return Response(UnbillResultSerializer(batch).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("client", OpenApiTypes.UUID, required=True),
            OpenApiParameter(
                "month", OpenApiTypes.STR, required=True, description="YYYY-MM (client's zone)."
            ),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"], default="json"),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
        },
        description="Monthly billing report of one client: entries, per-technician and "
        "per-category totals and a grand total (the sum of the entries). The month is "
        "bounded in the client's time zone.",
    )
    @action(
        detail=False,
        methods=["get"],
        content_negotiation_class=JSONOnlyNegotiation,
        filter_backends=[],
        pagination_class=None,
    )
    def report(self, request):
        query = BillingReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        client = visible_clients(request.user).filter(pk=query.validated_data["client"]).first()
        if client is None:
            raise ValidationError({"client": ["No such client."]})
        year, month = query.validated_data["month"]
        report = selectors.billing_report(client, year, month)
        if query.validated_data["format"] == "csv":
            response = HttpResponse(
                "\ufeff" + selectors.billing_report_csv(report),
                content_type="text/csv; charset=utf-8",
            )
            filename = f"billing-{report.month_label}-{client.pk}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return Response(report.as_dict())


class CommandRunViewSet(BaseModelViewSet):
    """Commands run in a session; command and output are stored redacted."""

    queryset = CommandRun.objects.all()
    serializer_class = CommandRunSerializer
    filterset_class = filtersets.CommandRunFilterSet
    search_fields = ["command", "output_excerpt", "working_directory"]
    ordering_fields = ["ran_at", "exit_code", *TIMESTAMPS]


class FileChangeViewSet(BaseModelViewSet):
    queryset = FileChange.objects.all()
    serializer_class = FileChangeSerializer
    filterset_class = filtersets.FileChangeFilterSet
    search_fields = ["path", "previous_path", "summary"]
    ordering_fields = ["changed_at", "path", *TIMESTAMPS]


class ProblemSolutionViewSet(BaseModelViewSet):
    """Problems solved: symptom, root cause, resolution, verification (recallable)."""

    queryset = ProblemSolution.objects.prefetch_related("tags")
    serializer_class = ProblemSolutionSerializer
    filterset_class = filtersets.ProblemSolutionFilterSet
    search_fields = ["title", "symptom", "root_cause", "resolution", "verification", "notes"]
    ordering_fields = ["solved_at", "title", *TIMESTAMPS]


class InfrastructureChangeViewSet(BaseModelViewSet):
    """Changes to assets: before/after state, rollback plan, verification."""

    queryset = InfrastructureChange.objects.select_related("infrastructure")
    serializer_class = InfrastructureChangeSerializer
    filterset_class = filtersets.InfrastructureChangeFilterSet
    search_fields = ["title", "description", "before_state", "after_state", "rollback_plan"]
    ordering_fields = ["changed_at", "verified", "title", *TIMESTAMPS]
