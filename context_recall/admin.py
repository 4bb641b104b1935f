"""Admin of context recall: browse and curate memories (importance, tags, superseding).

Forms run the models' ``full_clean`` (redaction, content hash) like the API; saving
content identical to another row's is a form error, not a database error."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from context_recall.models import ContextSnippet, ConversationContext, DecisionLog, ProjectState
from msp.scoping import ScopedAdminMixin

STATS = ("usage_count", "last_recalled_at", "created_at", "updated_at")


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


class RecallAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = DedupAdminForm
    list_per_page = 100
    show_full_result_count = False
    date_hierarchy = "created_at"


@admin.register(ConversationContext)
class ConversationContextAdmin(RecallAdmin):
    list_display = ("title", "project", "context_type", "importance", "usage_count", "updated_at")
    list_filter = ("context_type", "importance", ("project", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "summary", "current_state", "claude_session_id")
    readonly_fields = (
        "id", "client", "content_hash", "compressed_token_estimate", *STATS,
    )  # fmt: skip
    raw_id_fields = ("project", "session", "machine")


@admin.register(ContextSnippet)
class ContextSnippetAdmin(RecallAdmin):
    list_display = ("title", "category", "project", "client", "importance", "usage_count")
    list_filter = (
        "category",
        "importance",
        ("client", admin.RelatedOnlyFieldListFilter),
        ("project", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "content")
    readonly_fields = ("id", "content_hash", *STATS)
    raw_id_fields = ("project", "client")


@admin.register(ProjectState)
class ProjectStateAdmin(RecallAdmin):
    form = forms.ModelForm
    list_display = ("project", "phase", "progress", "updated_at")
    list_filter = ("phase",)
    search_fields = ("project__name", "summary", "notes")
    readonly_fields = ("id", *STATS)
    raw_id_fields = ("project",)


@admin.register(DecisionLog)
class DecisionLogAdmin(RecallAdmin):
    form = forms.ModelForm
    list_display = ("__str__", "project", "decision_type", "status", "importance", "created_at")
    list_filter = ("status", "decision_type", ("project", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "decision", "rationale")
    readonly_fields = ("id", *STATS)
    raw_id_fields = ("project", "session", "superseded_by")
