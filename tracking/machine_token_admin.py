"""Admin for machine tokens: a list staff can scan and a revoke action. Tokens are
issued through the API or ``issue_machine_token`` (the token is shown once), never here."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from tracking.models.tokens import MachineToken
from tracking.services.machine_tokens import revoke_machine_token, visible_machine_tokens


@admin.register(MachineToken)
class MachineTokenAdmin(admin.ModelAdmin):
    # Which machine, whose, whether it still works and when it was last used; the
    # token's name and creation time are on its page.
    list_display = ("machine", "user", "state", "expires_at", "last_used_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "machine__platform")
    search_fields = ("machine__hostname", "machine__fingerprint", "user__username", "name")
    list_select_related = ("machine", "user")
    readonly_fields = (
        "id",
        "machine",
        "user",
        "name",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    fields = readonly_fields
    actions = ["revoke_tokens"]

    @admin.display(description="state", ordering="revoked_at")
    def state(self, obj) -> str:
        if obj.revoked_at is not None:
            return f"revoked {obj.revoked_at:%Y-%m-%d}"
        if obj.expires_at is not None and obj.expires_at <= timezone.now():
            return "expired"
        return "active"

    def get_queryset(self, request):
        # The same rule as the API: a colleague's hook token is not a technician's business.
        return visible_machine_tokens(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke instead: the row is the record of what was issued

    @admin.action(description="Revoke selected machine tokens", permissions=["change"])
    def revoke_tokens(self, request, queryset) -> None:
        revoked = sum(
            revoke_machine_token(row, actor=request.user, request=request)
            for row in queryset.select_related("machine")
        )
        self.message_user(request, f"Revoked {revoked} token(s).", messages.SUCCESS)
