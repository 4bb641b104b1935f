from rest_framework import serializers

from msp.api.serializers import ModelCleanSerializer
from msp.models import Infrastructure, Service


class InfrastructureSerializer(ModelCleanSerializer):
    class Meta:
        model = Infrastructure
        fields = [
            "id",
            "display",
            "client",
            "site",
            "asset_type",
            "hostname",
            "fqdn",
            "ip_address",
            "mac_address",
            "os",
            "os_version",
            "role",
            "parent",
            "status",
            "manufacturer",
            "hardware_model",
            "serial_number",
            "warranty_expires",
            "environmental_notes",
            "notes",
            "created_at",
            "updated_at",
        ]


class ServiceSerializer(ModelCleanSerializer):
    client = serializers.UUIDField(
        source="infrastructure.client_id",
        read_only=True,
        help_text="The client of the infrastructure.",
    )
    urls = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, max_length=50
    )
    depends_on = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(),
        many=True,
        required=False,
        help_text="Ids of services this one needs (same client).",
    )

    class Meta:
        model = Service
        fields = [
            "id",
            "display",
            "client",
            "infrastructure",
            "name",
            "service_type",
            "urls",
            "port",
            "protocol",
            "version",
            "status",
            "depends_on",
            "notes",
            "created_at",
            "updated_at",
        ]
