from rest_framework import serializers

from msp.api.serializers import ModelCleanSerializer
from msp.models import M365Tenant


class M365TenantSerializer(ModelCleanSerializer):
    licenses = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        max_length=200,
        help_text='[{"sku", "name"?, "total"?, "assigned"?}]',
    )

    class Meta:
        model = M365Tenant
        fields = [
            "id",
            "display",
            "client",
            "tenant_id",
            "tenant_name",
            "default_domain",
            "admin_email",
            "mfa_enforced",
            "licenses",
            "notes",
            "created_at",
            "updated_at",
        ]
