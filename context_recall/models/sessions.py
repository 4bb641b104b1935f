"""The server's side of one Claude Code session within a project: the one memory its
saves update, the parts that memory is merged from, and which memories its prompts
have already been given."""

from __future__ import annotations

from django.db import models

from context_recall.models.memories import ConversationContext, UnicodeJSONEncoder
from msp.models.base import BaseModel
from msp.redaction import redact_data
from tracking.models import Project


class ClaudeSession(BaseModel):
    """One Claude Code session (``session_id``) in one project.

    ``context`` is the session's one memory: every Stop, PreCompact and SessionEnd
    adds a ``ClaudeSessionPart`` and the context is rebuilt from all parts in
    transcript order, so replays, spool flushes and out-of-order deliveries converge.
    ``injected`` holds the ids (by kind) of the memories handed to this session since
    its conversation last started afresh (``generation`` counts compactions and
    clears): a prompt is not given them again. Kept in the database, not in a worker's
    memory, because every gunicorn worker (and app server) answers the same session."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="claude_sessions")
    claude_session_id = models.CharField(max_length=100)
    context = models.OneToOneField(
        ConversationContext,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claude_session",
    )
    injected = models.JSONField(default=dict, blank=True)
    generation = models.PositiveIntegerField(default=0)
    # Where each transcript file of the session starts on the session's one offset line
    # (digest of its path -> base): a session continued in another file keeps its parts
    # in order instead of overlapping the first file's offsets.
    transcripts = models.JSONField(default=dict, blank=True)
    # The uuid of the first transcript entry that has one: a session forked from this one
    # (``claude --resume <id> --fork-session``) starts with a copy of the same entries,
    # uuids kept, so it starts with the same uuid.
    first_entry = models.CharField(max_length=64, blank=True, default="", db_index=True)

    class Meta(BaseModel.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["project", "claude_session_id"], name="ctx_claude_session_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Claude Code session {self.claude_session_id[:8]} ({self.project_id})"


class ClaudeSessionPart(models.Model):
    """What one save (a payload, or one chunk of it) contributed, already compressed
    and redacted: the ``summary`` of ``compression.compress_transcript`` as a dict.

    ``start`` / ``end`` are the transcript byte offsets the client read (``end`` alone
    orders parts; a part whose range lies inside another's, such as the hook saves
    under a later import of the whole file, is covered by it). ``key`` is a digest of
    the range, the entries' ids and the final message: a replay has the same key."""

    session = models.ForeignKey(ClaudeSession, on_delete=models.CASCADE, related_name="parts")
    key = models.CharField(max_length=64)
    event = models.CharField(max_length=32)
    start = models.BigIntegerField(null=True, blank=True)
    end = models.BigIntegerField()
    has_entries = models.BooleanField(default=False)
    ended_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, encoder=UnicodeJSONEncoder)
    # The uuids of the transcript entries the part was made of: what a forked session's
    # copy of this session's conversation is recognised by.
    entry_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["end", "has_entries", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "key"], name="ctx_session_part_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event} [{self.start}, {self.end}] of {self.session_id}"

    def save(self, *args, **kwargs):
        # Compression redacts what it extracts; redacting again costs little and keeps
        # this table safe whatever fills it.
        self.summary = redact_data(self.summary)
        super().save(*args, **kwargs)
