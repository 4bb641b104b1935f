"""Admin of the credential vault. The change list and change form never show a secret:
write-only inputs set, replace or clear them, and a separate "Reveal secrets" page (POST +
CSRF, permission msp.reveal_credential) shows them once, through the vault service,
audited like the API.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from msp.admin.inventory import InventoryAdmin, InventoryAdminForm, related_only
from msp.models import Credential
from msp.models.credentials import SECRET_FIELDS, CredentialType
from msp.selectors.vault import credential_activity
from msp.services import vault

SECRET_LABELS = {
    "password": "password",
    "api_key": "API key",
    "client_secret": "client secret",
    "token": "token",
    "connection_string": "connection string",
    "private_key": "private key",
}


# The secrets a credential of each type holds; "other" may hold any. A secret already
# set is offered too, whatever the type, so that it can be replaced or cleared.
TYPE_SECRETS: dict[str, tuple[str, ...]] = {
    CredentialType.PASSWORD: ("password",),
    CredentialType.API_KEY: ("api_key",),
    CredentialType.OAUTH_CLIENT: ("client_secret", "token"),
    CredentialType.SSH_KEY: ("private_key", "password"),
    CredentialType.CERTIFICATE: ("private_key", "password"),
    CredentialType.CONNECTION_STRING: ("connection_string", "password"),
    CredentialType.TOKEN: ("token",),
    CredentialType.OTHER: SECRET_FIELDS,
}

# How long the reveal page shows the values before it hides them again.
REVEAL_VISIBLE_SECONDS = 60


def secrets_offered(credential: Credential | None, credential_type: str | None = None) -> list:
    """The secret fields the form offers: those of the type and those already set."""
    kind = credential_type or (credential.credential_type if credential else None)
    wanted = set(TYPE_SECRETS.get(kind, SECRET_FIELDS))
    if credential is not None:
        wanted |= set(credential.secrets_set)
    return [name for name in SECRET_FIELDS if name in wanted]


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
            if f"set_{name}" not in self.fields:
                continue  # not offered for this credential's type
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
    # What a technician scans for: which login, whose, of what kind; where it is used,
    # VPN/2FA and expiry are on the credential's page and in the filters.
    list_display = (
        "name",
        "client",
        "credential_type",
        "username",
        "secrets_status",
        "is_active",
    )
    list_filter = (
        ("client", related_only),
        "credential_type",
        "is_active",
        "requires_vpn",
        "requires_2fa",
    )
    list_select_related = ("client",)
    search_fields = ("name", "username", "notes", "client__name", "infrastructure__hostname")
    autocomplete_fields = ("client", "infrastructure", "service", "m365_tenant")
    readonly_fields = ("id", "created_at", "updated_at", "secrets_status", "reveal_link")
    change_form_template = "admin/msp/credential/change_form.html"
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

    def get_fieldsets(self, request, obj=None):
        # Only the secret fields of the credential's type (or of the type just posted),
        # plus those already set; a new credential offers all, narrowed by the page's
        # script as the type is chosen.
        offered = (
            secrets_offered(obj, request.POST.get("credential_type"))
            if obj is not None
            else list(SECRET_FIELDS)
        )
        fields = tuple(
            f"{prefix}_{name}"
            for name in SECRET_FIELDS
            if name in offered
            for prefix in ("set", "clear")
        )
        shown = ["secrets_status", *fields]
        if obj is not None and vault.can_reveal(request.user):
            shown.insert(1, "reveal_link")
        result = []
        for title, options in super().get_fieldsets(request, obj):
            if title == "Secrets (write-only)":
                options = {**options, "fields": tuple(shown)}
            result.append((title, options))
        return result

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_reveal"] = vault.can_reveal(request.user)
        context["type_secrets"] = {str(kind): list(names) for kind, names in TYPE_SECRETS.items()}
        if obj is not None and obj.pk is not None and not add:
            context["activity"] = credential_activity(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

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
            "visible_seconds": REVEAL_VISIBLE_SECONDS,
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
