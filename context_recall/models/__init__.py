"""Context recall models: the memories (compressed conversation contexts, snippets,
project state and decisions) and their search documents."""

from context_recall.models.documents import RecallDocument, RecallVector
from context_recall.models.memories import (
    ContextSnippet,
    ContextType,
    ConversationContext,
    DecisionLog,
    DecisionStatus,
    DecisionType,
    OccurredMixin,
    ProjectPhase,
    ProjectState,
    RecallStatsMixin,
    RedactedModel,
    SnippetCategory,
    UnicodeJSONEncoder,
    content_hash,
    importance_field,
    text_list_field,
    validate_text_list,
)
from context_recall.models.sessions import ClaudeSession, ClaudeSessionPart

__all__ = [
    "ClaudeSession",
    "ClaudeSessionPart",
    "ContextSnippet",
    "ContextType",
    "ConversationContext",
    "DecisionLog",
    "DecisionStatus",
    "DecisionType",
    "OccurredMixin",
    "ProjectPhase",
    "ProjectState",
    "RecallDocument",
    "RecallStatsMixin",
    "RecallVector",
    "RedactedModel",
    "SnippetCategory",
    "UnicodeJSONEncoder",
    "content_hash",
    "importance_field",
    "text_list_field",
    "validate_text_list",
]
