"""Admin of the inventory, laid out for technicians: what they scan first on the left,
filters for client / site / type / status, search on names, addresses and notes.

Every form runs the model's ``full_clean`` (Django's ModelForm) and, through
``InventoryAdminForm``, the model's ``clean_m2m``: the same rules as the API.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from msp.admin.widgets import ContactsTableWidget
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
from msp.selectors.client_hub import client_hub
from msp.services import client_access

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
                Site.objects.filter(client_id=object_id).select_related("client")
                if object_id
                else Site.objects.none()
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "site" and field is not None:
            # Read once for the inline, not once per row (each row copies this field);
            # validation still goes through the scoped queryset.
            field.choices = list(field.choices)
        return field


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
        "primary_contact_name",
        "primary_contact_phone",
        "domain",
        "is_active",
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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "contacts":
            kwargs["widget"] = ContactsTableWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The hub: the client's related rows, open work and recent memory above its form.
        if obj is not None and obj.pk is not None and not add:
            hub = client_hub(obj, request.user)
            context["hub"] = hub
            context["hub_links"] = [
                (
                    related.verbose_name_plural,
                    related.count,
                    f"{reverse(f'admin:{meta.app_label}_{meta.model_name}_changelist')}"
                    f"?{related.filter_param}={obj.pk}",
                )
                for related in hub.related
                if self.admin_site.is_registered(related.kind.model)
                for meta in (related.kind.model._meta,)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

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
    # The columns a technician scans first; parent host, warranty, serial and the rest
    # are on the asset's page (and parent / warranty sort and filter there).
    list_display = ("hostname", "role", "ip_address", "os_label", "client", "status")
    list_filter = (
        ("client", related_only),
        ("site", related_only),
        "asset_type",
        "status",
        "warranty_expires",
    )
    list_select_related = ("client",)
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

    @admin.display(description="OS", ordering="os")
    def os_label(self, obj) -> str:
        return " ".join(part for part in (obj.os, obj.os_version) if part) or "—"

    def get_inline_instances(self, request, obj=None):
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if not isinstance(inline, FirewallRuleInline)
            or (obj is not None and obj.asset_type in FIREWALL_TYPES)
        ]


@admin.register(Service)
class ServiceAdmin(InventoryAdmin):
    list_display = ("name", "infrastructure", "client_name", "service_type", "port", "status")
    list_filter = (("infrastructure__client", related_only), "service_type", "status")
    list_select_related = ("infrastructure__client",)
    search_fields = ("name", "version", "notes", "infrastructure__hostname")
    autocomplete_fields = ("infrastructure", "depends_on")

    @admin.display(description="client", ordering="infrastructure__client__name")
    def client_name(self, obj) -> str:
        return obj.infrastructure.client.name


@admin.register(Network)
class NetworkAdmin(InventoryAdmin):
    list_display = ("name", "cidr", "vlan_id", "network_type", "client", "site")
    list_filter = (("client", related_only), ("site", related_only), "network_type")
    list_select_related = ("client", "site__client")
    search_fields = ("name", "cidr", "gateway", "notes")
    autocomplete_fields = ("client", "site")


@admin.register(FirewallRule)
class FirewallRuleAdmin(InventoryAdmin):
    # One "traffic" column reads like a firewall's own table (tcp 10.0.0.0/24 → any:443);
    # the parts sort and filter separately on the rule's page and in the filters.
    list_display = ("firewall", "position", "name", "action", "traffic", "enabled")
    list_display_links = ("firewall", "position", "name")
    list_filter = (
        ("firewall__client", related_only),
        ("firewall", related_only),
        "action",
        "protocol",
        "enabled",
    )
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

    @admin.display(description="traffic")
    def traffic(self, obj) -> str:
        ports = f":{obj.destination_ports}" if obj.destination_ports else ""
        return f"{obj.protocol} {obj.source} → {obj.destination}{ports}"


@admin.register(M365Tenant)
class M365TenantAdmin(InventoryAdmin):
    list_display = ("tenant_name", "default_domain", "client", "mfa_enforced", "tenant_id")
    list_filter = (("client", related_only), "mfa_enforced")
    list_select_related = ("client",)
    search_fields = ("tenant_name", "tenant_id", "default_domain", "admin_email", "notes")
    autocomplete_fields = ("client",)


@admin.register(SecurityIncident)
class SecurityIncidentAdmin(InventoryAdmin):
    list_display = ("title", "severity", "status", "client", "detected_at", "assigned_to")
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
