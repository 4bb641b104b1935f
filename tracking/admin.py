"""Admin of work tracking: sessions with their work items, evidence and time inline, a
task list by status and due date, time entries in their client's time zone with a
monthly report, CSV export, "mark billed" (confirmed, with the invoice reference) and
"unbill" (a manager's, with a reason, audited). Billed entries are read-only here as in
the API: the lock is the model's (``tracking.models.time``)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from msp.admin.inventory import InventoryAdminForm
from msp.models import Client
from msp.scoping import ScopedAdminMixin, scope_for_user
from tracking import billing, selectors
from tracking.models import (
    BilledEntryLocked,
    CommandRun,
    FileChange,
    InfrastructureChange,
    Machine,
    ProblemSolution,
    Project,
    ProjectPath,
    Tag,
    Task,
    TimeEntry,
    WorkItem,
    WorkSession,
)
from tracking.services import projects, time_entries

related_only = admin.RelatedOnlyFieldListFilter
RECORD = ("Record", {"fields": ("id", "created_at", "updated_at"), "classes": ("collapse",)})


def client_time(moment, client: Client) -> str:
    if moment is None:
        return "-"
    local = billing.local_time(moment, client.timezone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def money(amount) -> str:
    return f"{amount} {selectors.billing_currency()}"


class TrackingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = InventoryAdminForm
    readonly_fields = ("id", "created_at", "updated_at")
    list_per_page = 100
    show_full_result_count = False


class TimeEntryAdminForm(InventoryAdminForm):
    """The model's billed lock, said as a form error (not a server error) when an entry
    was billed while the form was open."""

    def _post_clean(self):
        if self.instance.is_locked and not self.has_changed():
            return  # a billed row shown (disabled) in a session's inline: nothing to check
        try:
            super()._post_clean()
        except BilledEntryLocked as exc:
            self.add_error(None, exc.message)


class BilledRowsFormSet(forms.BaseInlineFormSet):
    """Billed time entries show disabled (so never changed, never saved); a delete is
    put to the model's lock before anything is written."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.is_locked:
            for name, field in form.fields.items():
                # DELETE stays: ticking it is answered by the model's lock (clean below).
                field.disabled = name != "DELETE"

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.instance.pk and self._should_delete_form(form):
                try:
                    form.instance.check_unlocked("A billed time entry cannot be deleted.")
                except BilledEntryLocked as exc:
                    raise ValidationError(exc.message) from None


class WorkItemInline(ScopedAdminMixin, admin.TabularInline):
    model = WorkItem
    form = InventoryAdminForm
    fields = ("order", "title", "category", "status", "priority", "is_billable", "actual_minutes")
    extra = 0
    show_change_link = True


class TimeEntryInline(ScopedAdminMixin, admin.TabularInline):
    model = TimeEntry
    form = TimeEntryAdminForm
    formset = BilledRowsFormSet
    fk_name = "session"
    fields = (
        "technician",
        "client",
        "work_item",
        "started_at",
        "ended_at",
        "actual_minutes",
        "billable_minutes",
        "amount",
        "is_billable",
        "billed",
    )
    readonly_fields = ("billable_minutes", "amount", "billed")
    extra = 0
    show_change_link = True


class EvidenceInline(ScopedAdminMixin, admin.TabularInline):
    """What the hooks recorded of a session: shown, linked, never edited inline."""

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class CommandRunInline(EvidenceInline):
    model = CommandRun
    fields = ("ran_at", "command", "exit_code", "working_directory")
    verbose_name_plural = "commands run"


class FileChangeInline(EvidenceInline):
    model = FileChange
    fields = ("changed_at", "change_type", "path", "summary")


@admin.register(Machine)
class MachineAdmin(TrackingAdmin):
    list_display = ("hostname", "owner", "platform", "os_version", "last_seen_at", "is_active")
    list_filter = ("platform", "is_active", ("owner", related_only))
    list_select_related = ("owner",)
    search_fields = ("hostname", "fingerprint", "username", "notes")


class ProjectPathInline(ScopedAdminMixin, admin.TabularInline):
    model = ProjectPath
    form = InventoryAdminForm
    fields = ("machine", "path")
    extra = 0


class ProjectAdminForm(InventoryAdminForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "client" in cleaned:
            new = cleaned["client"].pk if cleaned["client"] else None
            try:
                projects.check_move(self.instance, self.initial.get("client"), new)
            except ValidationError as exc:
                self.add_error(None, exc.messages)
        return cleaned


@admin.register(Project)
class ProjectAdmin(TrackingAdmin):
    form = ProjectAdminForm
    list_display = ("name", "slug", "client", "status", "repository_key", "end_date")
    list_filter = ("status", ("client", related_only))
    list_select_related = ("client",)
    search_fields = ("name", "slug", "repository_url", "description")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = (*TrackingAdmin.readonly_fields, "repository_key")
    inlines = (ProjectPathInline,)

    def save_model(self, request, obj, form, change):
        old_client_id = form.initial.get("client") if change else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change:  # the form checked the move (ProjectAdminForm)
                projects.follow_project_client(obj, old_client_id)


@admin.register(Tag)
class TagAdmin(TrackingAdmin):
    list_display = ("name", "slug", "category", "color")
    list_filter = ("category",)
    search_fields = ("name", "slug", "description")


@admin.register(WorkSession)
class WorkSessionAdmin(TrackingAdmin):
    """A session's page shows its work, evidence and time; context recall adds the
    memories saved from it (``context_recall.admin``: tracking knows nothing of them)."""

    list_display = ("title", "client", "project", "technician", "started_at", "status")
    list_filter = (
        "status",
        "is_billable",
        ("client", related_only),
        ("technician", related_only),
        ("project", related_only),
        "started_at",
    )
    list_select_related = ("client", "project", "technician")
    search_fields = ("title", "summary", "ticket_reference", "claude_session_id", "notes")
    date_hierarchy = "started_at"
    autocomplete_fields = ("client", "project", "machine")
    readonly_fields = (*TrackingAdmin.readonly_fields, "time_summary")
    inlines = [WorkItemInline, TimeEntryInline, CommandRunInline, FileChangeInline]

    def get_changeform_initial_data(self, request):
        return {"technician": request.user.pk, **super().get_changeform_initial_data(request)}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A session's times (and its time entries') are shown on its client's clock.
        session = self.get_object(request, object_id) if object_id else None
        zone = session.client.timezone if session is not None and session.client_id else None
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Rendered here: a TemplateResponse renders later, outside the zone.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response

    @admin.display(description="Time")
    def time_summary(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        totals = obj.time_entries.aggregate(
            entries=Count("pk"), minutes=Sum("actual_minutes"), amount=Sum("amount")
        )
        if not totals["entries"]:
            return "No time booked."
        link = reverse("admin:tracking_timeentry_changelist") + f"?session__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{} entries</a> · {} h · {}',
            link,
            totals["entries"],
            billing.hours(totals["minutes"] or 0),
            money(billing.money(totals["amount"] or 0)),
        )


@admin.register(WorkItem)
class WorkItemAdmin(TrackingAdmin):
    list_display = ("title", "session", "category", "status", "priority", "completed_at")
    list_filter = (
        "status",
        "category",
        "priority",
        "is_billable",
        ("session__client", related_only),
    )
    list_select_related = ("session",)
    search_fields = ("title", "description", "session__title")
    filter_horizontal = ("affected_infrastructure",)


@admin.register(Task)
class TaskAdmin(TrackingAdmin):
    list_display = ("title", "status", "due_date", "priority", "client", "assignee", "parent")
    list_filter = (
        "status",
        "priority",
        "due_date",
        ("client", related_only),
        ("assignee", related_only),
    )
    list_select_related = ("client", "assignee", "parent")
    list_editable = ("status", "priority")
    ordering = ("status", "due_date")
    search_fields = ("title", "description", "blocked_reason")
    date_hierarchy = "due_date"


def _this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


class ReportForm(forms.Form):
    client = forms.ModelChoiceField(queryset=Client.objects.filter(is_active=True))
    month = forms.CharField(
        max_length=7,
        initial=_this_month,
        widget=forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}"}),
        help_text="Counted in the client's time zone.",
    )

    def clean_month(self):
        try:
            return billing.parse_month(self.cleaned_data["month"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class InvoiceForm(forms.Form):
    invoice_reference = forms.CharField(
        max_length=100, help_text="The invoice these entries go on, e.g. INV-2026-031."
    )


class UnbillForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the audit trail with the invoice reference it clears.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Say why these entries are unbilled.")
        return reason


@admin.register(TimeEntry)
class TimeEntryAdmin(TrackingAdmin):
    form = TimeEntryAdminForm
    # Seven columns fit beside the navigation and the filters; category and actual
    # minutes are a filter and the entry's page.
    list_display = (
        "started_local",
        "client",
        "technician",
        "short_description",
        "billable_minutes",
        "amount_with_currency",
        "billed_state",
    )
    list_display_links = ("started_local",)
    list_filter = (
        "billed",
        "is_billable",
        "category",
        ("client", related_only),
        ("technician", related_only),
        "started_at",
    )
    list_select_related = ("client", "technician")
    search_fields = ("description", "invoice_reference", "client__name")
    date_hierarchy = "started_at"
    autocomplete_fields = ("client",)
    raw_id_fields = ("session", "work_item")
    readonly_fields = (
        *TrackingAdmin.readonly_fields,
        "billable_minutes",
        "amount",
        "billed",
        "invoice_reference",
        "billed_at",
        "times_in_client_zone",
    )
    fieldsets = (
        (None, {"fields": ("technician", "client", "session", "work_item", "category")}),
        ("Time", {"fields": ("started_at", "ended_at", "actual_minutes", "times_in_client_zone")}),
        ("What was done", {"fields": ("description", "notes")}),
        (
            "Billing",
            {
                "fields": (
                    "is_billable",
                    "hourly_rate",
                    "billing_increment_minutes",
                    "minimum_billable_minutes",
                    "billable_minutes_override",
                    "billable_minutes",
                    "amount",
                    "billed",
                    "invoice_reference",
                    "billed_at",
                )
            },
        ),
        RECORD,
    )
    actions = ("mark_billed", "unbill")
    change_list_template = "admin/tracking/timeentry/change_list.html"

    @admin.display(description="Started (client's time)", ordering="started_at")
    def started_local(self, obj):
        return client_time(obj.started_at, obj.client)

    @admin.display(description="Description")
    def short_description(self, obj):
        text = obj.description.strip().splitlines()[0] if obj.description.strip() else ""
        return text if len(text) <= 60 else text[:59] + "\u2026"

    @admin.display(description="Amount", ordering="amount")
    def amount_with_currency(self, obj):
        return money(obj.amount)

    @admin.display(description="Billed", ordering="billed")
    def billed_state(self, obj):
        if not obj.billed:
            return "-"
        return f"Billed · {obj.invoice_reference}" if obj.invoice_reference else "Billed"

    @admin.display(description="In the client's time zone")
    def times_in_client_zone(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        start, end = client_time(obj.started_at, obj.client), client_time(obj.ended_at, obj.client)
        return f"{start} to {end}"

    # The lock is the model's; the admin only shows a billed entry read-only.
    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_locked) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_locked) and super().has_delete_permission(request, obj)

    def has_unbill_permission(self, request):
        return request.user.has_perm(time_entries.UNBILL_PERMISSION)

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except BilledEntryLocked as exc:
            self.message_user(request, f"Nothing deleted: {exc.message}", messages.ERROR)

    def get_changeform_initial_data(self, request):
        return {"technician": request.user.pk, **super().get_changeform_initial_data(request)}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # An entry's times are entered and shown on its client's clock.
        entry = self.get_object(request, object_id) if object_id else None
        zone = entry.client.timezone if entry is not None else None
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Rendered here: a TemplateResponse renders later, outside the zone.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response

    def _confirm(self, request, queryset, *, selected, template, title, form, extra):
        entries = list(queryset.select_related("client", "technician").order_by("started_at"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "rows": [
                {"entry": entry, "started": client_time(entry.started_at, entry.client)}
                for entry in entries[:200]
            ],
            "more": max(0, len(entries) - 200),
            # Everything selected goes back, so the result can count what was skipped.
            "selected": [str(pk) for pk in selected.values_list("pk", flat=True)],
            "action": request.POST.get("action"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "currency": selectors.billing_currency(),
            **extra,
        }
        return TemplateResponse(request, template, context)

    @admin.action(description="Mark selected entries billed…", permissions=["change"])
    def mark_billed(self, request, queryset):
        selected = queryset.count()
        open_entries = queryset.filter(billed=False)
        already = selected - open_entries.count()
        form = InvoiceForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            try:
                batch = time_entries.mark_billed(
                    open_entries.values_list("pk", flat=True),
                    form.cleaned_data["invoice_reference"],
                    among=self.get_queryset(request),
                )
            except BilledEntryLocked as exc:  # billed by someone else meanwhile
                self.message_user(request, f"Nothing marked: {exc.message}", messages.ERROR)
                return None
            skipped = f" {already} already billed, left as they were." if already else ""
            self.message_user(
                request,
                f"{batch.billed} entries marked billed on {batch.invoice_reference} "
                f"({money(batch.amount)}).{skipped}",
                messages.SUCCESS,
            )
            return None
        if not open_entries.exists():
            self.message_user(
                request, f"All {selected} selected entries are billed already.", messages.WARNING
            )
            return None
        total = billing.money(open_entries.aggregate(total=Sum("amount"))["total"] or 0)
        return self._confirm(
            request,
            open_entries,
            selected=queryset,
            template="admin/tracking/timeentry/mark_billed.html",
            title="Mark entries billed",
            form=form,
            extra={"count": len(open_entries), "amount": total, "already": already},
        )

    @admin.action(description="Unbill selected entries…", permissions=["unbill"])
    def unbill(self, request, queryset):
        billed = queryset.filter(billed=True)
        not_billed = queryset.count() - billed.count()
        form = UnbillForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            batch = time_entries.unbill(
                billed.values_list("pk", flat=True),
                actor=request.user,
                reason=form.cleaned_data["reason"],
                among=self.get_queryset(request),
                request=request,
            )
            self.message_user(
                request,
                f"{batch.unbilled} entries unbilled ({money(batch.amount)}); the reason is "
                "in the audit trail.",
                messages.SUCCESS,
            )
            return None
        if not billed.exists():
            self.message_user(request, "None of the selected entries is billed.", messages.WARNING)
            return None
        total = billing.money(billed.aggregate(total=Sum("amount"))["total"] or 0)
        return self._confirm(
            request,
            billed,
            selected=queryset,
            template="admin/tracking/timeentry/unbill.html",
            title="Unbill entries",
            form=form,
            extra={"count": billed.count(), "amount": total, "already": not_billed},
        )

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        return [path("report/", report, name="tracking_timeentry_report"), *super().get_urls()]

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ReportForm(request.GET or None, initial={"month": _this_month()})
        form.fields["client"].queryset = scope_for_user(
            form.fields["client"].queryset, request.user
        )
        report = None
        if form.is_valid():
            year, month = form.cleaned_data["month"]
            report = selectors.billing_report(form.cleaned_data["client"], year, month)
            if request.GET.get("export") == "csv":
                response = HttpResponse(
                    "\ufeff" + selectors.billing_report_csv(report),
                    content_type="text/csv; charset=utf-8",
                )
                name = f"billing-{report.month_label}-{report.client.pk}.csv"
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
        rows = []
        if report is not None:
            change = "admin:tracking_timeentry_change"
            rows = [
                {
                    "entry": entry,
                    "started": client_time(entry.started_at, report.client),
                    "technician": selectors.technician_label(entry.technician),
                    "url": reverse(change, args=[entry.pk]),
                }
                for entry in report.entries
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Billing report",
            "form": form,
            "report": report.as_dict() if report else None,
            "rows": rows,
            "currency": selectors.billing_currency(),
            "changelist_url": reverse("admin:tracking_timeentry_changelist"),
        }
        return TemplateResponse(request, "admin/tracking/timeentry/report.html", context)


class SessionEvidenceAdmin(TrackingAdmin):
    list_select_related = ("session",)
    raw_id_fields = ("session", "work_item")


@admin.register(CommandRun)
class CommandRunAdmin(SessionEvidenceAdmin):
    list_display = ("command", "session", "exit_code", "ran_at")
    list_filter = ("exit_code", ("session__client", related_only), "ran_at")
    search_fields = ("command", "output_excerpt")


@admin.register(FileChange)
class FileChangeAdmin(SessionEvidenceAdmin):
    list_display = ("path", "change_type", "session", "changed_at")
    list_filter = ("change_type", ("session__client", related_only))
    search_fields = ("path", "summary")


@admin.register(ProblemSolution)
class ProblemSolutionAdmin(SessionEvidenceAdmin):
    list_display = ("title", "client", "infrastructure", "solved_at")
    list_filter = (("client", related_only), "solved_at")
    list_select_related = ("client", "infrastructure")
    search_fields = ("title", "symptom", "root_cause", "resolution")


@admin.register(InfrastructureChange)
class InfrastructureChangeAdmin(SessionEvidenceAdmin):
    list_display = ("title", "infrastructure", "change_type", "verified", "changed_at")
    list_filter = (
        "verified",
        "change_type",
        ("infrastructure__client", related_only),
        "changed_at",
    )
    list_select_related = ("infrastructure",)
    search_fields = ("title", "before_state", "after_state", "rollback_plan")
