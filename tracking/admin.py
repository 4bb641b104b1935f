"""Admin of work tracking: sessions with their work items and time inline, a task list
by status and due date, time entries with a monthly report, CSV export and a "mark
billed" action. Billed entries are read-only here as in the API."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse

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


class TrackingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = InventoryAdminForm
    readonly_fields = ("id", "created_at", "updated_at")
    list_per_page = 100
    show_full_result_count = False


class BilledRowsFormSet(forms.BaseInlineFormSet):
    """Billed time entries show disabled (never saved) and cannot be deleted inline."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk and form.instance.billed:
            for field in form.fields.values():
                field.disabled = True

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.instance.pk and form.instance.billed and self._should_delete_form(form):
                raise ValidationError("A billed time entry cannot be deleted.")


class WorkItemInline(ScopedAdminMixin, admin.TabularInline):
    model = WorkItem
    form = InventoryAdminForm
    fields = ("order", "title", "category", "status", "priority", "is_billable", "actual_minutes")
    extra = 0
    show_change_link = True


class TimeEntryInline(ScopedAdminMixin, admin.TabularInline):
    model = TimeEntry
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
    inlines = (WorkItemInline, TimeEntryInline)

    def get_changeform_initial_data(self, request):
        return {"technician": request.user.pk, **super().get_changeform_initial_data(request)}


@admin.register(WorkItem)
class WorkItemAdmin(TrackingAdmin):
    list_display = ("title", "session", "category", "status", "priority", "completed_at")
    list_filter = ("status", "category", "priority", "is_billable")
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


class ReportForm(forms.Form):
    client = forms.ModelChoiceField(queryset=Client.objects.filter(is_active=True))
    month = forms.CharField(max_length=7, help_text="YYYY-MM")

    def clean_month(self):
        try:
            return billing.parse_month(self.cleaned_data["month"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


@admin.register(TimeEntry)
class TimeEntryAdmin(TrackingAdmin):
    list_display = (
        "started_at",
        "client",
        "technician",
        "category",
        "actual_minutes",
        "billable_minutes",
        "amount",
        "billed",
        "invoice_reference",
    )
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
    readonly_fields = (*TrackingAdmin.readonly_fields, "billable_minutes", "amount", "billed_at")
    actions = ("mark_billed",)
    change_list_template = "admin/tracking/timeentry/change_list.html"

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.billed) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.billed) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.filter(billed=True).exists():
            self.message_user(request, "Billed entries cannot be deleted.", messages.ERROR)
            return
        super().delete_queryset(request, queryset)

    def get_changeform_initial_data(self, request):
        return {"technician": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.action(description="Mark selected entries billed", permissions=["change"])
    def mark_billed(self, request, queryset):
        try:
            batch = time_entries.mark_billed(queryset.values_list("pk", flat=True))
        except BilledEntryLocked as exc:
            self.message_user(request, f"Nothing marked: {exc.message}", messages.ERROR)
            return
        self.message_user(request, f"{batch.billed} entries marked billed ({batch.amount}).")

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        return [path("report/", report, name="tracking_timeentry_report"), *super().get_urls()]

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ReportForm(request.GET or None)
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Billing report",
            "form": form,
            "report": report.as_dict() if report else None,
            "changelist_url": reverse("admin:tracking_timeentry_changelist"),
        }
        return TemplateResponse(request, "admin/tracking/timeentry/report.html", context)


class SessionEvidenceAdmin(TrackingAdmin):
    list_select_related = ("session",)
    raw_id_fields = ("session", "work_item")


@admin.register(CommandRun)
class CommandRunAdmin(SessionEvidenceAdmin):
    list_display = ("command", "session", "exit_code", "ran_at")
    list_filter = ("exit_code", "ran_at")
    search_fields = ("command", "output_excerpt")


@admin.register(FileChange)
class FileChangeAdmin(SessionEvidenceAdmin):
    list_display = ("path", "change_type", "session", "changed_at")
    list_filter = ("change_type",)
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
    list_filter = ("verified", "change_type", "changed_at")
    list_select_related = ("infrastructure",)
    search_fields = ("title", "before_state", "after_state", "rollback_plan")
