from rest_framework import serializers

from msp.api.serializers import ModelCleanSerializer
from msp.models import Client, Site


class ClientSerializer(ModelCleanSerializer):
    contacts = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
        required=False,
        max_length=100,
        help_text='[{"name", "role"?, "email"?, "phone"?, "notes"?}]',
    )

    class Meta:
        model = Client
        fields = [
            "id",
            "display",
            "name",
            "client_type",
            "domain",
            "primary_contact_name",
            "primary_contact_email",
            "primary_contact_phone",
            "contacts",
            "default_hourly_rate",
            "billing_increment_minutes",
            "minimum_billable_minutes",
            "timezone",
            "is_active",
            "notes",
            "created_at",
            "updated_at",
        ]


class SiteSerializer(ModelCleanSerializer):
    dns_servers = serializers.ListField(
        child=serializers.CharField(max_length=45),
        required=False,
        max_length=64,
        help_text="IP addresses of the site's DNS servers.",
    )

    class Meta:
        model = Site
        fields = [
            "id",
            "display",
            "client",
            "name",
            "address",
            "vpn_required",
            "gateway_ip",
            "dns_servers",
            "timezone",
            "notes",
            "created_at",
            "updated_at",
        ]
