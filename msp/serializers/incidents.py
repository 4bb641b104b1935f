from msp.api.serializers import ModelCleanSerializer
from msp.models import SecurityIncident


class SecurityIncidentSerializer(ModelCleanSerializer):
    class Meta:
        model = SecurityIncident
        fields = [
            "id",
            "display",
            "client",
            "infrastructure",
            "service",
            "title",
            "incident_type",
            "severity",
            "status",
            "detected_at",
            "resolved_at",
            "findings",
            "remediation",
            "reported_by",
            "assigned_to",
            "notes",
            "created_at",
            "updated_at",
        ]
