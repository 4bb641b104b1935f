"""Admin of the inventory, laid out for technicians: what they scan first on the left,
filters for client / site / type / status, search on names, addresses and notes.

Every form runs the model's ``full_clean`` (Django's ModelForm) and, through
``InventoryAdminForm``, the model's ``clean_m2m``: the same rules as the API.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from msp import client_access
from msp.models import (
    Client,
    FirewallRule,
    Infrastructure,
    M365Tenant,
    Network,
    SecurityIncident,
    Service,
    Site,
)
from msp.models.infrastructure import FIREWALL_TYPES
from msp.scoping import MANAGE_CLIENT_ACCESS, ScopedAdminMixin

related_only = admin.RelatedOnlyFieldListFilter


class InventoryAdminForm(forms.ModelForm):
    """Adds the model's many-to-many checks (``clean_m2m``) to the usual ``full_clean``."""

    def _post_clean(self):
        super()._post_clean()
        clean_m2m = getattr(self.instance, "clean_m2m", None)
        if clean_m2m is None:
            return
        values = {
            f.name: self.cleaned_data[f.name]
            for f in self.instance._meta.many_to_many
            if f.name in self.cleaned_data
        }
        if values:
            try:
                clean_m2m(**values)
            except ValidationError as exc:
                self._update_errors(exc)


class InventoryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = InventoryAdminForm
    readonly_fields = ("id", "created_at", "updated_at")
    list_per_page = 100
    show_full_result_count = False


class ClientScopedInline:
    """Inline of a client's page whose ``site`` choices are that client's sites only."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = (
                Site.objects.filter(client_id=object_id) if object_id else Site.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SiteInline(ScopedAdminMixin, admin.TabularInline):
    model = Site
    form = InventoryAdminForm
    fields = ("name", "address", "vpn_required", "gateway_ip", "timezone")
    extra = 0
    show_change_link = True


class NetworkInline(ClientScopedInline, ScopedAdminMixin, admin.TabularInline):
    model = Network
    form = InventoryAdminForm
    fields = ("name", "site", "network_type", "cidr", "vlan_id", "gateway", "dhcp_enabled")
    extra = 0
    show_change_link = True


class M365TenantInline(ScopedAdminMixin, admin.TabularInline):
    model = M365Tenant
    form = InventoryAdminForm
    fields = ("tenant_name", "tenant_id", "default_domain", "admin_email", "mfa_enforced")
    extra = 0
    show_change_link = True


@admin.register(Client)
class ClientAdmin(InventoryAdmin):
    list_display = (
        "name",
        "client_type",
        "is_active",
        "domain",
        "primary_contact_name",
        "primary_contact_phone",
        "default_hourly_rate",
        "timezone",
    )
    list_filter = ("is_active", "client_type")
    search_fields = ("name", "domain", "primary_contact_name", "primary_contact_email", "notes")
    inlines = (SiteInline, NetworkInline, M365TenantInline)
    fieldsets = (
        (None, {"fields": ("name", "client_type", "is_active", "domain", "timezone")}),
        (
            "Contacts",
            {
                "fields": (
                    "primary_contact_name",
                    "primary_contact_email",
                    "primary_contact_phone",
                    "contacts",
                )
            },
        ),
        (
            "Billing",
            {
                "fields": (
                    "default_hourly_rate",
                    "billing_increment_minutes",
                    "minimum_billable_minutes",
                )
            },
        ),
        ("Access", {"fields": ("teams",)}),
        ("Notes", {"fields": ("notes",)}),
        ("Record", {"fields": ("id", "created_at", "updated_at"), "classes": ("collapse",)}),
    )
    filter_horizontal = ("teams",)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not request.user.has_perm(MANAGE_CLIENT_ACCESS):
            return (*readonly, "teams")
        return readonly

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            client_access.give_creator_access(form.instance, request.user)


@admin.register(Site)
class SiteAdmin(InventoryAdmin):
    list_display = ("name", "client", "vpn_required", "gateway_ip", "timezone")
    list_filter = (("client", related_only), "vpn_required")
    list_select_related = ("client",)
    search_fields = ("name", "address", "notes", "client__name")
    autocomplete_fields = ("client",)


class ServiceInline(ScopedAdminMixin, admin.TabularInline):
    model = Service
    form = InventoryAdminForm
    fk_name = "infrastructure"
    fields = ("name", "service_type", "port", "protocol", "version", "status")
    extra = 0
    show_change_link = True


class FirewallRuleInline(ScopedAdminMixin, admin.TabularInline):
    model = FirewallRule
    form = InventoryAdminForm
    fields = (
        "position",
        "name",
        "action",
        "protocol",
        "source",
        "destination",
        "destination_ports",
        "enabled",
    )
    extra = 0
    ordering = ("position",)


@admin.register(Infrastructure)
class InfrastructureAdmin(InventoryAdmin):
    list_display = (
        "hostname",
        "asset_type",
        "status",
        "ip_address",
        "client",
        "site",
        "role",
        "os",
        "parent",
        "warranty_expires",
    )
    list_filter = (("client", related_only), ("site", related_only), "asset_type", "status")
    list_select_related = ("client", "site__client", "parent")
    search_fields = (
        "hostname",
        "fqdn",
        "ip_address",
        "mac_address",
        "serial_number",
        "role",
        "notes",
        "environmental_notes",
    )
    autocomplete_fields = ("client", "site", "parent")
    fieldsets = (
        (
            None,
            {"fields": ("client", "site", "asset_type", "hostname", "status", "role", "parent")},
        ),
        ("Network", {"fields": ("fqdn", "ip_address", "mac_address")}),
        (
            "System",
            {
                "fields": (
                    "os",
                    "os_version",
                    "manufacturer",
                    "hardware_model",
                    "serial_number",
                    "warranty_expires",
                )
            },
        ),
        ("Notes", {"fields": ("environmental_notes", "notes")}),
        ("Record", {"fields": ("id", "created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (ServiceInline, FirewallRuleInline)

    def get_inline_instances(self, request, obj=None):
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if not isinstance(inline, FirewallRuleInline)
            or (obj is not None and obj.asset_type in FIREWALL_TYPES)
        ]


@admin.register(Service)
class ServiceAdmin(InventoryAdmin):
    list_display = (
        "name",
        "infrastructure",
        "client_name",
        "service_type",
        "port",
        "protocol",
        "status",
        "version",
    )
    list_filter = (("infrastructure__client", related_only), "service_type", "status")
    list_select_related = ("infrastructure__client",)
    search_fields = ("name", "version", "notes", "infrastructure__hostname")
    autocomplete_fields = ("infrastructure", "depends_on")

    @admin.display(description="client", ordering="infrastructure__client__name")
    def client_name(self, obj) -> str:
        return obj.infrastructure.client.name


@admin.register(Network)
class NetworkAdmin(InventoryAdmin):
    list_display = (
        "name",
        "cidr",
        "vlan_id",
        "network_type",
        "gateway",
        "client",
        "site",
        "dhcp_enabled",
    )
    list_filter = (("client", related_only), ("site", related_only), "network_type")
    list_select_related = ("client", "site__client")
    search_fields = ("name", "cidr", "gateway", "notes")
    autocomplete_fields = ("client", "site")


@admin.register(FirewallRule)
class FirewallRuleAdmin(InventoryAdmin):
    list_display = (
        "firewall",
        "position",
        "name",
        "action",
        "protocol",
        "source",
        "destination",
        "destination_ports",
        "enabled",
    )
    list_display_links = ("firewall", "position", "name")
    list_filter = (("firewall", related_only), "action", "protocol", "enabled")
    list_select_related = ("firewall",)
    search_fields = (
        "name",
        "source",
        "destination",
        "destination_ports",
        "notes",
        "firewall__hostname",
    )
    autocomplete_fields = ("firewall",)
    ordering = ("firewall__hostname", "position")


@admin.register(M365Tenant)
class M365TenantAdmin(InventoryAdmin):
    list_display = ("tenant_name", "default_domain", "client", "mfa_enforced", "tenant_id")
    list_filter = (("client", related_only), "mfa_enforced")
    list_select_related = ("client",)
    search_fields = ("tenant_name", "tenant_id", "default_domain", "admin_email", "notes")
    autocomplete_fields = ("client",)


@admin.register(SecurityIncident)
class SecurityIncidentAdmin(InventoryAdmin):
    list_display = (
        "title",
        "severity",
        "status",
        "client",
        "incident_type",
        "detected_at",
        "resolved_at",
        "assigned_to",
    )
    list_filter = ("status", "severity", "incident_type", ("client", related_only))
    list_select_related = ("client", "assigned_to")
    search_fields = ("title", "findings", "remediation", "reported_by", "notes")
    autocomplete_fields = ("client", "infrastructure", "service")
    date_hierarchy = "detected_at"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "client",
                    "title",
                    "incident_type",
                    "severity",
                    "status",
                    "assigned_to",
                    "reported_by",
                )
            },
        ),
        ("Scope", {"fields": ("infrastructure", "service")}),
        ("Timeline", {"fields": ("detected_at", "resolved_at")}),
        ("Details", {"fields": ("findings", "remediation", "notes")}),
        ("Record", {"fields": ("id", "created_at", "updated_at"), "classes": ("collapse",)}),
    )


# --- Credential vault ----------------------------------------------------------------
# Appended. The change list and change form never show a secret: write-only inputs set,
# replace or clear them, and a separate "Reveal secrets" page (POST + CSRF, permission
# msp.reveal_credential) shows them once, through msp.vault, audited like the API.

from django.contrib.admin.utils import unquote  # noqa: E402
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.http import HttpResponseNotAllowed  # noqa: E402
from django.template.response import TemplateResponse  # noqa: E402
from django.urls import path, reverse  # noqa: E402
from django.utils.html import format_html  # noqa: E402

from msp import vault  # noqa: E402
from msp.models import Credential  # noqa: E402
from msp.models.credentials import SECRET_FIELDS  # noqa: E402

SECRET_LABELS = {
    "password": "password",
    "api_key": "API key",
    "client_secret": "client secret",
    "token": "token",
    "connection_string": "connection string",
    "private_key": "private key",
}


class WriteOnlyTextarea(forms.Textarea):
    """A textarea that never renders a value, not even the one just submitted (a form
    shown again with errors must not echo a private key into the page)."""

    def format_value(self, value):
        return None


def _secret_form_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for name in SECRET_FIELDS:
        label = SECRET_LABELS[name]
        widget = (
            WriteOnlyTextarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"})
            if name == "private_key"
            else forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})
        )
        fields[f"set_{name}"] = forms.CharField(
            label=f"New {label}",
            required=False,
            strip=False,
            widget=widget,
            max_length=32_768 if name == "private_key" else 4_096,
            help_text="Write-only: leave empty to keep the current value.",
        )
        fields[f"clear_{name}"] = forms.BooleanField(label=f"Clear {label}", required=False)
    return fields


class _CredentialAdminFormBase(InventoryAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SECRET_FIELDS:
            state = "currently set" if self.instance.stored_secret(name) is not None else "not set"
            self.fields[
                f"set_{name}"
            ].help_text = f"Write-only ({state}): leave empty to keep the current value."

    def clean(self):
        cleaned = super().clean()
        for name in SECRET_FIELDS:
            if cleaned.get(f"set_{name}") and cleaned.get(f"clear_{name}"):
                self.add_error(f"clear_{name}", "Either set a new value or clear it, not both.")
        return cleaned

    def secrets(self) -> dict[str, str | None]:
        """The secret changes the form asks for: {field: new value or None to clear}."""
        changes: dict[str, str | None] = {}
        for name in SECRET_FIELDS:
            if self.cleaned_data.get(f"clear_{name}"):
                changes[name] = None
            elif self.cleaned_data.get(f"set_{name}"):
                changes[name] = self.cleaned_data[f"set_{name}"]
        return changes


CredentialAdminForm = type(forms.ModelForm)(
    "CredentialAdminForm",
    (_CredentialAdminFormBase,),
    {
        "__module__": __name__,
        **_secret_form_fields(),
        "Meta": type("Meta", (), {"model": Credential, "fields": "__all__"}),
    },
)

SECRET_FORM_FIELDS = tuple(
    f"{prefix}_{name}" for name in SECRET_FIELDS for prefix in ("set", "clear")
)


@admin.register(Credential)
class CredentialAdmin(InventoryAdmin):
    form = CredentialAdminForm
    list_display = (
        "name",
        "client",
        "credential_type",
        "username",
        "secrets_status",
        "infrastructure",
        "requires_vpn",
        "requires_2fa",
        "expires_at",
        "is_active",
    )
    list_filter = (
        ("client", related_only),
        "credential_type",
        "is_active",
        "requires_vpn",
        "requires_2fa",
    )
    list_select_related = ("client", "infrastructure")
    search_fields = ("name", "username", "notes", "client__name", "infrastructure__hostname")
    autocomplete_fields = ("client", "infrastructure", "service", "m365_tenant")
    readonly_fields = ("id", "created_at", "updated_at", "secrets_status", "reveal_link")
    fieldsets = (
        (None, {"fields": ("client", "name", "credential_type", "username", "is_active")}),
        (
            "Where it is used",
            {
                "fields": (
                    "infrastructure",
                    "service",
                    "m365_tenant",
                    "urls",
                    "requires_vpn",
                    "requires_2fa",
                )
            },
        ),
        (
            "Secrets (write-only)",
            {
                "fields": ("secrets_status", "reveal_link", *SECRET_FORM_FIELDS),
                "description": "Secrets are encrypted at rest and never shown here. Type a "
                "value to set or replace one, tick “Clear” to remove it.",
            },
        ),
        ("Lifecycle", {"fields": ("expires_at", "last_rotated_at")}),
        ("Notes", {"fields": ("notes",)}),
        ("Record", {"fields": ("id", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description="secrets set")
    def secrets_status(self, obj) -> str:
        names = obj.secrets_set if obj is not None else []
        return ", ".join(SECRET_LABELS[name] for name in names) or "—"

    @admin.display(description="reveal")
    def reveal_link(self, obj) -> str:
        if obj is None or obj.pk is None or obj._state.adding:
            return "—"
        url = reverse("admin:msp_credential_reveal", args=[obj.pk])
        return format_html('<a class="button" href="{}">Reveal secrets…</a>', url)

    def save_model(self, request, obj, form, change):
        vault.save_credential(
            obj,
            secrets=form.secrets(),
            user=request.user,
            request=request,
            changed_fields=[name for name in form.changed_data if name not in SECRET_FORM_FIELDS],
            explicit=form.changed_data,
        )

    def delete_model(self, request, obj):
        vault.delete_credential(obj, user=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            vault.delete_credential(obj, user=request.user, request=request)

    def get_urls(self):
        # Before the defaults: their "<path:object_id>/" would swallow ".../reveal/".
        return [
            path(
                "<path:object_id>/reveal/",
                self.admin_site.admin_view(self.reveal_view),
                name="msp_credential_reveal",
            ),
            *super().get_urls(),
        ]

    def reveal_view(self, request, object_id):
        """GET: a confirmation page with a POST button. POST: the secrets, once, through
        ``vault.reveal_credential`` (permission check, audit, decrypt-failure handling)."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Reveal secrets of {obj}",
            "can_reveal": vault.can_reveal(request.user),
            "secrets_set": [SECRET_LABELS[name] for name in obj.secrets_set],
            "revealed": None,
            "error": None,
        }
        status = 200
        if request.method == "POST":
            # Raises PermissionDenied (403, recorded as permission.denied) without the
            # permission.
            try:
                values = vault.reveal_credential(
                    obj, user=request.user, request=request, via="admin"
                )
            except vault.CredentialDecryptError as exc:
                context["error"] = str(exc)
                status = 409
            else:
                context["revealed"] = [
                    (SECRET_LABELS[name], value) for name, value in values.items()
                ]
        response = TemplateResponse(
            request, "admin/msp/credential/reveal_secrets.html", context, status=status
        )
        response["Cache-Control"] = "no-store"
        return response
