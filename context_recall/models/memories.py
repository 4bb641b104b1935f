"""The memories of context recall: compressed conversation contexts, snippets, project state and
decisions. Everything text-like is redacted in ``clean()`` -- which runs on
every save, from the API, the admin and services -- so no secret reaches the database.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from taggit.managers import TaggableManager

from msp.models import Client
from msp.models.base import BaseModel, NotesMixin
from msp.redaction import redact, redact_data
from tracking.models import Machine, Project, TaggedItem, WorkSession


class UnicodeJSONEncoder(json.JSONEncoder):
    """Stores non-ASCII text as is (not ``\\u00e9``), so full-text indexes see real words."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def importance_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="1 (trivia) to 10 (must know).",
    )


def text_list_field(help_text: str) -> models.JSONField:
    return models.JSONField(
        default=list, blank=True, encoder=UnicodeJSONEncoder, help_text=help_text
    )


def validate_text_list(value: Any, field: str) -> dict[str, str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return {field: "Expected a list of strings."}
    return {}


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in sorted(value.items())}
    return value


def content_hash(*parts: Any) -> str:
    """sha256 of the whitespace-normalised parts (scope ids included by the caller)."""
    data = json.dumps([_normalise(p) for p in parts], ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


class RecallStatsMixin(models.Model):
    usage_count = models.PositiveIntegerField(default=0, editable=False)
    last_recalled_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class OccurredMixin(models.Model):
    """When the work a memory records happened, which is not when the row was written:
    an import of last year's transcripts is old news. Recall's decay and its "newest fact
    wins" rule read this."""

    occurred_at = models.DateTimeField(
        default=timezone.now,
        blank=True,
        db_index=True,
        help_text="When the work happened (defaults to now; transcripts set it from their"
        " timestamps).",
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.occurred_at is None:  # left blank in a form: the work is happening now
            self.occurred_at = timezone.now()


class RedactedModel(BaseModel):
    """``clean()`` redacts ``redacted_fields`` (strings, lists, dicts) before validation."""

    redacted_fields: tuple[str, ...] = ()
    list_fields: tuple[str, ...] = ()

    class Meta(BaseModel.Meta):
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        for name in self.list_fields:
            errors |= validate_text_list(getattr(self, name), name)
        if errors:
            raise ValidationError(errors)
        for name in self.redacted_fields:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, redact(value))
            elif value is not None:
                setattr(self, name, redact_data(value))

    def validate_constraints(self, exclude=None):
        # The content-hash constraint is enforced by the de-duplicating service (which
        # updates the existing row), not reported as a validation error.
        super().validate_constraints(exclude={*(exclude or ()), "content_hash"})


class ContextType(models.TextChoices):
    SESSION_SUMMARY = "session_summary", "Session summary"
    COMPACTION = "compaction", "Before compaction"
    HANDOFF = "handoff", "Hand-off note"
    NOTE = "note", "Note"


class ConversationContext(RedactedModel, RecallStatsMixin, OccurredMixin):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contexts")
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contexts",
        help_text="Always the project's client (set from the project).",
    )
    session = models.ForeignKey(
        WorkSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="contexts"
    )
    machine = models.ForeignKey(
        Machine, on_delete=models.SET_NULL, null=True, blank=True, related_name="contexts"
    )
    claude_session_id = models.CharField(max_length=100, blank=True, db_index=True)
    context_type = models.CharField(
        max_length=20, choices=ContextType.choices, default=ContextType.SESSION_SUMMARY
    )
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="Goals and what happened.")
    key_decisions = text_list_field("Decisions with their reasons.")
    open_items = text_list_field("Pending work.")
    files_touched = text_list_field("Paths written or edited.")
    commands = text_list_field("Commands run; failures first.")
    errors = text_list_field("Errors met.")
    current_state = models.TextField(blank=True, help_text="Where things stand (last message).")
    importance = importance_field()
    content_hash = models.CharField(max_length=64, editable=False, blank=True)
    raw_token_estimate = models.PositiveIntegerField(default=0)
    compressed_token_estimate = models.PositiveIntegerField(default=0, editable=False)
    tags = TaggableManager(through=TaggedItem, blank=True)

    # What a session's work produced: the fields a later save of the same session rewrites.
    content_fields = (
        "summary",
        "key_decisions",
        "open_items",
        "files_touched",
        "commands",
        "errors",
        "current_state",
    )
    redacted_fields = ("claude_session_id", "title", *content_fields)
    list_fields = ("key_decisions", "open_items", "files_touched", "commands", "errors")

    class Meta(BaseModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["content_hash"], name="ctx_context_hash_unique")
        ]
        indexes = [models.Index(fields=["project", "-updated_at"], name="ctx_context_recent")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.project_id:
            self.client_id = self.project.client_id
        if self.session_id and self.session.project_id not in (None, self.project_id):
            raise ValidationError({"session": "The session belongs to another project."})
        self.content_hash = self.compute_hash()
        self.compressed_token_estimate = -(-len(self.recall_text()) // 4)

    def compute_hash(self) -> str:
        # A Claude Code session's memory is its own row even when another session (or
        # a note) happens to read the same: its session id is part of what it is.
        session = [self.claude_session_id] if self.claude_session_id else []
        return content_hash(
            "context",
            self.project_id,
            self.title,
            self.summary,
            self.key_decisions,
            self.open_items,
            self.files_touched,
            self.commands,
            self.errors,
            self.current_state,
            *session,
        )

    def recall_text(self) -> str:
        parts = [self.summary]
        for label, values in (
            ("Decisions", self.key_decisions),
            ("Open items", self.open_items),
            ("Files", self.files_touched),
            ("Commands", self.commands),
            ("Errors", self.errors),
        ):
            if values:
                parts.append(f"{label}:\n" + "\n".join(f"- {v}" for v in values))
        if self.current_state:
            parts.append(f"Current state: {self.current_state}")
        return "\n".join(p for p in parts if p)


class SnippetCategory(models.TextChoices):
    GOTCHA = "gotcha", "Gotcha / quirk"
    PROCEDURE = "procedure", "Procedure"
    COMMAND = "command", "Command"
    CONFIGURATION = "configuration", "Configuration"
    REFERENCE = "reference", "Reference"
    OTHER = "other", "Other"


class ContextSnippet(RedactedModel, RecallStatsMixin, OccurredMixin):
    """A piece of knowledge for one project, one client (project blank) or everyone
    (both blank)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="snippets"
    )
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, null=True, blank=True, related_name="snippets"
    )
    category = models.CharField(
        max_length=20, choices=SnippetCategory.choices, default=SnippetCategory.OTHER
    )
    title = models.CharField(max_length=300)
    content = models.TextField()
    structured_data = models.JSONField(
        default=dict, blank=True, encoder=UnicodeJSONEncoder, help_text="Any JSON."
    )
    importance = importance_field()
    content_hash = models.CharField(max_length=64, editable=False, blank=True)
    tags = TaggableManager(through=TaggedItem, blank=True)

    redacted_fields = ("title", "content", "structured_data")

    class Meta(BaseModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["content_hash"], name="ctx_snippet_hash_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope(self) -> str:
        return "project" if self.project_id else "client" if self.client_id else "global"

    def clean(self) -> None:
        super().clean()
        if self.project_id:
            if self.client_id and self.client_id != self.project.client_id:
                raise ValidationError({"client": "Not the client of the project."})
            self.client_id = self.project.client_id
        self.content_hash = content_hash(
            "snippet", self.project_id, self.client_id, self.title, self.content
        )

    def recall_text(self) -> str:
        return self.content


class ProjectPhase(models.TextChoices):
    PLANNING = "planning", "Planning"
    ACTIVE = "active", "Active development"
    TESTING = "testing", "Testing"
    DEPLOYMENT = "deployment", "Deployment"
    MAINTENANCE = "maintenance", "Maintenance"
    PAUSED = "paused", "Paused"
    DONE = "done", "Done"


class ProjectState(RedactedModel, RecallStatsMixin, NotesMixin):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="state")
    phase = models.CharField(max_length=20, choices=ProjectPhase.choices, default="active")
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text="Percent, 0-100."
    )
    summary = models.TextField(blank=True)
    blockers = text_list_field("What blocks progress.")
    next_actions = text_list_field("What to do next.")
    key_files = text_list_field("Files that matter.")

    redacted_fields = ("summary", "blockers", "next_actions", "key_files", "notes")
    list_fields = ("blockers", "next_actions", "key_files")

    class Meta(BaseModel.Meta):
        pass

    def __str__(self) -> str:
        return f"State of {self.project}"

    def recall_text(self) -> str:
        parts = [f"Phase: {self.get_phase_display()}, {self.progress}% done."]
        if self.summary:
            parts.append(self.summary)
        for label, values in (
            ("Blockers", self.blockers),
            ("Next actions", self.next_actions),
            ("Key files", self.key_files),
        ):
            if values:
                parts.append(f"{label}:\n" + "\n".join(f"- {v}" for v in values))
        return "\n".join(parts)


class DecisionType(models.TextChoices):
    TECHNICAL = "technical", "Technical"
    ARCHITECTURE = "architecture", "Architecture"
    CONFIGURATION = "configuration", "Configuration"
    SECURITY = "security", "Security"
    PROCESS = "process", "Process"
    VENDOR = "vendor", "Vendor / product"
    OTHER = "other", "Other"


class DecisionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUPERSEDED = "superseded", "Superseded"
    REVERTED = "reverted", "Reverted"


class DecisionLog(RedactedModel, RecallStatsMixin, OccurredMixin):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    session = models.ForeignKey(
        WorkSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    decision_type = models.CharField(
        max_length=20, choices=DecisionType.choices, default=DecisionType.TECHNICAL
    )
    title = models.CharField(max_length=300, blank=True, help_text="Blank: from the decision.")
    decision = models.TextField()
    rationale = models.TextField(blank=True)
    alternatives = text_list_field("Options considered and not taken.")
    impact = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.ACTIVE
    )
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    importance = importance_field()
    tags = TaggableManager(through=TaggedItem, blank=True)

    redacted_fields = ("title", "decision", "rationale", "alternatives", "impact")
    list_fields = ("alternatives",)

    class Meta(BaseModel.Meta):
        indexes = [models.Index(fields=["project", "status"], name="ctx_decision_status")]

    def __str__(self) -> str:
        return self.title or self.decision[:80]

    def clean(self) -> None:
        super().clean()
        if not self.title.strip() and self.decision:
            first = self.decision.strip().splitlines()[0]
            self.title = first[:297] + "..." if len(first) > 300 else first
        if self.superseded_by_id:
            if self.superseded_by_id == self.pk:
                raise ValidationError({"superseded_by": "A decision cannot supersede itself."})
            if self.superseded_by.project_id != self.project_id:
                raise ValidationError({"superseded_by": "Not a decision of the same project."})
            self.status = DecisionStatus.SUPERSEDED
        elif self.status == DecisionStatus.SUPERSEDED:
            raise ValidationError({"superseded_by": "Name the decision that supersedes this one."})
        if self.session_id and self.session.project_id not in (None, self.project_id):
            raise ValidationError({"session": "The session belongs to another project."})

    def recall_text(self) -> str:
        parts = [self.decision]
        if self.rationale:
            parts.append(f"Why: {self.rationale}")
        if self.alternatives:
            parts.append("Not chosen: " + "; ".join(self.alternatives))
        if self.impact:
            parts.append(f"Impact: {self.impact}")
        return "\n".join(parts)
