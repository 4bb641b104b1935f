from __future__ import annotations

from rest_framework import serializers

from audit.models import ApiRequestLog, AuditEvent


class ApiRequestLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiRequestLog
        fields = [
            "id",
            "seq",
            "timestamp",
            "request_id",
            "user_id",
            "auth_kind",
            "endpoint",
            "http_method",
            "ip_address",
            "user_agent",
            "request_body",
            "response_status",
            "response_time_ms",
            "error_message",
            "prev_mac",
            "mac",
        ]
        read_only_fields = fields


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "seq",
            "timestamp",
            "event_type",
            "actor_id",
            "actor_repr",
            "ip_address",
            "target_type",
            "target_id",
            "target_repr",
            "details",
            "request_id",
            "prev_mac",
            "mac",
        ]
        read_only_fields = fields
