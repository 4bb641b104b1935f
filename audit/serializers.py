from __future__ import annotations

from rest_framework import serializers

from audit.models import ApiRequestLog, AuditEvent


class ApiRequestLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiRequestLog
        # The chained fields in chain order, between the row's place and its MACs.
        fields = ["id", "seq", *ApiRequestLog.MAC_FIELDS, "prev_mac", "mac"]
        read_only_fields = fields


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "seq", *AuditEvent.MAC_FIELDS, "prev_mac", "mac"]
        read_only_fields = fields
