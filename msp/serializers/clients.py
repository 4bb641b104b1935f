from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from rest_framework import exceptions, serializers

from msp.api.serializers import ModelCleanSerializer
from msp.models import Client, Site
from msp.services import client_access


class ClientSerializer(ModelCleanSerializer):
    contacts = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
        required=False,
        max_length=100,
        help_text='[{"name", "role"?, "email"?, "phone"?, "notes"?}]',
    )
    teams = serializers.SlugRelatedField(
        many=True,
        slug_field="name",
        queryset=Group.objects.all(),
        required=False,
        help_text="Names of the groups whose members see this client; changing them needs "
        "msp.manage_client_access.",
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
            "teams",
            "notes",
            "created_at",
            "updated_at",
        ]

    def validate_teams(self, teams):
        request = self.context.get("request")
        if request is not None:
            try:
                client_access.check_teams_change(request.user, self.instance, teams)
            except PermissionDenied as exc:
                raise exceptions.PermissionDenied(str(exc)) from None
        return teams


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
