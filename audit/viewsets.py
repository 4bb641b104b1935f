"""Read-only, staff-only API over both trails. Thin: queryset, serializer, filterset."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAdminUser, IsAuthenticated
from rest_framework.settings import api_settings

from audit.filtersets import ApiRequestLogFilterSet, AuditEventFilterSet
from audit.models import ApiRequestLog, AuditEvent
from audit.serializers import ApiRequestLogSerializer, AuditEventSerializer


def _filter_params(filterset_class) -> set[str]:
    names = set()
    for name, filter_ in filterset_class.base_filters.items():
        widget = filter_.field.widget
        suffixes = getattr(widget, "suffixes", None)  # range filters: name_after, ...
        names |= {widget.suffixed(name, s) for s in suffixes} if suffixes else {name}
    return names


class AuditReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, IsAdminUser]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The rest of the API's contract (the audit app cannot import its base class): a
        # mistyped filter is a 400, not a silently unfiltered list.
        allowed: set[str] = set()
        if self.action == "list":
            paginator = self.paginator
            allowed = {
                api_settings.SEARCH_PARAM,
                api_settings.ORDERING_PARAM,
                *_filter_params(self.filterset_class),
            }
            if paginator is not None:
                allowed |= {
                    getattr(paginator, "page_query_param", "page"),
                    getattr(paginator, "page_size_query_param", None) or "page_size",
                }
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError({name: ["Unknown query parameter."] for name in unknown})


class ApiRequestLogViewSet(AuditReadOnlyViewSet):
    """The request log: one row per API request (who, what, status, time taken), with
    bodies redacted. Staff only; rows are chained (HMAC) and cannot be edited."""

    queryset = ApiRequestLog.objects.order_by("-seq")
    serializer_class = ApiRequestLogSerializer
    filterset_class = ApiRequestLogFilterSet
    search_fields = ["request_id", "endpoint", "user_id", "error_message"]
    ordering_fields = [
        "seq",
        "timestamp",
        "response_status",
        "response_time_ms",
        "endpoint",
        "http_method",
    ]


class AuditEventViewSet(AuditReadOnlyViewSet):
    """Security events: logins, token use, credential reveals and changes, access
    changes. Staff only; rows are chained (HMAC) and cannot be edited."""

    queryset = AuditEvent.objects.order_by("-seq")
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    search_fields = ["request_id", "event_type", "actor_repr", "target_repr"]
    ordering_fields = ["seq", "timestamp", "event_type", "actor_repr", "target_type"]
