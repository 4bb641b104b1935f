"""Read-only admin of the audit trails, for the people who read them: plain labels,
details rendered as a table, targets and actors linked to their pages, filters by actor,
action and date. Rows are never added, changed or deleted here.

Links are built from URL names only (``admin:<app>_<model>_change``): this app imports
no other app."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from audit.models import ApiRequestLog, AuditEvent

# What people call the events the code records (others show as recorded).
EVENT_LABELS = {
    "auth.login_failed": "Sign-in failed",
    "auth.login_succeeded": "Signed in",
    "auth.locked_out": "Locked out after failed sign-ins",
    "auth.token_issued": "Token issued",
    "auth.token_refreshed": "Token refreshed",
    "auth.token_revoked": "Token revoked",
    "credential.reveal": "Credential revealed",
    "credential.created": "Credential created",
    "credential.updated": "Credential changed",
    "credential.deleted": "Credential deleted",
    "credential.decrypt_failed": "Credential could not be decrypted",
    "keys.rotated": "Encryption keys rotated",
    "permission.denied": "Permission denied",
    "time_entry.unbilled": "Time entries unbilled",
    "audit.anchor": "Audit chain anchored",
}
# Actors offered in the filter: the most recent distinct ones.
ACTOR_CHOICES = 50


def change_url(label: str, pk: Any) -> str | None:
    """The admin page of row ``pk`` of model ``app_label.model_name``, if it has one."""
    if not label or "." not in label or pk in (None, ""):
        return None
    app_label, model_name = label.split(".", 1)
    try:
        return reverse(f"admin:{app_label}_{model_name}_change", args=[pk])
    except NoReverseMatch:
        return None


def user_url(pk: Any) -> str | None:
    return change_url(get_user_model()._meta.label_lower, pk)


def render_value(value: Any) -> Any:
    if isinstance(value, dict):
        return render_details(value)
    if isinstance(value, list):
        return format_html_join(", ", "{}", ((item,) for item in value)) or "-"
    if value is None or value == "":
        return "-"
    return value


def render_details(details: dict) -> str:
    if not details:
        return "-"
    rows = (
        (str(key).replace("_", " ").capitalize(), render_value(value))
        for key, value in details.items()
    )
    return format_html(
        '<table class="audit-details"><tbody>{}</tbody></table>',
        format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
    )


class ActorFilter(admin.SimpleListFilter):
    title = "actor"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        rows = (
            model_admin.get_queryset(request)
            .exclude(actor_id=None)
            .order_by("-seq")
            .values_list("actor_id", "actor_repr")[: ACTOR_CHOICES * 20]
        )
        seen: dict[str, str] = {}
        for actor_id, actor_repr in rows:
            if actor_id not in seen:
                seen[actor_id] = actor_repr or f"user {actor_id}"
            if len(seen) >= ACTOR_CHOICES:
                break
        return sorted(seen.items(), key=lambda item: item[1].lower())

    def queryset(self, request, queryset):
        return queryset.filter(actor_id=self.value()) if self.value() else queryset


class UserIdFilter(admin.SimpleListFilter):
    title = "user"
    parameter_name = "user"

    def lookups(self, request, model_admin):
        ids = (
            model_admin.get_queryset(request)
            .exclude(user_id=None)
            .order_by("-seq")
            .values_list("user_id", flat=True)[: ACTOR_CHOICES * 20]
        )
        wanted = list(dict.fromkeys(ids))[:ACTOR_CHOICES]
        names = dict(get_user_model().objects.filter(pk__in=wanted).values_list("pk", "username"))
        return sorted(
            ((pk, names.get(_as_key(pk), f"user {pk}")) for pk in wanted),
            key=lambda item: item[1].lower(),
        )

    def queryset(self, request, queryset):
        return queryset.filter(user_id=self.value()) if self.value() else queryset


def _as_key(pk: str) -> Any:
    field = get_user_model()._meta.pk
    try:
        return field.to_python(pk)
    except Exception:  # a user id of a deleted or foreign user model: show it as is
        return pk


class ReadOnlyAuditAdmin(admin.ModelAdmin):
    date_hierarchy = "timestamp"
    ordering = ["-seq"]
    list_per_page = 100
    # Counting a large log on every page load costs more than it tells.
    show_full_result_count = False
    chain = (
        "Chain link",
        {
            "fields": ("seq", "prev_mac_label", "mac_label"),
            "classes": ("collapse",),
            "description": "What verify_audit checks: each row's HMAC covers the one before.",
        },
    )

    def get_readonly_fields(self, request, obj=None):
        names = [
            name for _, options in self.get_fieldsets(request, obj) for name in options["fields"]
        ]
        return names

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Previous link (HMAC)")
    def prev_mac_label(self, obj):
        return obj.prev_mac

    @admin.display(description="Link (HMAC)")
    def mac_label(self, obj):
        return obj.mac

    @admin.display(description="IP address", ordering="ip_address")
    def ip(self, obj):
        return obj.ip_address or "-"

    @admin.display(description="When", ordering="timestamp")
    def when(self, obj):
        return obj.timestamp


@admin.register(ApiRequestLog)
class ApiRequestLogAdmin(ReadOnlyAuditAdmin):
    list_display = [
        "when", "http_method", "endpoint", "response_status", "user_link", "auth_kind", "ip",
        "duration",
    ]  # fmt: skip
    list_filter = ["response_status", "http_method", "auth_kind", UserIdFilter, "timestamp"]
    search_fields = ["request_id", "endpoint", "user_id", "ip_address"]
    fieldsets = (
        (None, {"fields": ("when", "http_method", "endpoint", "response_status", "duration")}),
        ("Who", {"fields": ("user_link", "auth_kind", "ip", "user_agent")}),
        ("Request", {"fields": ("request_id", "request_body", "error_message", "events")}),
        ReadOnlyAuditAdmin.chain,
    )

    @admin.display(description="User", ordering="user_id")
    def user_link(self, obj):
        if obj.user_id is None:
            return "-"
        url = user_url(obj.user_id)
        return format_html('<a href="{}">user {}</a>', url, obj.user_id) if url else obj.user_id

    @admin.display(description="Time taken", ordering="response_time_ms")
    def duration(self, obj):
        return f"{obj.response_time_ms:.0f} ms"

    @admin.display(description="Security events of this request")
    def events(self, obj):
        url = reverse("admin:audit_auditevent_changelist") + f"?q={obj.request_id}"
        return format_html('<a href="{}">Show</a>', url)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAuditAdmin):
    list_display = ["when", "action", "actor_link", "target_link", "ip"]
    list_filter = ["event_type", ActorFilter, "target_type", "timestamp"]
    search_fields = ["request_id", "actor_repr", "actor_id", "target_id", "target_repr"]
    fieldsets = (
        (None, {"fields": ("when", "action", "actor_link", "ip")}),
        ("Target", {"fields": ("target_link", "target_kind")}),
        ("Details", {"fields": ("details_table",)}),
        ("Request", {"fields": ("request_link",)}),
        ReadOnlyAuditAdmin.chain,
    )

    @admin.display(description="Action", ordering="event_type")
    def action(self, obj):
        label = EVENT_LABELS.get(obj.event_type)
        if label is None:
            return obj.event_type
        return format_html('{} <span class="quiet">({})</span>', label, obj.event_type)

    @admin.display(description="Actor", ordering="actor_repr")
    def actor_link(self, obj):
        if obj.actor_id is None:
            return obj.actor_repr or "-"
        name = obj.actor_repr or f"user {obj.actor_id}"
        url = user_url(obj.actor_id)
        return format_html('<a href="{}">{}</a>', url, name) if url else name

    @admin.display(description="Target")
    def target_link(self, obj):
        if not obj.target_type:
            return "-"
        name = obj.target_repr or obj.target_id
        url = change_url(obj.target_type, obj.target_id)
        return format_html('<a href="{}">{}</a>', url, name) if url else name

    @admin.display(description="Kind of target")
    def target_kind(self, obj):
        return obj.target_type or "-"

    @admin.display(description="Details")
    def details_table(self, obj):
        return render_details(obj.details or {})

    @admin.display(description="API request")
    def request_link(self, obj):
        if not obj.request_id:
            return "-"
        url = reverse("admin:audit_apirequestlog_changelist") + f"?q={obj.request_id}"
        return format_html('<a href="{}">{}</a>', url, obj.request_id)
