"""Writes of context recall: memories (``memories``) and Claude Code hook events
(``hooks``). The memory services are re-exported here, the module callers use most."""

from context_recall.services.memories import (
    bump_usage,
    compress_input,
    create_decision,
    save_context,
    save_snippet,
    summary_fields,
    supersede,
    upsert_project_state,
)

__all__ = [
    "bump_usage",
    "compress_input",
    "create_decision",
    "save_context",
    "save_snippet",
    "summary_fields",
    "supersede",
    "upsert_project_state",
]
