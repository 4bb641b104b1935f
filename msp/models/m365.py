"""Microsoft 365 tenants of clients."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from msp.models.base import BaseModel, NotesMixin
from msp.models.clients import Client
from msp.models.fields import DomainNameField, TenantIdField


def validate_licenses(value) -> None:
    """``licenses``: ``[{"sku": "O365_BUSINESS_PREMIUM", "total": 25, "assigned": 23}]``."""
    if not isinstance(value, list):
        raise ValidationError("Enter a list of licences.", code="invalid")
    for index, item in enumerate(value, start=1):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("sku"), str)
            or not item["sku"].strip()
        ):
            raise ValidationError(
                "Licence %(index)d needs a “sku”.", code="invalid", params={"index": index}
            )
        unknown = set(item) - {"sku", "name", "total", "assigned"}
        if unknown:
            raise ValidationError(
                "Licence %(index)d has unknown keys: %(keys)s.",
                code="invalid",
                params={"index": index, "keys": ", ".join(sorted(unknown))},
            )
        if "name" in item and not isinstance(item["name"], str):
            raise ValidationError(
                "Licence %(index)d: “name” must be text.", code="invalid", params={"index": index}
            )
        for key in ("total", "assigned"):
            count = item.get(key, 0)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValidationError(
                    "Licence %(index)d: “%(key)s” must be a count >= 0.",
                    code="invalid",
                    params={"index": index, "key": key},
                )
        if item.get("assigned", 0) > item.get("total", 0) > 0:
            raise ValidationError(
                "Licence %(index)d: more assigned than bought.",
                code="invalid",
                params={"index": index},
            )


class M365Tenant(BaseModel, NotesMixin):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="m365_tenants")
    tenant_id = TenantIdField(
        unique=True, verbose_name="tenant id", help_text="Entra (Azure AD) directory id, a GUID."
    )
    tenant_name = models.CharField(max_length=200)
    default_domain = DomainNameField(blank=True, help_text="e.g. contoso.onmicrosoft.com")
    admin_email = models.EmailField(blank=True, help_text="Break-glass / admin account.")
    mfa_enforced = models.BooleanField(default=False, verbose_name="MFA enforced")
    licenses = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_licenses],
        help_text='[{"sku", "name"?, "total"?, "assigned"?}]',
    )

    class Meta(BaseModel.Meta):
        ordering = ["client__name", "tenant_name"]
        verbose_name = "Microsoft 365 tenant"

    def __str__(self) -> str:
        return f"{self.tenant_name} ({self.default_domain or self.tenant_id})"

    def clean(self) -> None:
        super().clean()
        if (
            not self._state.adding
            and self.client_id is not None
            and self.credentials.exclude(client_id=self.client_id).exists()
        ):
            raise ValidationError(
                {
                    "client": ValidationError(
                        "Credentials of the current client belong to this tenant; move "
                        "them before giving the tenant to another client.",
                        code="has_children",
                    )
                }
            )
