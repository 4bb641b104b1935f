from rest_framework import serializers

from msp.api.serializers import ModelCleanSerializer
from msp.models import FirewallRule, Infrastructure, Network


class NetworkSerializer(ModelCleanSerializer):
    dns_servers = serializers.ListField(
        child=serializers.CharField(max_length=45), required=False, max_length=64
    )

    class Meta:
        model = Network
        fields = [
            "id",
            "display",
            "client",
            "site",
            "name",
            "network_type",
            "cidr",
            "vlan_id",
            "gateway",
            "dns_servers",
            "dhcp_enabled",
            "notes",
            "created_at",
            "updated_at",
        ]


class FirewallRuleSerializer(ModelCleanSerializer):
    client = serializers.UUIDField(
        source="firewall.client_id", read_only=True, help_text="The client of the firewall."
    )
    # Any asset is accepted here so that a switch answers "not a firewall" (the model's
    # message) rather than "does not exist".
    firewall = serializers.PrimaryKeyRelatedField(
        queryset=Infrastructure.objects.all(),
        help_text="Id of the infrastructure (type firewall or router).",
    )

    class Meta:
        model = FirewallRule
        fields = [
            "id",
            "display",
            "client",
            "firewall",
            "position",
            "name",
            "action",
            "protocol",
            "source_zone",
            "source",
            "destination_zone",
            "destination",
            "destination_ports",
            "enabled",
            "log",
            "notes",
            "created_at",
            "updated_at",
        ]
