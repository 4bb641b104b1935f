from __future__ import annotations

import django_filters

from audit.models import ApiRequestLog, AuditEvent


class ApiRequestLogFilterSet(django_filters.FilterSet):
    endpoint = django_filters.CharFilter(lookup_expr="icontains")
    # ?timestamp_after=...&timestamp_before=... (ISO 8601, both ends inclusive)
    timestamp = django_filters.IsoDateTimeFromToRangeFilter()

    class Meta:
        model = ApiRequestLog
        fields = [
            "request_id",
            "user_id",
            "auth_kind",
            "http_method",
            "response_status",
            "ip_address",
            "endpoint",
            "timestamp",
        ]


class AuditEventFilterSet(django_filters.FilterSet):
    timestamp = django_filters.IsoDateTimeFromToRangeFilter()

    class Meta:
        model = AuditEvent
        fields = [
            "event_type",
            "actor_id",
            "target_type",
            "target_id",
            "request_id",
            "ip_address",
            "timestamp",
        ]
