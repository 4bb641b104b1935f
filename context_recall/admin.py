"""Admin of context recall: memories as people read them, not as JSON.

- What the hooks own (a conversation context's decisions, open items, files, commands
  and errors) is shown as lists, read-only; what a technician curates (project state's
  blockers, next actions and key files; a decision's alternatives) is edited one item
  per line.
- Project, session, client and machine are links on the lists and autocompletes on the
  forms.
- Search uses recall's full-text index with recall's analysis and scoping
  (``context_recall.memory_search``), plus the plain title search.
- A work session's page lists the contexts and decisions saved from it (added here:
  tracking knows nothing of memories).

Forms run the models' ``full_clean`` (redaction, content hash) like the API; saving
content identical to another row's is a form error, not a database error."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from context_recall.memory_search import search_memory_ids
from context_recall.models import (
    ClaudeSession,
    ClaudeSessionPart,
    ContextSnippet,
    ConversationContext,
    DecisionLog,
    ProjectState,
)
from msp.scoping import ScopedAdminMixin
from tracking.admin import EvidenceInline, WorkSessionAdmin

STATS = ("usage_count", "last_recalled_at", "created_at", "updated_at")
RECORD = ("Record", {"fields": ("id", *STATS), "classes": ("collapse",)})
related_only = admin.RelatedOnlyFieldListFilter


class TextListField(forms.CharField):
    """A list of strings edited one per line (blank lines dropped)."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 80})

    def __init__(self, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.setdefault("required", False)
        kwargs["help_text"] = f"{kwargs.get('help_text', '')} One per line.".strip()
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)


def bullet_list(values) -> str:
    if not values:
        return "-"
    return format_html(
        '<ul class="memory-list">{}</ul>',
        format_html_join("", "<li>{}</li>", ((v,) for v in values)),
    )


def admin_link(obj, label=None) -> str:
    if obj is None:
        return "-"
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or str(obj))


class DedupAdminForm(forms.ModelForm):
    def _post_clean(self):
        super()._post_clean()
        digest = getattr(self.instance, "content_hash", "")
        if digest:
            clash = type(self.instance).objects.filter(content_hash=digest)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(None, "Another row in this scope has the same content.")


class RankedChangeList(ChangeList):
    """Best full-text match first while searching, unless the user sorts by a column."""

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        searched = "search_rank" in queryset.query.annotations
        if searched and self.query.strip() and ORDER_VAR not in self.params:
            return ["search_rank", *ordering]
        return ordering


class RecallAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = DedupAdminForm
    list_per_page = 100
    show_full_result_count = False
    date_hierarchy = "created_at"
    # The fields technicians edit as lists, one item per line.
    text_list_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.text_list_fields:
            return TextListField(
                label=db_field.verbose_name.capitalize(), help_text=db_field.help_text
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # -- full-text search --------------------------------------------------------------

    def get_search_results(self, request, queryset, search_term):
        plain, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return plain, may_have_duplicates
        project_id = request.GET.get("project__id__exact") or None
        ranked = search_memory_ids(self.model, search_term, request.user, project_id=project_id)
        if not ranked:
            return plain.annotate(search_rank=Value(0, output_field=IntegerField())), (
                may_have_duplicates
            )
        rank = Case(
            *(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)),
            default=Value(len(ranked)),
            output_field=IntegerField(),
        )
        found = queryset.filter(Q(pk__in=ranked) | Q(pk__in=plain.values("pk")))
        return found.annotate(search_rank=rank), False

    def get_changelist(self, request, **kwargs):
        return RankedChangeList

    # -- columns -----------------------------------------------------------------------

    @admin.display(description="Project", ordering="project__name")
    def project_link(self, obj):
        return admin_link(obj.project) if obj.project_id else "-"

    @admin.display(description="Client", ordering="client__name")
    def client_link(self, obj):
        return admin_link(obj.client) if obj.client_id else "-"

    @admin.display(description="Session")
    def session_link(self, obj):
        return admin_link(obj.session) if obj.session_id else "-"


@admin.register(ConversationContext)
class ConversationContextAdmin(RecallAdmin):
    list_display = (
        "title", "project_link", "client_link", "context_type", "importance", "occurred_at",
        "usage_count",
    )  # fmt: skip
    list_filter = (
        "context_type",
        "importance",
        ("client", related_only),
        ("project", related_only),
        ("session", related_only),
    )
    list_select_related = ("project", "client")
    search_fields = ("title", "summary", "current_state", "claude_session_id")
    autocomplete_fields = ("project", "session", "machine")
    readonly_fields = (
        "id", "client_link", "content_hash", "compressed_token_estimate", "raw_token_estimate",
        "key_decisions_list", "open_items_list", "files_list", "commands_list", "errors_list",
        *STATS,
    )  # fmt: skip
    fieldsets = (
        (None, {"fields": ("title", "context_type", "importance", "tags", "occurred_at")}),
        (
            "Where",
            {"fields": ("project", "client_link", "session", "machine", "claude_session_id")},
        ),
        ("What happened", {"fields": ("summary", "current_state")}),
        (
            "Saved by the hooks",
            {
                "fields": (
                    "key_decisions_list",
                    "open_items_list",
                    "files_list",
                    "commands_list",
                    "errors_list",
                ),
                "description": "Compressed from the conversation; read-only here.",
            },
        ),
        (
            "Record",
            {
                "fields": (
                    "id",
                    "content_hash",
                    "raw_token_estimate",
                    "compressed_token_estimate",
                    *STATS,
                ),
                "classes": ("collapse",),
            },
        ),
    )

    @admin.display(description="Key decisions")
    def key_decisions_list(self, obj):
        return bullet_list(obj.key_decisions)

    @admin.display(description="Open items")
    def open_items_list(self, obj):
        return bullet_list(obj.open_items)

    @admin.display(description="Files touched")
    def files_list(self, obj):
        return bullet_list(obj.files_touched)

    @admin.display(description="Commands")
    def commands_list(self, obj):
        return bullet_list(obj.commands)

    @admin.display(description="Errors")
    def errors_list(self, obj):
        return bullet_list(obj.errors)


@admin.register(ContextSnippet)
class ContextSnippetAdmin(RecallAdmin):
    list_display = ("title", "category", "project_link", "client_link", "importance", "usage_count")
    list_filter = (
        "category",
        "importance",
        ("client", related_only),
        ("project", related_only),
    )
    list_select_related = ("project", "client")
    search_fields = ("title", "content")
    autocomplete_fields = ("project", "client")
    readonly_fields = ("id", "content_hash", "structured_view", *STATS)
    fieldsets = (
        (None, {"fields": ("title", "category", "importance", "tags", "occurred_at")}),
        (
            "Scope",
            {
                "fields": ("project", "client"),
                "description": "A project, a client, or neither (global).",
            },
        ),
        ("Content", {"fields": ("content", "structured_view")}),
        ("Structured data (JSON)", {"fields": ("structured_data",), "classes": ("collapse",)}),
        ("Record", {"fields": ("id", "content_hash", *STATS), "classes": ("collapse",)}),
    )

    @admin.display(description="Structured data")
    def structured_view(self, obj):
        data = obj.structured_data if obj and obj.pk else None
        if not data:
            return "-"
        if isinstance(data, dict):
            return format_html(
                '<dl class="memory-data">{}</dl>',
                format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((k, v) for k, v in data.items())),
            )
        return bullet_list(data if isinstance(data, list) else [data])


class PlainRecallForm(forms.ModelForm):
    pass


@admin.register(ProjectState)
class ProjectStateAdmin(RecallAdmin):
    form = PlainRecallForm
    text_list_fields = ("blockers", "next_actions", "key_files")
    list_display = ("project_link", "phase", "progress", "updated_at")
    list_filter = ("phase", ("project__client", related_only))
    list_select_related = ("project",)
    search_fields = ("project__name", "summary", "notes")
    autocomplete_fields = ("project",)
    readonly_fields = ("id", *STATS)
    date_hierarchy = "updated_at"


@admin.register(DecisionLog)
class DecisionLogAdmin(RecallAdmin):
    form = PlainRecallForm
    text_list_fields = ("alternatives",)
    list_display = (
        "__str__",
        "project_link",
        "decision_type",
        "status",
        "importance",
        "created_at",
    )
    list_filter = (
        "status",
        "decision_type",
        ("project__client", related_only),
        ("project", related_only),
    )
    list_select_related = ("project",)
    search_fields = ("title", "decision", "rationale")
    autocomplete_fields = ("project", "session", "superseded_by")
    readonly_fields = ("id", *STATS)


# -- Claude Code sessions: what the hooks keep per session, for looking into one ----------


class ClaudeSessionPartInline(EvidenceInline):
    model = ClaudeSessionPart
    fields = ("event", "start", "end", "has_entries", "ended_at", "created_at")
    ordering = ("end", "created_at")
    show_change_link = False
    verbose_name_plural = "saves merged into the session's memory (transcript order)"


@admin.register(ClaudeSession)
class ClaudeSessionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: the hooks write these. One row per Claude Code session and project,
    with the memory it builds and the saves it was built from."""

    list_display = (
        "short_id", "project_link", "memory_link", "part_count", "generation", "updated_at",
    )  # fmt: skip
    list_filter = (("project", related_only),)
    search_fields = ("claude_session_id", "context__title")
    list_select_related = ("project", "context")
    date_hierarchy = "updated_at"
    fields = (
        "claude_session_id", "project", "context", "generation", "injected", "created_at",
        "updated_at",
    )  # fmt: skip
    readonly_fields = fields
    inlines = [ClaudeSessionPartInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(part_total=Count("parts"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Session", ordering="claude_session_id")
    def short_id(self, obj):
        return obj.claude_session_id[:8]

    @admin.display(description="Project", ordering="project__name")
    def project_link(self, obj):
        return admin_link(obj.project)

    @admin.display(description="Memory", ordering="context__title")
    def memory_link(self, obj):
        return admin_link(obj.context, obj.context.title) if obj.context_id else "-"

    @admin.display(description="Saves", ordering="part_total")
    def part_count(self, obj):
        return obj.part_total


# -- a work session's memories, on its page ---------------------------------------------


class SessionMemoryInline(EvidenceInline):
    """Memories saved from a session: shown and linked like its evidence, never edited here."""


class SessionContextInline(SessionMemoryInline):
    model = ConversationContext
    fields = ("title", "context_type", "importance", "occurred_at")
    verbose_name_plural = "memories saved from this session"


class SessionDecisionInline(SessionMemoryInline):
    model = DecisionLog
    fk_name = "session"
    fields = ("title", "decision_type", "status", "importance")
    verbose_name_plural = "decisions taken in this session"


WorkSessionAdmin.inlines = [*WorkSessionAdmin.inlines, SessionContextInline, SessionDecisionInline]
