"""Read-only admin: audit rows can be looked at, never added, changed or deleted."""

from __future__ import annotations

from django.contrib import admin

from audit.models import ApiRequestLog, AuditEvent


class ReadOnlyAuditAdmin(admin.ModelAdmin):
    date_hierarchy = "timestamp"
    ordering = ["-seq"]
    list_per_page = 100
    # Counting a large log on every page load costs more than it tells.
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiRequestLog)
class ApiRequestLogAdmin(ReadOnlyAuditAdmin):
    list_display = [
        "seq",
        "timestamp",
        "http_method",
        "endpoint",
        "response_status",
        "user_id",
        "auth_kind",
        "ip_address",
        "response_time_ms",
        "request_id",
    ]
    list_filter = ["response_status", "http_method", "auth_kind"]
    search_fields = ["request_id", "endpoint", "user_id", "ip_address"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAuditAdmin):
    list_display = [
        "seq",
        "timestamp",
        "event_type",
        "actor_repr",
        "actor_id",
        "target_type",
        "target_repr",
        "ip_address",
        "request_id",
    ]
    list_filter = ["event_type", "target_type"]
    search_fields = ["request_id", "actor_repr", "actor_id", "target_id", "target_repr"]
